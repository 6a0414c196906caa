"""Atom feeds: the whole archive, each actor, each outlet (made with feedgen).

- ``feeds/atom.xml``: the latest updates of the archive;
- ``feeds/actors/<slug>.xml``: the latest updates mentioning an actor (actors with at least
  one update);
- ``feeds/outlets/<slug>.xml``: the latest updates citing an outlet.

Each entry has the update's title, date and edition, its bottom line and "What it all
means" as escaped HTML, and its link.  Entry ids never change on rebuild (the Blogger post
id where the import kept it, else the post's docname, under a fixed tag authority: moving
the site to another address changes no id), ``updated`` is the update's edition time, never
the build time, and a feed's ``updated`` is its newest entry's.

Feeds are written at ``build-finished`` from the state layer alone (``state.derived``) plus
one per-post table this module keeps (the "What it all means" items, collected when a post
is read), so they are the same bytes on every build of the same sources, and after an
incremental build they equal a fresh one's.  Every HTML page gets ``<link rel="alternate">``
to the feeds that concern it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from feedgen.version import version_str as feedgen_version
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

from bottomline import __version__
from bottomline.formats import ADMONITION_TITLES, BOTTOM_LINE, WHAT_IT_MEANS
from bottomline.outlets import outlet_slug
from bottomline.sphinxext import state
from bottomline.sphinxext.shared import display_date
from bottomline.sphinxext.state import Derived, RecordDomain

logger = logging.getLogger(__name__)

FEEDS_DIR = "feeds"
ARCHIVE_FEED = f"{FEEDS_DIR}/atom.xml"
#: Where the actor and outlet feeds go, under ``FEEDS_DIR``.
ACTOR_FEEDS, OUTLET_FEEDS = "actors", "outlets"
#: The builders that get feeds (not epub, singlehtml or the others).
FEED_BUILDERS = ("html", "dirhtml")
#: A tag URI authority of the archive's own (RFC 4151), not the site's host: ids must not
#: change when the site moves.
TAG = "tag:bottomline-archive,2025:"
#: A post carries only its date and edition; feeds give each edition a nominal time in
#: Baghdad (UTC+3 all year), so AM sorts before PM on the same day.
EDITION_TIMES = {"AM": dt.time(7, 0), "PM": dt.time(19, 0)}
BAGHDAD = dt.timezone(dt.timedelta(hours=3))
#: Where the digest of each feed written is kept, in the doctree folder.
DIGESTS = "bottomline-feeds.pickle"
#: Bump when :func:`atom_bytes` or :func:`entry_html` change what they write.
RENDER_VERSION = 1


# -- what a post says in "What it all means" (read time) -------------------------------------


class FeedDomain(RecordDomain):
    """``meaning``: per post, the blocks of its "What it all means" as text:
    ``(("ul", (item, ...)), ("p", (paragraph,)), ...)``."""

    name = "feed"
    label = "Feeds"
    tables = ("meaning",)
    initial_data: ClassVar[dict[str, Any]] = {"meaning": {}}
    data_version = 1


def meanings(env: Any) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Every post's "What it all means" blocks, by docname."""
    return env.get_domain(FeedDomain.name).data["meaning"]


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def meaning_blocks(doctree: nodes.document) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The text of the first ``{what-it-means}`` admonition: lists as items, else paragraphs."""
    for admonition in doctree.findall(nodes.admonition):
        if WHAT_IT_MEANS not in admonition["classes"]:
            continue
        blocks = []
        for child in admonition.children:
            if isinstance(child, nodes.title):
                continue
            if isinstance(child, nodes.bullet_list | nodes.enumerated_list):
                items = tuple(t for item in child.children if (t := _text(item)))
                if items:
                    blocks.append(("ul", items))
            elif text := _text(child):
                blocks.append(("p", (text,)))
        return tuple(blocks)
    return ()


def collect_meaning(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after the post reader: keep the post's "What it all means"."""
    docname = app.env.docname
    if docname in state.posts(app.env):
        meanings(app.env)[docname] = meaning_blocks(doctree)


# -- the feeds as plain data ------------------------------------------------------------------


class Entry(NamedTuple):
    id: str
    docname: str
    title: str
    updated: dt.datetime
    edition: str
    bottom_line: str
    meaning: tuple[tuple[str, tuple[str, ...]], ...]
    categories: tuple[tuple[str, str], ...]  # (actor slug, actor name)


class Feed(NamedTuple):
    path: str  # in the output folder, e.g. ``feeds/actors/iran.xml``
    title: str
    subtitle: str
    page: str | None  # the docname of the page the feed is about (its alternate link)
    entries: tuple[Entry, ...]


def entry_id(docname: str, blogger_id: str) -> str:
    """A post's Atom id: from its Blogger post id when known, else from its docname."""
    return f"{TAG}blogger-post-{blogger_id}" if blogger_id else f"{TAG}{docname}"


def edition_time(day: dt.date, edition: str) -> dt.datetime:
    return dt.datetime.combine(day, EDITION_TIMES.get(edition, EDITION_TIMES["AM"]), BAGHDAD)


def page_feed(docname: str) -> str:
    """The feed of an actor page or an outlet page: ``feeds/<docname>.xml``."""
    return f"{FEEDS_DIR}/{docname}.xml"


def outlet_page(slug: str) -> str:
    """The docname (or page name) of an outlet's page."""
    return f"{OUTLET_FEEDS}/{slug}"


def _entries(
    view: Derived, meaning: Mapping[str, Any], posts: Iterable[str], made: dict[str, Entry]
) -> tuple[Entry, ...]:
    """The entries of ``posts``; ``made`` keeps each post's entry for the next feeds."""
    result = []
    for docname in posts:
        if docname in made:
            result.append(made[docname])
            continue
        post = view.posts[docname]
        actors = tuple(
            (view.actors[doc].slug, view.actors[doc].name) for doc in view.by_post.get(docname, {})
        )
        made[docname] = Entry(
            id=entry_id(docname, post.blogger_id),
            docname=docname,
            title=post.title,
            updated=edition_time(post.date, post.edition),
            edition=post.edition,
            bottom_line=post.bottom_line,
            meaning=meaning.get(docname, ()),
            categories=actors,
        )
        result.append(made[docname])
    return tuple(result)


def feeds_view(
    view: Derived, meaning: Mapping[str, Any], project: str, length: int, root_doc: str
) -> tuple[Feed, ...]:
    """Every feed of the site (pure): the archive's, then each actor's, then each outlet's.

    Each lists its latest ``length`` updates, newest first.  ``view.order`` holds only
    published updates, so no draft reaches a feed.
    """
    newest = tuple(reversed(view.order))
    made: dict[str, Entry] = {}
    feeds = [
        Feed(
            ARCHIVE_FEED,
            f"{project}: latest updates",
            "Every update of the archive, newest first.",
            root_doc,
            _entries(view, meaning, newest[:length], made),
        )
    ]
    for actor_doc in sorted(view.by_actor):
        actor = view.actors[actor_doc]
        posts = tuple(reversed(view.by_actor[actor_doc]))[:length]
        feeds.append(
            Feed(
                page_feed(actor_doc),
                f"{project}: {actor.display_title}",
                f"Updates mentioning {actor.display_title}, newest first.",
                actor_doc,
                _entries(view, meaning, posts, made),
            )
        )
    for outlet, posts in view.cited_by.items():
        slug = outlet_slug(outlet)
        feeds.append(
            Feed(
                f"{FEEDS_DIR}/{OUTLET_FEEDS}/{slug}.xml",
                f"{project}: citing {outlet}",
                f"Updates citing {outlet}, newest first.",
                outlet_page(slug),
                _entries(view, meaning, posts[:length], made),
            )
        )
    return tuple(feeds)


# -- writing ------------------------------------------------------------------------------------


def entry_html(entry: Entry) -> str:
    """An entry's content: date and edition, the bottom line, what it all means (escaped)."""
    parts = [
        f"<p>{escape(display_date(entry.updated.date()))}, {escape(entry.edition)} edition</p>",
        f"<p><strong>{escape(ADMONITION_TITLES[BOTTOM_LINE])}:</strong> "
        f"{escape(entry.bottom_line)}</p>",
    ]
    if entry.meaning:
        parts.append(f"<p><strong>{escape(ADMONITION_TITLES[WHAT_IT_MEANS])}</strong></p>")
        for kind, texts in entry.meaning:
            if kind == "ul":
                parts.append("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>")
            else:
                parts.extend(f"<p>{escape(t)}</p>" for t in texts)
    return "\n".join(parts)


class Links(NamedTuple):
    """How a feed links to pages: absolute under ``site_url``, else relative to the feed."""

    site_url: str
    target_uri: Any  # docname -> its URI from the output root (``builder.get_target_uri``)

    def to_page(self, feed_path: str, docname: str) -> str:
        return self.to_file(feed_path, self.target_uri(docname))

    def to_file(self, feed_path: str, path: str) -> str:
        if self.site_url:
            return self.site_url + path
        return relative_uri(feed_path, path) or path.rsplit("/", 1)[-1]


def atom_bytes(
    feed: Feed,
    links: Links,
    author: str,
    has_page: bool,
    shared_entries: dict[tuple[str, str], FeedEntry] | None = None,
) -> bytes:
    """The feed as Atom XML (deterministic: nothing here depends on the clock).

    ``shared_entries`` keeps the entries of feeds made before, by (entry id, link): one update is
    in the archive's feed and in those of each of its actors and outlets, and is made
    once for all of them (feedgen's setters were most of the feeds' cost)."""
    fg = FeedGenerator()
    fg.id(TAG + feed.path)
    fg.title(feed.title)
    fg.subtitle(feed.subtitle)
    fg.author({"name": author})
    fg.language("en")
    fg.generator("bottomline", __version__)
    fg.link(href=links.to_file(feed.path, feed.path), rel="self", type="application/atom+xml")
    if feed.page is not None and has_page:
        fg.link(href=links.to_page(feed.path, feed.page), rel="alternate", type="text/html")
    updated = max((e.updated for e in feed.entries), default=None)
    # An empty archive has no newest update; the Unix epoch says "never", not "now".
    fg.updated(updated or dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for entry in feed.entries:
        href = links.to_page(feed.path, entry.docname)
        key = (entry.id, href)
        if shared_entries is not None and key in shared_entries:
            fg.add_entry(shared_entries[key], order="append")
            continue
        fe = fg.add_entry(order="append")
        if shared_entries is not None:
            shared_entries[key] = fe
        fe.id(entry.id)
        fe.title(entry.title)
        fe.link(href=href, rel="alternate", type="text/html")
        fe.updated(entry.updated)
        fe.published(entry.updated)
        fe.summary(entry.bottom_line or entry.title)
        fe.content(entry_html(entry), type="html")
        for slug, name in entry.categories:
            fe.category(term=slug, label=name)
    return fg.atom_str(pretty=True)


def site_feeds(app: Sphinx) -> tuple[Feed, ...]:
    config = app.config
    return feeds_view(
        state.derived(app.env),
        meanings(app.env),
        config.project,
        int(config.bottomline_feed_length),
        config.root_doc,
    )


def feeds_enabled(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.name in FEED_BUILDERS


def page_file(target_uri: str) -> str:
    """The file a page's URI is served from (``x/`` is ``x/index.html``)."""
    return target_uri + "index.html" if target_uri.endswith("/") or not target_uri else target_uri


def _load_digests(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
        return found if isinstance(found, dict) else {}
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        return {}


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write every feed, and remove the actor and outlet feeds of a
    previous build that no longer have one (so an incremental output equals a fresh one).

    A feed is made again only when what it shows changed: the digest of its view and of
    every setting its XML depends on is kept in ``DIGESTS`` in the doctree folder (making
    all of them with feedgen was most of a no-op build at 1,000 updates).
    """
    if exception is not None or not feeds_enabled(app):
        return
    builder, config = app.builder, app.config
    links = Links(config.site_url or "", builder.get_target_uri)
    docs = app.env.all_docs
    author = config.author or config.project
    outdir = Path(app.outdir)
    store = Path(app.doctreedir) / DIGESTS
    before = _load_digests(store)
    # Everything the XML depends on besides the feed's view.
    settings: tuple[Any, ...] = (RENDER_VERSION, __version__, feedgen_version, links.site_url)
    settings += (builder.name, config.html_file_suffix, author)
    digests: dict[str, str] = {}
    made = 0
    entries: dict[tuple[str, str], FeedEntry] = {}
    for feed in site_feeds(app):
        target = outdir / feed.path
        # A document, or a page without a source (an outlet page) this build has written.
        has_page = feed.page is not None and (
            feed.page in docs or (outdir / page_file(builder.get_target_uri(feed.page))).is_file()
        )
        digest = hashlib.sha256(repr((settings, has_page, feed)).encode()).hexdigest()
        digests[feed.path] = digest
        if before.get(feed.path) == digest and target.is_file():
            continue
        data = atom_bytes(feed, links, author, has_page, entries)
        made += 1
        if target.is_file() and target.read_bytes() == data:
            continue  # unchanged: keep its modification time
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for folder in (ACTOR_FEEDS, OUTLET_FEEDS):
        for stale in sorted((outdir / FEEDS_DIR / folder).glob("*.xml")):
            if stale.relative_to(outdir).as_posix() not in digests:
                stale.unlink()
    store.parent.mkdir(parents=True, exist_ok=True)
    with store.open("wb") as handle:
        pickle.dump(digests, handle, pickle.HIGHEST_PROTOCOL)
    logger.info("bottomline: %d Atom feeds, %d made again", len(digests), made)


# -- links in pages ---------------------------------------------------------------------------


class feed_ref(nodes.inline):
    """A visible link to a feed file, made relative to its page at ``doctree-resolved``."""


class FeedRole(SphinxRole):
    """``{feed}`Subscribe (Atom)```: a link to the archive's feed."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = feed_ref(self.rawtext, self.text, classes=["bl-feed-link"], feed=ARCHIVE_FEED)
        self.set_source_info(node)
        return [node], []


def feed_link(app: Sphinx, docname: str, feed_path: str, text: str) -> nodes.reference:
    """A reference from ``docname`` to the feed file ``feed_path`` (in the output root)."""
    href = relative_uri(app.builder.get_target_uri(docname), feed_path)
    return nodes.reference(
        text, text, refuri=href, classes=["bl-feed-link"], type="application/atom+xml"
    )


def resolve_feed_refs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for ref in list(doctree.findall(feed_ref)):
        ref.replace_self(feed_link(app, docname, ref["feed"], ref.astext()))


def page_feeds(view: Derived, pagename: str, project: str) -> tuple[tuple[str, str], ...]:
    """The feeds that concern a page, as (feed path, title): the archive's for every page,
    an actor's on its page and on the posts naming it in their front matter, an outlet's on
    its page."""
    found = [(ARCHIVE_FEED, f"{project}: latest updates")]
    actor_docs: list[str] = []
    if pagename in view.actors:
        actor_docs.append(pagename)
    elif pagename in view.posts:
        # The front matter's actors, as the post header shows them.
        for slug in view.posts[pagename].actors:
            doc = view.lookup(slug)
            if doc is not None and doc not in actor_docs:
                actor_docs.append(doc)
    for doc in actor_docs:
        if doc in view.by_actor:
            found.append((page_feed(doc), f"{project}: {view.actors[doc].display_title}"))
    prefix = OUTLET_FEEDS + "/"
    if pagename.startswith(prefix):
        slug = pagename[len(prefix) :]
        for outlet in view.cited_by:
            if outlet_slug(outlet) == slug:
                found.append((page_feed(pagename), f"{project}: citing {outlet}"))
                break
    return tuple(found)


def add_feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: ``<link rel="alternate" type="application/atom+xml">`` in the
    head of every page for each feed that concerns it."""
    if not feeds_enabled(app):
        return
    site_url = app.config.site_url or ""
    tags = []
    for path, title in page_feeds(state.derived(app.env), pagename, app.config.project):
        href = site_url + path if site_url else context["pathto"](path, 1)
        tags.append(
            f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
            f'href="{escape(href)}" />'
        )
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def setup_feeds(app: Sphinx) -> None:
    """Register the feed table, the reader of "What it all means", the ``{feed}`` role and
    the feed writer."""
    app.add_config_value("bottomline_feed_length", 50, "html", types=[int])
    app.add_domain(FeedDomain)
    # After the post reader (600): the post's record exists.
    app.connect("doctree-read", collect_meaning, priority=650)
    app.add_role("feed", FeedRole())
    app.add_node(feed_ref)
    app.connect("doctree-resolved", resolve_feed_refs)
    app.connect("html-page-context", add_feed_links)
    app.connect("build-finished", write_feeds)
