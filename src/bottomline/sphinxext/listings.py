"""Listings: pages generated from every post rather than kept in a toctree.

- ``{latest-updates}``: the newest posts as cards (date, edition, title, bottom line);
- ``{post-archive}``: every year and month, newest first, with counts, linked to their pages
  (:mod:`.chronology`);
- ``{archive-nav}``: one line linking the latest month and year (for the landing page);
- ``{outlet-index}``: every outlet cited, A to Z, with counts, linked to its page
  (:mod:`.outlet_pages`).

Each directive leaves a placeholder, filled at ``doctree-resolved`` from a pure view (the
pattern of ``sphinx.ext.todo``).  Posts stay out of the theme's sidebar: a glob toctree of
posts makes every page render the whole archive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from bottomline.sphinxext import chronology, outlet_pages, state
from bottomline.sphinxext.shared import (
    NO_SEARCH,
    Part,
    display_date,
    edition_badge,
    link,
    make_placeholder,
    text_node,
)
from bottomline.sphinxext.state import Derived, PostLine, post_line

LATEST, ARCHIVE, ARCHIVE_NAV, OUTLETS = "latest", "archive", "archive-nav", "outlets"


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


class ArchiveNavDirective(ListingDirective):
    kind = ARCHIVE_NAV


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


PARTS = {
    LATEST: Part(latest_view, render_latest),
    ARCHIVE: Part(chronology.archive_index_view, chronology.render_archive_index),
    ARCHIVE_NAV: Part(chronology.archive_nav_view, chronology.render_archive_nav),
    OUTLETS: Part(outlet_pages.outlet_index_view, outlet_pages.render_outlet_index),
}


def setup_listings(app: Sphinx) -> None:
    """Register the listing directives."""
    app.add_config_value("bottomline_latest_count", 20, "env", types=[int])
    app.add_directive("latest-updates", LatestUpdatesDirective)
    app.add_directive("post-archive", PostArchiveDirective)
    app.add_directive("archive-nav", ArchiveNavDirective)
    app.add_directive("outlet-index", OutletIndexDirective)
