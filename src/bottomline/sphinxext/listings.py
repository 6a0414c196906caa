"""Listings: pages generated from every post rather than kept in a toctree.

- ``{latest-updates}``: the newest posts as cards (date, edition, title, bottom line);
- ``{post-archive}``: every post, newest first, grouped by year and month;
- ``{outlet-index}``: every outlet cited, with the posts that cite it.

Each directive leaves a placeholder node that is filled at ``doctree-resolved``, when every
post has been read (the pattern of ``sphinx.ext.todo``).  Posts stay out of the theme's
sidebar: a glob toctree of posts makes every page render the whole archive.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from itertools import groupby
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from bottomline.outlets import outlet_slug
from bottomline.sphinxext.posts import (
    PostInfo,
    display_date,
    iter_posts_newest_first,
    post_domain,
)


class listing(nodes.General, nodes.Element):
    """Placeholder for a generated listing; ``kind`` says which."""


class ListingDomain(Domain):
    """Which pages hold which listings, so incremental builds rewrite them."""

    name = "listing"
    label = "Listings"
    initial_data: ClassVar[dict[str, Any]] = {"pages": {}}
    data_version = 1

    def clear_doc(self, docname: str) -> None:
        self.data["pages"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, kinds in otherdata["pages"].items():
            if docname in docnames:
                self.data["pages"][docname] = kinds

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


class ListingDirective(SphinxDirective):
    """Base for the listing directives: note the page, leave a placeholder."""

    kind: ClassVar[str]
    option_spec: ClassVar[dict[str, Any]] = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        pages = self.env.get_domain("listing").data["pages"]
        pages.setdefault(self.env.docname, []).append(self.kind)
        node = listing(kind=self.kind, limit=self.options.get("limit", 0))
        self.set_source_info(node)
        return [node]


class LatestUpdatesDirective(ListingDirective):
    kind = "latest"


class PostArchiveDirective(ListingDirective):
    kind = "archive"


class OutletIndexDirective(ListingDirective):
    kind = "outlets"


# -- building blocks -------------------------------------------------------------------------


def _text(text: str, *classes: str) -> nodes.inline:
    return nodes.inline(text, text, classes=list(classes))


def edition_badge(edition: str) -> nodes.inline:
    """A sphinx-design badge: AM and PM in different colours."""
    colour = "sd-bg-info" if edition == "AM" else "sd-bg-secondary"
    return _text(edition, "sd-badge", colour, "sd-bg-text-info", "bl-edition")


def _post_link(app: Sphinx, fromdoc: str, docname: str, title: str) -> nodes.reference:
    uri = app.builder.get_relative_uri(fromdoc, docname)
    return nodes.reference("", title, refuri=uri, internal=True, classes=["bl-post-link"])


def post_line(app: Sphinx, fromdoc: str, docname: str, post: PostInfo) -> nodes.paragraph:
    """``24 September 2025 [AM] Title``: one post on one line."""
    para = nodes.paragraph(classes=["bl-post-line"])
    para += _text(display_date(post["date"]), "bl-date")
    para += nodes.Text(" ")
    para += edition_badge(post["edition"])
    para += nodes.Text(" ")
    para += _post_link(app, fromdoc, docname, post["title"])
    return para


def post_card(app: Sphinx, fromdoc: str, docname: str, post: PostInfo) -> nodes.container:
    """A sphinx-design card: date, edition and title, then the bottom line."""
    card = nodes.container(
        classes=["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "bl-card"]
    )
    body = nodes.container(classes=["sd-card-body"])
    header = post_line(app, fromdoc, docname, post)
    header["classes"].append("sd-card-title")
    body += header
    body += nodes.paragraph(
        post["bottom_line"], post["bottom_line"], classes=["sd-card-text", "bl-bottom-line"]
    )
    card += body
    return card


# -- filling the placeholders ----------------------------------------------------------------


def latest_updates(app: Sphinx, fromdoc: str, limit: int) -> list[nodes.Node]:
    limit = limit or app.config.bottomline_latest_count
    posts = list(iter_posts_newest_first(app.env))[:limit]
    if not posts:
        return [nodes.paragraph(text="No updates yet.")]
    container = nodes.container(classes=["bl-latest"])
    container.extend(post_card(app, fromdoc, d, p) for d, p in posts)
    return [container]


def post_archive(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    """Every post, newest first, under a heading per year and a rubric per month."""
    result: list[nodes.Node] = []
    posts = list(iter_posts_newest_first(app.env))
    for year, in_year in groupby(posts, key=lambda item: item[1]["date"][:4]):
        section = nodes.section(ids=[f"year-{year}"], names=[f"year-{year}"], classes=["bl-year"])
        section += nodes.title(year, year)
        for month, in_month in groupby(in_year, key=lambda item: item[1]["date"][:7]):
            items = list(in_month)
            label = display_date(f"{month}-01").split(" ", 1)[1]
            section += nodes.rubric(label, f"{label} ({len(items)})", ids=[f"month-{month}"])
            bullets = nodes.bullet_list(classes=["bl-archive-list"])
            for docname, post in items:
                bullets += nodes.list_item("", post_line(app, fromdoc, docname, post))
            section += bullets
        result.append(section)
    return result or [nodes.paragraph(text="No updates yet.")]


def outlet_index(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    """Every outlet, A to Z, with the posts citing it, newest first."""
    cited_by: dict[str, list[tuple[str, PostInfo]]] = {}
    for docname, post in iter_posts_newest_first(app.env):
        for outlet in post["outlets"]:
            cited_by.setdefault(outlet, []).append((docname, post))
    result: list[nodes.Node] = []
    for outlet in sorted(cited_by, key=str.casefold):
        anchor = "outlet-" + outlet_slug(outlet)
        section = nodes.section(ids=[anchor], names=[anchor], classes=["bl-outlet"])
        count = len(cited_by[outlet])
        section += nodes.title(outlet, f"{outlet} ({count})")
        bullets = nodes.bullet_list()
        for docname, post in cited_by[outlet]:
            bullets += nodes.list_item("", post_line(app, fromdoc, docname, post))
        section += bullets
        result.append(section)
    return result or [nodes.paragraph(text="No outlets cited yet.")]


def fill_listings(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(listing)):
        if node["kind"] == "latest":
            node.replace_self(latest_updates(app, fromdocname, node["limit"]))
        elif node["kind"] == "archive":
            node.replace_self(post_archive(app, fromdocname))
        else:
            node.replace_self(outlet_index(app, fromdocname))


def listing_pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-get-updated``: every listing page, whenever a post was read or removed.

    The listings depend on every post, so any change to a post may change them.
    """
    if not post_domain(env).changed_this_build():
        return []
    return sorted(env.get_domain("listing").data["pages"])


def setup_listings(app: Sphinx) -> None:
    """Register the listing directives and the handlers that fill them."""
    app.add_config_value("bottomline_latest_count", 20, "env", types=[int])
    app.add_node(listing)
    app.add_domain(ListingDomain)
    app.add_directive("latest-updates", LatestUpdatesDirective)
    app.add_directive("post-archive", PostArchiveDirective)
    app.add_directive("outlet-index", OutletIndexDirective)
    app.connect("doctree-resolved", fill_listings)
    app.connect("env-get-updated", listing_pages_to_rewrite)
