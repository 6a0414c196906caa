"""Posts: the update pages under ``posts/``.

- ``{bottom-line}`` and ``{what-it-means}``: the two admonitions every post has;
- ``{outlet}``: an outlet a bullet cites, linked to its entry on the outlets page;
- :class:`PostDomain`: what each post is (title, date, edition, bottom line, outlets), read
  from its front matter and body, kept per document so that listings, actor timelines and
  search can use it in parallel and incremental builds;
- the checks that a post has both admonitions and valid front matter (warnings, so ``-W`` fails);
- previous / next update in time, given to the page template as ``bl_post``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Set
from datetime import date, datetime
from typing import Any, ClassVar, TypedDict

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from bottomline.outlets import canonical_outlet, outlet_slug

logger = logging.getLogger(__name__)

BOTTOM_LINE = "bottom-line"
WHAT_IT_MEANS = "what-it-means"
ADMONITION_TITLES = {BOTTOM_LINE: "The bottom line", WHAT_IT_MEANS: "What it all means"}
EDITIONS = ("AM", "PM")
#: The file name every post must have, relative to the posts directory.
POST_PATH_RE = re.compile(
    r"^(?P<year>\d{4})/(?P<date>\d{4}-\d{2}-\d{2})-(?P<edition>am|pm)-[a-z0-9-]+$"
)


class PostInfo(TypedDict):
    """What the rest of the extension knows about one post."""

    title: str
    date: str  # ISO YYYY-MM-DD
    edition: str  # "AM" | "PM"
    bottom_line: str  # plain text
    outlets: list[str]  # canonical outlet names, in order of first citation
    actors: list[str]  # actor slugs from the front matter
    source_url: str


def is_post(app_or_env: Sphinx | BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is a post page (it lives under ``bottomline_posts_dir``)."""
    config = app_or_env.config
    return docname.startswith(config.bottomline_posts_dir.rstrip("/") + "/")


def sort_key(post: PostInfo) -> tuple[str, str, str]:
    """Chronological order: date, then AM before PM, then title for a stable tie-break."""
    return (post["date"], post["edition"], post["title"])


def front_matter_list(value: Any) -> list[str]:
    """A front matter list as MyST stores it in ``env.metadata`` (JSON text) or a plain string."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        parsed = value
    if isinstance(parsed, list):
        return [str(v) for v in parsed]
    return [str(parsed)]


# -- nodes, directives and roles ------------------------------------------------------------


class outlet_ref(nodes.inline):
    """An outlet citation, linked to the outlets page once every page is read."""


class PostAdmonition(SphinxDirective):
    """``{bottom-line}`` / ``{what-it-means}``: an admonition with a fixed title and class."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}
    kind: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        # "admonition" first so the HTML reads class="admonition bottom-line".
        classes = ["admonition", self.kind, *self.options.get("class", [])]
        admonition = nodes.admonition(text, classes=classes)
        self.set_source_info(admonition)
        admonition += nodes.title(ADMONITION_TITLES[self.kind], ADMONITION_TITLES[self.kind])
        admonition.extend(self.parse_content_to_nodes())
        return [admonition]


class BottomLineDirective(PostAdmonition):
    kind = BOTTOM_LINE


class WhatItMeansDirective(PostAdmonition):
    kind = WHAT_IT_MEANS


class OutletRole(SphinxRole):
    """``{outlet}`Shafaq News```: cite an outlet by any spelling of its name."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = canonical_outlet(self.text)
        node = outlet_ref(self.rawtext, name, classes=["outlet"], outlet=name)
        self.set_source_info(node)
        return [node], []


# -- the domain ------------------------------------------------------------------------------


class PostDomain(Domain):
    """Every post's metadata, by docname."""

    name = "post"
    label = "Posts"
    initial_data: ClassVar[dict[str, Any]] = {"posts": {}}
    data_version = 1

    @property
    def posts(self) -> dict[str, PostInfo]:
        return self.data["posts"]

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, info in otherdata["posts"].items():
            if docname in docnames:
                self.posts[docname] = info

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def changed_this_build(self) -> bool:
        """Whether this build read, moved or removed any post.

        The read-phase handlers below overwrite their bookkeeping in every build, so it
        always describes the current one.
        """
        return bool(self.data.get("read_this_build") or self.data.get("removed_positions"))

    def chronological(self) -> list[str]:
        """Docnames of all posts, oldest first."""
        return sorted(self.posts, key=lambda d: (*sort_key(self.posts[d]), d))

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """The posts just before and just after ``docname`` in time."""
        order = self.chronological()
        i = order.index(docname)
        return (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)


def post_domain(env: BuildEnvironment) -> PostDomain:
    domain = env.get_domain("post")
    assert isinstance(domain, PostDomain)
    return domain


# -- reading ---------------------------------------------------------------------------------


def _admonitions(doctree: nodes.document, kind: str) -> list[nodes.admonition]:
    return [n for n in doctree.findall(nodes.admonition) if kind in n["classes"]]


def _body_text(admonition: nodes.admonition) -> str:
    parts = [c.astext() for c in admonition.children if not isinstance(c, nodes.title)]
    return " ".join(" ".join(parts).split())


def _iso_date(value: str) -> str | None:
    """``2025-10-02`` (or a full ISO timestamp, whose date is taken) -> ``2025-10-02``."""
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def hide_admonition_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Keep admonition titles out of the search index.

    Sphinx indexes every ``title`` node as a page title, so every post would be a title
    match for "the bottom line"; ``no-search`` makes the indexer skip the node.
    """
    for admonition in doctree.findall(nodes.Admonition):
        for title in admonition.findall(nodes.title):
            title["classes"].append("no-search")


def collect_post(app: Sphinx, doctree: nodes.document) -> None:
    """Record a post's metadata in the domain and warn about what is missing."""
    env = app.env
    docname = env.docname
    if not is_post(app, docname):
        return
    # Posts are reached through listings, never through a toctree.
    env.metadata[docname]["orphan"] = True
    meta = env.metadata[docname]
    location = (docname, 1)

    def warn(message: str) -> None:
        logger.warning(message, location=location, type="bottomline", subtype="post")

    title = str(meta.get("title") or "").strip()
    if not title:
        title = env.titles[docname].astext() if docname in env.titles else ""
        if not title:
            warn("post has no title in its front matter")
    iso = _iso_date(str(meta.get("date", "")))
    if iso is None:
        warn(f"post front matter 'date' must be an ISO date YYYY-MM-DD, got {meta.get('date')!r}")
    edition = str(meta.get("edition", "")).strip().upper()
    if edition not in EDITIONS:
        warn(f"post front matter 'edition' must be AM or PM, got {meta.get('edition')!r}")

    relative = docname[len(app.config.bottomline_posts_dir.rstrip("/")) + 1 :]
    match = POST_PATH_RE.match(relative)
    if match is None:
        warn("post file name must be <YYYY>/<YYYY-MM-DD>-<am|pm>-<slug>.md")
    elif (
        iso
        and edition in EDITIONS
        and (
            match["date"] != iso or match["year"] != iso[:4] or match["edition"] != edition.lower()
        )
    ):
        warn(f"post file name does not match its front matter date {iso} and edition {edition}")

    bottom_lines = _admonitions(doctree, BOTTOM_LINE)
    if not bottom_lines:
        warn("post has no 'The bottom line' admonition (:::{bottom-line})")
    if not _admonitions(doctree, WHAT_IT_MEANS):
        warn("post has no 'What it all means' admonition (:::{what-it-means})")

    cited = []
    for ref in doctree.findall(outlet_ref):
        if ref["outlet"] not in cited:
            cited.append(ref["outlet"])
    for name in front_matter_list(meta.get("outlets")):
        if canonical_outlet(name) not in cited:
            cited.append(canonical_outlet(name))

    if iso is None:
        # Warned above; a post with no date has no place in time, so the listings,
        # neighbours and timelines leave it out rather than guess one.
        return
    post_domain(env).posts[docname] = PostInfo(
        title=title,
        date=iso,
        edition=edition if edition in EDITIONS else "AM",
        bottom_line=_body_text(bottom_lines[0]) if bottom_lines else "",
        outlets=cited,
        actors=front_matter_list(meta.get("actors")),
        source_url=str(meta.get("source_url", "")),
    )


# -- incremental builds ----------------------------------------------------------------------


def remember_removed_positions(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Before removed and changed posts are purged, remember where they stood in time.

    Their old neighbours must be rewritten (their previous / next links change), and after the
    purge nothing else knows where the gap is.
    """
    domain = post_domain(env)
    domain.data["removed_positions"] = [
        sort_key(domain.posts[d]) for d in (removed | changed) if d in domain.posts
    ]
    return []


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember which posts this build reads."""
    post_domain(env).data["read_this_build"] = sorted(d for d in docnames if is_post(app, d))


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-get-updated``: posts whose previous / next links changed.

    A post added, moved or removed changes the links of its neighbours, old and new; stock
    Sphinx would leave those pages stale in an incremental build.
    """
    domain = post_domain(env)
    order = domain.chronological()
    keys = [(*sort_key(domain.posts[d]), d) for d in order]
    read = set(domain.data.get("read_this_build", []))
    touched = {i for i, docname in enumerate(order) if docname in read}
    for position in domain.data.get("removed_positions", []):
        # The posts either side of the gap that a removed (or moved) post left behind.
        after = next((i for i, key in enumerate(keys) if key[:3] > tuple(position)), len(keys))
        touched.update({after - 1, after})
    neighbours = {j for i in touched for j in (i - 1, i, i + 1) if 0 <= j < len(order)}
    return sorted(order[j] for j in neighbours)


# -- writing ---------------------------------------------------------------------------------


def _link(app: Sphinx, fromdoc: str, todoc: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    return f"{uri}#{anchor}" if anchor else uri


def resolve_outlets(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Turn outlet citations into links to the outlets page, when the site has one."""
    outlets_doc = app.config.bottomline_outlets_page
    has_page = outlets_doc in app.env.all_docs
    for ref in list(doctree.findall(outlet_ref)):
        if not has_page:
            ref.replace_self(nodes.inline(ref.rawsource, ref.astext(), classes=["outlet"]))
            continue
        uri = _link(app, fromdocname, outlets_doc, "outlet-" + outlet_slug(ref["outlet"]))
        link = nodes.reference("", ref.astext(), refuri=uri, internal=True, classes=["outlet"])
        ref.replace_self(link)


def display_date(iso: str) -> str:
    """``2025-09-24`` -> ``24 September 2025``."""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d:%B %Y}"


def actor_summaries(env: BuildEnvironment, slugs: Iterable[str]) -> list[dict[str, str]]:
    """Name, kind and page of each actor slug that has a page under ``actors/``."""
    summaries = []
    for slug in slugs:
        docname = f"{env.config.bottomline_actors_dir.rstrip('/')}/{slug}"
        if docname not in env.all_docs:
            continue
        meta = env.metadata.get(docname, {})
        name = str(
            meta.get("name") or (env.titles[docname].astext() if docname in env.titles else slug)
        )
        summaries.append(
            {"slug": slug, "name": name, "kind": str(meta.get("kind", "")), "docname": docname}
        )
    return summaries


def post_context(app: Sphinx, pagename: str) -> dict[str, Any] | None:
    """What the page template shows around a post: date, edition, links, neighbours."""
    domain = post_domain(app.env)
    info = domain.posts.get(pagename)
    if info is None:
        return None

    def neighbour(docname: str | None) -> dict[str, str] | None:
        if docname is None:
            return None
        other = domain.posts[docname]
        return {
            "title": other["title"],
            "url": _link(app, pagename, docname),
            "date": display_date(other["date"]),
            "edition": other["edition"],
        }

    before, after = domain.neighbours(pagename)
    outlets_doc = app.config.bottomline_outlets_page
    has_outlets = outlets_doc in app.env.all_docs
    return {
        "date": display_date(info["date"]),
        "iso_date": info["date"],
        "edition": info["edition"],
        "actors": [
            {**summary, "url": _link(app, pagename, summary["docname"])}
            for summary in actor_summaries(app.env, info["actors"])
        ],
        "outlets": [
            {
                "name": name,
                "url": _link(app, pagename, outlets_doc, "outlet-" + outlet_slug(name))
                if has_outlets
                else "",
            }
            for name in info["outlets"]
        ],
        "previous": neighbour(before),
        "next": neighbour(after),
        "archive_url": _link(app, pagename, app.config.bottomline_archive_page)
        if app.config.bottomline_archive_page in app.env.all_docs
        else "",
    }


def add_post_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: read-only, so it is safe in parallel writer processes."""
    context["bl_post"] = post_context(app, pagename)


def iter_posts_newest_first(env: BuildEnvironment) -> Iterator[tuple[str, PostInfo]]:
    domain = post_domain(env)
    for docname in reversed(domain.chronological()):
        yield docname, domain.posts[docname]


def require_safe_myst(app: Sphinx, config: Any) -> None:
    """``config-inited``: posts need colon fences, and must never contain raw HTML.

    Enforced here rather than trusted to each ``conf.py``: MyST passes ``<script>`` through as
    raw HTML unless the HTML syntax is disabled.
    """
    enabled = list(config.myst_enable_extensions)
    if "colon_fence" not in enabled:
        config.myst_enable_extensions = [*enabled, "colon_fence"]
    disabled = list(config.myst_disable_syntax)
    config.myst_disable_syntax = [
        *disabled,
        *(s for s in ("html_block", "html_inline") if s not in disabled),
    ]


def setup_posts(app: Sphinx) -> None:
    """Register the post directives, role, domain and checks."""
    app.add_config_value("bottomline_posts_dir", "posts", "env", types=[str])
    app.add_config_value("bottomline_actors_dir", "actors", "env", types=[str])
    app.add_config_value("bottomline_outlets_page", "outlets", "env", types=[str])
    app.add_config_value("bottomline_archive_page", "archive", "env", types=[str])
    app.connect("config-inited", require_safe_myst)
    app.add_directive("bottom-line", BottomLineDirective)
    app.add_directive("what-it-means", WhatItMeansDirective)
    app.add_role("outlet", OutletRole())
    app.add_node(outlet_ref)
    app.add_domain(PostDomain)
    app.connect("doctree-read", hide_admonition_titles)
    # After Sphinx's MetadataCollector (priority 500) so that env.metadata is complete.
    app.connect("doctree-read", collect_post, priority=600)
    app.connect("env-get-outdated", remember_removed_positions)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", resolve_outlets)
    app.connect("html-page-context", add_post_context)
