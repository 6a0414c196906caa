"""Posts: the update pages under ``posts/``.

- ``{bottom-line}`` and ``{what-it-means}``: the two admonitions every post has;
- ``{outlet}``: an outlet a bullet cites, linked to its entry on the outlets page;
- reading: a :class:`~bottomline.records.PostRecord` per post, from its front matter
  (:func:`bottomline.records.parse_post_meta`) and body, with a warning per problem;
- the post layout: the title, then date and edition (and the draft banner), then the
  bottom line; actors and outlets in one line at the end, then the related updates
  (:mod:`.related`): three parts placed when the post is read;
- previous / next update, given to the package's ``post-nav.html`` as ``bl_post``.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from bottomline.formats import (
    ADMONITION_TITLES,
    BOTTOM_LINE,
    POSTS_DIR,
    WHAT_IT_MEANS,
    actor_kind,
    outlet_page,
    post_relative,
)
from bottomline.outlets import canonical_outlet, outlet_slug
from bottomline.records import Citation, parse_post_meta, with_body
from bottomline.sphinxext import related, state
from bottomline.sphinxext.shared import (
    NO_SEARCH,
    Part,
    display_date,
    edition_badge_html,
    html_paragraph,
    make_placeholder,
    uri,
    warn,
)
from bottomline.sphinxext.state import Derived, PostLine, post_line
from bottomline.text import name_key, normalise_space

POST_META, POST_TAGS = "post-meta", "post-tags"


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
        spelling = normalise_space(self.text)
        node = outlet_ref(self.rawtext, name, classes=["outlet"], outlet=name, spelling=spelling)
        self.set_source_info(node)
        citers = state.outlet_citers(self.env)
        cited = citers.get(self.env.docname, ())
        if name not in cited:
            citers[self.env.docname] = (*cited, name)
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
    refs = list(doctree.findall(outlet_ref))
    cited = tuple(dict.fromkeys(ref["outlet"] for ref in refs))
    bottom_line = _body_text(bottom_lines[0]) if bottom_lines else ""
    citations = tuple(Citation(r["outlet"], r["spelling"], _bullet_text(r)) for r in refs)
    state.posts(env)[docname] = with_body(
        record,
        outlets=cited,
        bottom_line=bottom_line,
        citations=citations,
    )
    _place_parts(env, docname, doctree)


def _bullet_text(ref: outlet_ref) -> str:
    """The text of the bullet (or paragraph) an outlet citation is in, without sub-bullets."""
    node: nodes.Node | None = ref
    while node is not None and not isinstance(node, nodes.list_item | nodes.paragraph):
        node = node.parent
    if isinstance(node, nodes.list_item):
        node = next((c for c in node.children if isinstance(c, nodes.paragraph)), node)
    return " ".join((node or ref).astext().split())


def _place_parts(env: Any, docname: str, doctree: nodes.document) -> None:
    """The post layout: date and edition under the title; actors, outlets and the related
    updates at the end.  Placeholders now, filled from their views when the page is written."""
    section = doctree.next_node(nodes.section)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    section.insert(1, make_placeholder(POST_META))
    section += make_placeholder(POST_TAGS)
    section += make_placeholder(related.RELATED)
    for kind in (POST_META, POST_TAGS, related.RELATED):
        state.add_part(env, docname, kind)


# -- views -----------------------------------------------------------------------------------


class MetaView(NamedTuple):
    """What stands under a post's title: its date and edition, and whether it is a draft."""

    date: Any
    edition: str
    draft: bool


def meta_view(view: Derived, docname: str, options: Mapping[str, Any]) -> MetaView | None:
    post = view.posts.get(docname)
    return MetaView(post.date, post.edition, post.draft) if post is not None else None


class TagActor(NamedTuple):
    docname: str
    name: str
    kind: str


class TagsView(NamedTuple):
    """The line at the end of a post: the actors its front matter names, the outlets it
    cites (each with the page it links to, if any)."""

    actors: tuple[TagActor, ...]
    outlets: tuple[tuple[str, str | None, str], ...]  # (name, docname, anchor)


def outlet_target(view: Derived, name: str) -> tuple[str | None, str]:
    """Where a citation of outlet ``name`` links: (its outlet page, no anchor).

    A draft may cite an outlet no published post cites: that outlet has no page yet.
    """
    slug = outlet_slug(name)
    return (outlet_page(slug), "") if slug in view.outlet_names else (None, "")


def tags_view(view: Derived, docname: str, options: Mapping[str, Any]) -> TagsView | None:
    post = view.posts.get(docname)
    if post is None:
        return None
    shown = []
    for slug in post.actors:
        actor_doc = view.index.get(name_key(slug))
        if actor_doc is not None:
            actor = view.actors[actor_doc]
            shown.append(TagActor(actor_doc, actor.name, actor.kind))
    outlets = tuple((name, *outlet_target(view, name)) for name in post.outlets)
    return TagsView(tuple(shown), outlets)


class NavView(NamedTuple):
    """The links under a post: previous and next update in time, the archive."""

    previous: PostLine | None
    next: PostLine | None
    archive_page: str | None


def nav_view(view: Derived, docname: str) -> NavView | None:
    if docname not in view.posts:
        return None
    if docname not in view.position:  # a draft: no place in time
        return NavView(None, None, view.settings.archive_page)
    before, after = view.neighbours(docname)
    return NavView(
        post_line(view, before) if before else None,
        post_line(view, after) if after else None,
        view.settings.archive_page,
    )


def outlet_refs_view(
    view: Derived, docname: str, cited: tuple[str, ...]
) -> tuple[tuple[str, str | None], ...]:
    """Where a page's outlet citations link: each outlet it cites and its page (or None)."""
    return tuple((name, outlet_target(view, name)[0]) for name in cited)


# -- renderers -------------------------------------------------------------------------------


def render_meta(app: Sphinx, docname: str, meta: MetaView | None) -> list[nodes.Node]:
    if meta is None:
        return []
    result: list[nodes.Node] = []
    if meta.draft:
        text = "Draft: this update is not published. Only the preview shows it."
        result.append(nodes.paragraph(text, text, classes=["bl-draft-banner", NO_SEARCH]))
    html = (
        f'<p class="bl-post-meta"><time class="bl-date" datetime="{meta.date.isoformat()}">'
        f"{escape(display_date(meta.date))}</time> {edition_badge_html(meta.edition)}</p>\n"
    )
    result.append(nodes.raw("", html, format="html", classes=[NO_SEARCH]))
    return result


def render_tags(app: Sphinx, docname: str, tags: TagsView | None) -> list[nodes.Node]:
    """``Actors: A, B · Outlets: C, D`` under a post, as links to their pages.

    Written as HTML in one paragraph, with the elements and classes the HTML writer wrote
    for the nodes (only its escaping differs: ``'`` is escaped too): on every post, as
    nodes it was sixty of them, each made, resolved and written again per page.
    """
    if tags is None or not (tags.actors or tags.outlets):
        return []
    groups = []
    for label, css, items in (
        (
            "Actors",
            "bl-actor-link",
            [(a.name, a.docname, "", actor_kind(a.kind).singular) for a in tags.actors],
        ),
        ("Outlets", "bl-outlet-link", [(n, doc, anchor, "") for n, doc, anchor in tags.outlets]),
    ):
        if not items:
            continue
        links = []
        for name, target, anchor, title in items:
            if target is None:
                links.append(escape(name))
                continue
            href = escape(uri(app.builder, docname, target, anchor))
            title_attr = f' title="{escape(title)}"' if title else ""
            links.append(
                f'<a class="{css} reference internal" href="{href}"{title_attr}>{escape(name)}</a>'
            )
        groups.append(f'<span class="bl-label">{label}: </span>' + ", ".join(links))
    html = '<span class="bl-sep"> · </span>'.join(groups)
    return [html_paragraph(html, "bl-post-tags", NO_SEARCH)]


PARTS = {POST_META: Part(meta_view, render_meta), POST_TAGS: Part(tags_view, render_tags)}


# -- writing ---------------------------------------------------------------------------------


def visit_outlet_ref_html(self: Any, node: outlet_ref) -> None:
    """An outlet citation, written as a link to its outlet page when the site has one.

    Here, not at ``doctree-resolved``: with ``-j`` the HTML is written in the worker
    processes, while Sphinx resolves every page in the main one.
    """
    builder = self.builder
    todoc, anchor = outlet_target(state.derived(builder.env), node["outlet"])
    if todoc is None:
        self.body.append('<span class="outlet">')
        self.context.append("</span>")
        return
    href = uri(builder, builder.current_docname, todoc, anchor)
    self.body.append(f'<a class="outlet reference internal" href="{escape(href)}">')
    self.context.append("</a>")


def depart_outlet_ref_html(self: Any, node: outlet_ref) -> None:
    self.body.append(self.context.pop())


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
    """What ``post-nav.html`` shows: rendered from the navigation view only."""
    nav = nav_view(state.derived(app.env), pagename)
    if nav is None:
        return None
    return {
        "previous": _line_context(app, pagename, nav.previous),
        "next": _line_context(app, pagename, nav.next),
        "archive_url": uri(app.builder, pagename, nav.archive_page) if nav.archive_page else "",
    }


def add_post_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: read-only, so it is safe in parallel writer processes."""
    context["bl_post"] = post_context(app, pagename)


def require_colon_fence(app: Sphinx, config: Any) -> None:
    """``config-inited``: post pages are written with colon fences, whatever ``conf.py`` says.

    (Raw HTML is turned off in ``safety.py``.)
    """
    enabled = list(config.myst_enable_extensions)
    if "colon_fence" not in enabled:
        config.myst_enable_extensions = [*enabled, "colon_fence"]


def setup_posts(app: Sphinx) -> None:
    """Register the post directives, the outlet role and the post reader."""
    app.add_config_value("bottomline_posts_dir", POSTS_DIR, "env", types=[str])
    app.add_config_value("bottomline_outlets_page", "outlets", "env", types=[str])
    app.add_config_value("bottomline_archive_page", "archive", "env", types=[str])
    app.connect("config-inited", require_colon_fence)
    app.add_directive("bottom-line", BottomLineDirective)
    app.add_directive("what-it-means", WhatItMeansDirective)
    app.add_role("outlet", OutletRole())
    # Other writers write it as the inline it is.
    app.add_node(outlet_ref, html=(visit_outlet_ref_html, depart_outlet_ref_html))
    app.connect("doctree-read", hide_admonition_titles)
    # After Sphinx's MetadataCollector and TitleCollector (priority 500): both complete.
    app.connect("doctree-read", collect_post, priority=600)
    app.connect("html-page-context", add_post_context)
