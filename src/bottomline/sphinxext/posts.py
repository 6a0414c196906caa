"""Posts: the update pages under ``posts/``.

- ``{bottom-line}`` and ``{what-it-means}``: the two admonitions every post has;
- ``{outlet}``: an outlet a bullet cites, linked to its entry on the outlets page;
- reading: a :class:`~bottomline.records.PostRecord` per post, from its front matter
  (:func:`bottomline.records.parse_post_meta`) and body, with a warning per problem;
- the post header (date, edition, actors, outlets) and previous / next update, given to
  the package's templates as ``bl_post`` from two pure views.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from bottomline.formats import (
    ADMONITION_TITLES,
    BOTTOM_LINE,
    EDITION_COLOURS,
    POSTS_DIR,
    WHAT_IT_MEANS,
    actor_kind,
    post_relative,
)
from bottomline.outlets import canonical_outlet, outlet_slug
from bottomline.records import parse_post_meta, with_body
from bottomline.sphinxext import state
from bottomline.sphinxext.shared import NO_SEARCH, display_date, uri, warn
from bottomline.sphinxext.state import Derived, PostLine, post_line
from bottomline.text import name_key


def is_post(config: Any, docname: str) -> bool:
    """Whether ``docname`` is a post page (it lives under ``bottomline_posts_dir``)."""
    return post_relative(docname, config.bottomline_posts_dir) is not None


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
        title = ADMONITION_TITLES[self.kind]
        # no-search: Sphinx indexes every title as a page title, and every post would be a
        # title match for "the bottom line".
        admonition += nodes.title(title, title, classes=[NO_SEARCH])
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
        state.outlet_citers(self.env)[self.env.docname] = True
        return [node], []


# -- reading ---------------------------------------------------------------------------------


def _admonitions(doctree: nodes.document, kind: str) -> list[nodes.admonition]:
    return [n for n in doctree.findall(nodes.admonition) if kind in n["classes"]]


def _body_text(admonition: nodes.admonition) -> str:
    parts = [c.astext() for c in admonition.children if not isinstance(c, nodes.title)]
    return " ".join(" ".join(parts).split())


def hide_admonition_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Keep every admonition title (stock ones too) out of the search index's titles."""
    for admonition in doctree.findall(nodes.Admonition):
        for title in admonition.findall(nodes.title):
            if NO_SEARCH not in title["classes"]:
                title["classes"].append(NO_SEARCH)


def collect_post(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the post's record, and a warning for each problem."""
    env = app.env
    docname = env.docname
    if not is_post(app.config, docname):
        return
    # Posts are reached through listings, never through a toctree.
    env.metadata[docname]["orphan"] = True
    fallback = env.titles[docname].astext() if docname in env.titles else ""
    record, problems = parse_post_meta(
        env.metadata[docname],
        docname,
        posts_dir=app.config.bottomline_posts_dir,
        fallback_title=fallback,
    )
    bottom_lines = _admonitions(doctree, BOTTOM_LINE)
    if not bottom_lines:
        problems.append("post has no 'The bottom line' admonition (:::{bottom-line})")
    if not _admonitions(doctree, WHAT_IT_MEANS):
        problems.append("post has no 'What it all means' admonition (:::{what-it-means})")
    for problem in problems:
        warn(problem, docname)
    if record is None:
        # A post with no date has no place in time: the listings, neighbours and
        # timelines leave it out rather than guess one.
        return
    cited = tuple(dict.fromkeys(ref["outlet"] for ref in doctree.findall(outlet_ref)))
    bottom_line = _body_text(bottom_lines[0]) if bottom_lines else ""
    state.posts(env)[docname] = with_body(record, outlets=cited, bottom_line=bottom_line)


# -- views -----------------------------------------------------------------------------------


class HeaderActor(NamedTuple):
    docname: str
    name: str
    kind: str


class HeaderView(NamedTuple):
    """What a post's header shows."""

    date: Any
    edition: str
    actors: tuple[HeaderActor, ...]
    outlets: tuple[str, ...]
    outlets_page: str | None


def header_view(view: Derived, docname: str) -> HeaderView | None:
    """The post's date, edition, the actors its front matter names, the outlets it cites."""
    post = view.posts.get(docname)
    if post is None:
        return None
    shown = []
    for slug in post.actors:
        actor_doc = view.index.get(name_key(slug))
        if actor_doc is not None:
            actor = view.actors[actor_doc]
            shown.append(HeaderActor(actor_doc, actor.name, actor.kind))
    outlets_page = view.settings.outlets_page
    return HeaderView(post.date, post.edition, tuple(shown), post.outlets, outlets_page)


class NavView(NamedTuple):
    """The links under a post: previous and next update in time, the archive."""

    previous: PostLine | None
    next: PostLine | None
    archive_page: str | None


def nav_view(view: Derived, docname: str) -> NavView | None:
    if docname not in view.position:
        return None
    before, after = view.neighbours(docname)
    return NavView(
        post_line(view, before) if before else None,
        post_line(view, after) if after else None,
        view.settings.archive_page,
    )


def outlet_refs_view(view: Derived, docname: str) -> str | None:
    """Where a page's outlet citations link: the outlets page, when there is one."""
    return view.settings.outlets_page


# -- writing ---------------------------------------------------------------------------------


def resolve_outlets(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Turn outlet citations into links to the outlets page, when the site has one."""
    outlets_doc = outlet_refs_view(state.derived(app.env), fromdocname)
    for ref in list(doctree.findall(outlet_ref)):
        if outlets_doc is None:
            ref.replace_self(nodes.inline(ref.rawsource, ref.astext(), classes=["outlet"]))
            continue
        target = uri(app.builder, fromdocname, outlets_doc, "outlet-" + outlet_slug(ref["outlet"]))
        link = nodes.reference("", ref.astext(), refuri=target, internal=True, classes=["outlet"])
        ref.replace_self(link)


def _line_context(app: Sphinx, pagename: str, line: PostLine | None) -> dict[str, str] | None:
    if line is None:
        return None
    return {
        "title": line.title,
        "url": uri(app.builder, pagename, line.docname),
        "date": display_date(line.date),
        "edition": line.edition,
    }


def post_context(app: Sphinx, pagename: str) -> dict[str, Any] | None:
    """What the post templates show: rendered from the header and navigation views only."""
    view = state.derived(app.env)
    header, nav = header_view(view, pagename), nav_view(view, pagename)
    if header is None or nav is None:
        return None
    outlets_page = header.outlets_page
    return {
        "date": display_date(header.date),
        "iso_date": header.date.isoformat(),
        "edition": header.edition,
        "edition_colour": EDITION_COLOURS.get(header.edition, "secondary"),
        "actors": [
            {
                "name": actor.name,
                "kind": actor.kind,
                "kind_label": actor_kind(actor.kind).singular,
                "url": uri(app.builder, pagename, actor.docname),
            }
            for actor in header.actors
        ],
        "outlets": [
            {
                "name": name,
                "url": uri(app.builder, pagename, outlets_page, "outlet-" + outlet_slug(name))
                if outlets_page
                else "",
            }
            for name in header.outlets
        ],
        "previous": _line_context(app, pagename, nav.previous),
        "next": _line_context(app, pagename, nav.next),
        "archive_url": uri(app.builder, pagename, nav.archive_page) if nav.archive_page else "",
    }


def add_post_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: read-only, so it is safe in parallel writer processes."""
    context["bl_post"] = post_context(app, pagename)


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
    """Register the post directives, the outlet role and the post reader."""
    app.add_config_value("bottomline_posts_dir", POSTS_DIR, "env", types=[str])
    app.add_config_value("bottomline_outlets_page", "outlets", "env", types=[str])
    app.add_config_value("bottomline_archive_page", "archive", "env", types=[str])
    app.connect("config-inited", require_safe_myst)
    app.add_directive("bottom-line", BottomLineDirective)
    app.add_directive("what-it-means", WhatItMeansDirective)
    app.add_role("outlet", OutletRole())
    app.add_node(outlet_ref)
    app.connect("doctree-read", hide_admonition_titles)
    # After Sphinx's MetadataCollector and TitleCollector (priority 500): both complete.
    app.connect("doctree-read", collect_post, priority=600)
    app.connect("doctree-resolved", resolve_outlets)
    app.connect("html-page-context", add_post_context)
