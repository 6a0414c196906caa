"""Small helpers every feature module shares: the placeholder node, links, badges, dates,
warnings, and the one place the extension's templates and assets are added."""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from html import escape
from pathlib import Path
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from bottomline.formats import EDITION_COLOURS, actor_kind

logger = logging.getLogger("bottomline")

PACKAGE_DIR = Path(__file__).parent
#: The scripts and stylesheets, as parts: a build joins them into the files pages load.
ASSETS_DIR = PACKAGE_DIR / "assets"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


#: The class Sphinx's search indexer skips a node for (with everything in it).
NO_SEARCH = "no-search"


def warn(message: str, docname: str, line: int | None = 1, subtype: str = "post") -> None:
    """A build warning at ``docname``'s file and line (``-W`` makes it an error)."""
    logger.warning(message, location=(docname, line), type="bottomline", subtype=subtype)


# -- generated parts --------------------------------------------------------------------


class placeholder(nodes.General, nodes.Element):
    """Where a generated part goes: ``kind`` says which, filled at ``doctree-resolved``."""


def skip_node(self: Any, node: nodes.Element) -> None:
    # A placeholder no handler filled (a builder without doctree-resolved) prints nothing.
    raise nodes.SkipNode


class Part(NamedTuple):
    """A generated part: a pure view of the state, and a renderer of that view to nodes.

    ``view(derived, docname, options)`` returns a hashable value that is everything the
    part shows; ``render(app, docname, view)`` turns it into nodes.  The planner compares
    views to know which pages to rewrite, so a renderer may use nothing but its view.
    """

    view: Callable[[Any, str, Mapping[str, Any]], Any]
    render: Callable[[Sphinx, str, Any], list[nodes.Node]]


def make_placeholder(kind: str, **options: Any) -> placeholder:
    return placeholder(kind=kind, options=dict(options))


def fill_placeholders(
    app: Sphinx, doctree: nodes.document, docname: str, parts: Mapping[str, Part], derived: Any
) -> None:
    """Replace every placeholder of ``doctree`` with its part, rendered from its view."""
    for node in list(doctree.findall(placeholder)):
        kind = node["kind"]
        if kind not in parts:
            raise KeyError(f"no generated part is called {kind!r} (known: {', '.join(parts)})")
        part = parts[kind]
        node.replace_self(part.render(app, docname, part.view(derived, docname, node["options"])))


# -- building blocks --------------------------------------------------------------------


def display_date(day: date) -> str:
    """``2025-09-24`` -> ``24 September 2025``."""
    return f"{day.day} {day:%B %Y}"


def text_node(text: str, *classes: str) -> nodes.inline:
    return nodes.inline(text, text, classes=list(classes))


def html_paragraph(html: str, *classes: str) -> nodes.paragraph:
    """A paragraph of ready HTML (every text in it escaped by the caller): three nodes
    where the same paragraph as nodes would be dozens, for the parts every page shows."""
    return nodes.paragraph("", "", nodes.raw("", html, format="html"), classes=list(classes))


def uri(builder: Builder, fromdoc: str, todoc: str, anchor: str = "") -> str:
    """The relative URI from ``fromdoc`` to ``todoc`` (and ``anchor`` on it)."""
    target = builder.get_relative_uri(fromdoc, todoc)
    return f"{target}#{anchor}" if anchor else target


def link(builder: Builder, fromdoc: str, todoc: str, text: str, *classes: str) -> nodes.reference:
    """A reference from ``fromdoc`` to ``todoc`` showing ``text``."""
    target = uri(builder, fromdoc, todoc)
    return nodes.reference(text, text, refuri=target, internal=True, classes=list(classes))


def sd_badge(text: str, colour: str, *classes: str) -> nodes.inline:
    """A sphinx-design badge (the node ``{bdg-<colour>}`` makes)."""
    badge = ["sd-sphinx-override", "sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}"]
    return nodes.inline(text, text, classes=[*badge, *classes])


def edition_badge(edition: str) -> nodes.inline:
    """AM and PM in different colours."""
    return sd_badge(edition, EDITION_COLOURS.get(edition, "secondary"), "bl-edition")


def kind_badge(kind: str) -> nodes.inline:
    """An actor's kind, as its badge text and colour."""
    shown = actor_kind(kind)
    return sd_badge(shown.singular, shown.colour, "bl-actor-kind")


class Generated(NamedTuple):
    """A page with no source (:mod:`.pages`): its docname, its view, and its renderer
    ``render(builder, docname, view) -> (title, body HTML)``, which uses nothing else."""

    docname: str
    view: Any
    render: Callable[[Builder, str, Any], tuple[str, str]]


def edition_badge_html(edition: str) -> str:
    """The HTML of :func:`edition_badge`."""
    colour = escape(EDITION_COLOURS.get(edition, "secondary"))
    return (
        f'<span class="sd-sphinx-override sd-badge sd-bg-{colour} sd-bg-text-{colour} '
        f'bl-edition">{escape(edition)}</span>'
    )


def post_list(
    builder: Builder,
    fromdoc: str,
    lines: Iterable[Any],
    *classes: str,
    sentences: Iterable[str] | None = None,
    sentence_class: str = "bl-actor-sentence",
) -> nodes.raw:
    """A long list of posts (``PostLine``s): ``24 September 2025 [AM] Title`` per item,
    with the sentence that mentions something under it when ``sentences`` gives one.

    Written as HTML directly, every text escaped: the lists of every post are the largest
    things a build renders, and as docutils nodes they cost ten nodes a line.  A list is
    marked ``no-search``: it repeats what the posts say, and a query should find the posts.
    """
    html = post_list_html(
        builder, fromdoc, lines, *classes, sentences=sentences, sentence_class=sentence_class
    )
    return nodes.raw("", html, format="html", classes=[NO_SEARCH])


def post_list_html(
    builder: Builder,
    fromdoc: str,
    lines: Iterable[Any],
    *classes: str,
    sentences: Iterable[str] | None = None,
    sentence_class: str = "bl-actor-sentence",
) -> str:
    """The HTML of :func:`post_list` (also for pages that have no doctree)."""
    from_uri = builder.get_target_uri(fromdoc)
    items = []
    for line, sentence in zip(lines, sentences or itertools.repeat(""), strict=False):
        href = relative_uri(from_uri, builder.get_target_uri(line.docname))
        item = (
            f'<li><p class="bl-post-line"><span class="bl-date">'
            f"{escape(display_date(line.date))}</span> {edition_badge_html(line.edition)} "
            f'<a class="reference internal bl-post-link" href="{escape(href)}">'
            f"{escape(line.title)}</a></p>"
        )
        if sentence:
            item += f'<p class="{escape(sentence_class)}">{escape(sentence)}</p>'
        items.append(item + "</li>")
    css = " ".join(["simple", *classes])
    return f'<ul class="{escape(css)}">\n' + "\n".join(items) + "\n</ul>\n"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- the process ---------------------------------------------------------------------------


def freeze_heap(app: Sphinx, *args: Any) -> None:
    """``env-before-read-docs`` and ``write-started``: exempt what the build holds so far
    from garbage collection.

    A build holds a whole environment and, after a serial read, every doctree; each full
    collection walks all of it, and in the processes ``-j`` forks it also writes to every
    page of memory the parent shared.  Frozen, those objects are left alone: frozen before
    reading, the reading of one changed page with ``-j`` takes a third of the time; frozen
    again before writing, the collections while writing walk only what writing made (they
    were a tenth of a full build).  What is frozen is never collected, only freed when
    nothing refers to it: :func:`release_doctree` takes each written doctree apart so it is
    freed at once, and :func:`thaw_heap` undoes the freezing when the build is done.
    """
    gc.freeze()


class ReadPages:
    """Reading: every few pages, collect and freeze what the build holds.

    A serial read keeps every doctree it made (Sphinx writes from them), so the heap grows
    page by page, and each full collection walks all of it again: at 3,000 updates single
    collections took over a second (BENCHMARKS.md).  Collected and frozen every
    :data:`EVERY` pages, a collection walks only what the last pages made.  It runs at
    ``source-read``, before the next page is parsed: the pages read before are garbage or
    kept, nothing of a half-read page is frozen with them.
    """

    #: Pages read between two freezes.
    EVERY = 32

    def __init__(self) -> None:
        self.read = 0

    def note(self, app: Sphinx, docname: str, source: list[str]) -> None:
        """``source-read``: collect and freeze every :data:`EVERY` pages."""
        self.read += 1
        if self.read % self.EVERY == 0:
            gc.collect()
            gc.freeze()


def release_doctree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``, last: take the written page's doctree apart.

    Nothing uses a doctree after its page's context (Sphinx renders the template from the
    context's strings).  Its nodes refer to each other (parent, children, document), so
    once frozen (:func:`freeze_heap`) they would stay in memory to the end of the build;
    without those references each is freed as soon as it is dropped.
    """
    if doctree is not None:
        take_apart(doctree)


def take_apart(tree: nodes.Node) -> None:
    """Drop every reference a tree's nodes hold (a second time does nothing)."""
    if not tree.__dict__:
        return
    for node in list(tree.findall()):
        node.__dict__.clear()


def release_merged_env(app: Sphinx, env: Any, docnames: Iterable[str], other: Any) -> None:
    """``env-merge-info``, last: take apart what a ``-j`` reader sent back, once merged.

    A reader process returns its whole environment: the pages it read, and a copy of all
    the main process had merged before it was forked.  Once merged, the copies are
    garbage only a full collection frees (their titles and tables of contents are node
    trees, so cycles), and every full collection walks them: a third of the main
    process's time while reading 1,000 updates.  Taken apart, they are freed at once, and
    what the main process holds is frozen again (:func:`freeze_heap`).  The pages this
    reader read are left alone: the main environment took them over.
    """
    read = set(docnames)
    for table in (other.tocs, other.titles, other.longtitles):
        for docname, tree in table.items():
            if docname not in read:
                take_apart(tree)
    other.__dict__.clear()
    gc.freeze()


class HandedDoctrees:
    """The main process of a ``-j`` write: the doctrees it resolved for the writers.

    Sphinx resolves and indexes every page in the main process, then forks a writer per
    chunk of pages; the main process keeps its own copy of each doctree until that chunk
    is done, and then it is a cycle only a full collection frees.  Those collections walk
    every doctree not yet written, again and again: they were half of the main process's
    time while writing (BENCHMARKS.md).  So every few pages the main process freezes what
    it holds, and takes apart each doctree whose HTML file has changed since the page was
    resolved: a writer has written it, from its own copy made when it was forked.  The
    main process never takes apart a page before it is written; a page whose file does
    not change (a file system without fine times) is only kept to the end of the build.
    """

    #: Pages resolved between two freezes (and looks for written pages).
    EVERY = 16

    def __init__(self) -> None:
        self.active = False
        self.pid = 0
        self.resolved = 0
        # (doctree, its HTML file, that file's (mtime, size) when the page was resolved)
        self.pending: list[tuple[nodes.document, str, tuple[int, int] | None]] = []

    def start(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: only a parallel HTML write hands doctrees over."""
        self.active = builder.parallel_ok and hasattr(builder, "get_outfilename")
        self.pid = os.getpid()
        self.resolved = 0
        self.pending = []

    def note(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``, last: keep the page until its HTML is written."""
        if not self.active or os.getpid() != self.pid:
            return
        path = app.builder.get_outfilename(docname)  # type: ignore[attr-defined]
        self.pending.append((doctree, path, _file_state(path)))
        self.resolved += 1
        if self.resolved % self.EVERY == 0:
            self.release_written()
            gc.freeze()

    def release_written(self) -> None:
        """Take apart every doctree whose HTML file has changed since it was resolved."""
        waiting = []
        for doctree, path, before in self.pending:
            if not doctree.__dict__:  # written in this process and released already
                continue
            if _file_state(path) != before:
                take_apart(doctree)
            else:
                waiting.append((doctree, path, before))
        self.pending = waiting

    def stop(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``: the writers are done; the rest goes with the thawed heap."""
        self.active = False
        self.pending = []


def _file_state(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def thaw_heap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: collect normally again (many builds may share one process)."""
    gc.unfreeze()


# -- shipping the UI ---------------------------------------------------------------------


def add_package_paths(app: Sphinx, config: Config) -> None:
    """``config-inited``: the extension's templates, from the package.

    At config-inited, not builder-inited, so the pickled config and the next run's agree
    (no spurious "configuration has changed"); a new list, never the default mutated.
    """
    if str(TEMPLATES_DIR) not in map(str, config.templates_path):
        config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]


def write_asset(builder: Builder, name: str, parts: Iterable[str]) -> str:
    """Write ``_static/<name>``: the ``parts`` (files of ``assets/``) joined in order; returns
    ``name``, for ``add_js_file`` or ``add_css_file``.

    One file, not one per part: Sphinx links and checksums every asset on every page it
    writes (at thousands of pages, eleven files cost seconds).  Called at
    ``builder-inited``, before Sphinx copies its static files and writes the first page
    (the checksum reads the file); rewritten only when its text changed, so an unchanged
    build leaves it, and the pages linking it, alone.
    """
    # Each part is a classic script in its own strict-mode function (or a stylesheet):
    # joined, they behave as when loaded one after another.  The comment says which is which.
    text = "".join(
        f"/* {part} */\n{(ASSETS_DIR / part).read_text(encoding='utf-8')}\n" for part in parts
    )
    target = Path(builder.outdir) / "_static" / name
    try:
        unchanged = target.read_text(encoding="utf-8") == text
    except OSError:
        unchanged = False
    if not unchanged:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return name
