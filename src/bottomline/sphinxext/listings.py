"""Listings: pages generated from every post rather than kept in a toctree.

- ``{latest-updates}``: the newest posts as cards (date, edition, title, bottom line);
- ``{post-archive}``: every post, newest first, grouped by year and month;
- ``{outlet-index}``: every outlet cited, with the posts that cite it.

Each directive leaves a placeholder, filled at ``doctree-resolved`` from a pure view (the
pattern of ``sphinx.ext.todo``).  Posts stay out of the theme's sidebar: a glob toctree of
posts makes every page render the whole archive.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from bottomline.outlets import outlet_slug
from bottomline.sphinxext import state
from bottomline.sphinxext.shared import (
    NO_SEARCH,
    Part,
    display_date,
    edition_badge,
    link,
    make_placeholder,
    plural,
    post_list,
    text_node,
)
from bottomline.sphinxext.state import Derived, PostLine, post_line

LATEST, ARCHIVE, OUTLETS = "latest", "archive", "outlets"


# Listings repeat every post's title and bottom line: they are marked NO_SEARCH, so a query
# finds the posts, not every listing page too (and no count becomes a search word).


class ListingDirective(SphinxDirective):
    """Base for the listing directives: note the page's part, leave a placeholder."""

    kind: ClassVar[str]
    option_spec: ClassVar[dict[str, Any]] = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        options = {"limit": self.options["limit"]} if "limit" in self.options else {}
        state.add_part(self.env, self.env.docname, self.kind, **options)
        node = make_placeholder(self.kind, **options)
        self.set_source_info(node)
        return [node]


class LatestUpdatesDirective(ListingDirective):
    kind = LATEST


class PostArchiveDirective(ListingDirective):
    kind = ARCHIVE


class OutletIndexDirective(ListingDirective):
    kind = OUTLETS


# -- views -----------------------------------------------------------------------------------


class Card(NamedTuple):
    line: PostLine
    bottom_line: str


def latest_view(view: Derived, docname: str, options: Mapping[str, Any]) -> tuple[Card, ...]:
    """The newest posts (``:limit:``, else ``bottomline_latest_count``), newest first."""
    limit = options.get("limit") or view.settings.latest_count
    newest = view.order[::-1][:limit]
    return tuple(Card(post_line(view, d), view.posts[d].bottom_line) for d in newest)


def archive_view(view: Derived, docname: str, options: Mapping[str, Any]) -> tuple[PostLine, ...]:
    """Every post, newest first."""
    return tuple(post_line(view, d) for d in reversed(view.order))


def outlets_view(view: Derived, docname: str, options: Mapping[str, Any]) -> tuple:
    """Every outlet, A to Z, with the posts citing it, newest first."""
    cited_by = view.cited_by.items()
    return tuple((outlet, tuple(post_line(view, d) for d in citing)) for outlet, citing in cited_by)


# -- renderers -------------------------------------------------------------------------------


def _post_line(app: Sphinx, fromdoc: str, line: PostLine) -> nodes.paragraph:
    para = nodes.paragraph(classes=["bl-post-line"])
    para += text_node(display_date(line.date), "bl-date")
    para += nodes.Text(" ")
    para += edition_badge(line.edition)
    para += nodes.Text(" ")
    para += link(app.builder, fromdoc, line.docname, line.title, "bl-post-link")
    return para


def render_latest(app: Sphinx, fromdoc: str, cards: tuple[Card, ...]) -> list[nodes.Node]:
    """sphinx-design cards: date, edition and title, then the bottom line."""
    if not cards:
        return [nodes.paragraph(text="No updates yet.")]
    container = nodes.container(classes=["bl-latest", NO_SEARCH])
    for card in cards:
        box = nodes.container(
            classes=["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "bl-card"]
        )
        body = nodes.container(classes=["sd-card-body"])
        header = _post_line(app, fromdoc, card.line)
        header["classes"].append("sd-card-title")
        body += header
        body += nodes.paragraph(
            card.bottom_line, card.bottom_line, classes=["sd-card-text", "bl-bottom-line"]
        )
        box += body
        container += box
    return [container]


def render_archive(app: Sphinx, fromdoc: str, lines: tuple[PostLine, ...]) -> list[nodes.Node]:
    """A heading per year and a rubric per month."""
    result: list[nodes.Node] = []
    for year, in_year in groupby(lines, key=lambda line: line.date.year):
        section = nodes.section(
            ids=[f"year-{year}"], names=[f"year-{year}"], classes=["bl-year", NO_SEARCH]
        )
        section += nodes.title(str(year), str(year))
        for month, in_month in groupby(in_year, key=lambda line: line.date.strftime("%Y-%m")):
            items = list(in_month)
            label = items[0].date.strftime("%B %Y")
            section += nodes.rubric(label, f"{label} ({len(items)})", ids=[f"month-{month}"])
            section += post_list(app.builder, fromdoc, items, "bl-archive-list")
        result.append(section)
    return result or [nodes.paragraph(text="No updates yet.")]


def render_outlets(app: Sphinx, fromdoc: str, outlets: tuple) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for outlet, lines in outlets:
        anchor = "outlet-" + outlet_slug(outlet)
        section = nodes.section(ids=[anchor], names=[anchor], classes=["bl-outlet"])
        section += nodes.title(outlet, outlet)
        count = plural(len(lines), "update")
        section += nodes.paragraph(count, count, classes=["bl-outlet-count", NO_SEARCH])
        section += post_list(app.builder, fromdoc, lines, "bl-outlet-posts")
        result.append(section)
    return result or [nodes.paragraph(text="No outlets cited yet.")]


PARTS = {
    LATEST: Part(latest_view, render_latest),
    ARCHIVE: Part(archive_view, render_archive),
    OUTLETS: Part(outlets_view, render_outlets),
}


def setup_listings(app: Sphinx) -> None:
    """Register the listing directives."""
    app.add_config_value("bottomline_latest_count", 20, "env", types=[int])
    app.add_directive("latest-updates", LatestUpdatesDirective)
    app.add_directive("post-archive", PostArchiveDirective)
    app.add_directive("outlet-index", OutletIndexDirective)
