"""Outlet pages: one per cited outlet at ``outlets/<slug>``, and the ``{outlet-index}``.

An outlet page shows the outlet's canonical name, the other spellings the posts use, its
Arabic-script name and its site when known (:func:`bottomline.outlets.outlet_info`), and
every bullet that cites it, with its update and date, newest first.  The pages have no
source: :mod:`.pages` writes them from :func:`outlet_view`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from html import escape
from itertools import groupby
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.builders import Builder

from bottomline.formats import outlet_page
from bottomline.outlets import outlet_info, outlet_slug
from bottomline.sphinxext.shared import (
    NO_SEARCH,
    Generated,
    display_date,
    edition_badge_html,
    plural,
    uri,
)
from bottomline.sphinxext.state import Derived, PostLine, post_line

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


class OutletView(NamedTuple):
    name: str
    spellings: tuple[str, ...]  # the other spellings the posts use, A to Z
    arabic: str
    site: str
    #: (update, the texts of its bullets citing the outlet), newest update first.
    citations: tuple[tuple[PostLine, tuple[str, ...]], ...]


def outlet_view(view: Derived, outlet: str) -> OutletView:
    found = view.citations.get(outlet, ())
    spellings = sorted({c.citation.spelling for c in found} - {outlet}, key=str.casefold)
    info = outlet_info(outlet)
    # An outlet the table does not know may still be written in Arabic script by a post.
    arabic = info.arabic or next((s for s in spellings if _ARABIC.search(s)), "")
    grouped = tuple(
        (post_line(view, docname), tuple(dict.fromkeys(c.citation.text for c in items)))
        for docname, items in groupby(found, key=lambda c: c.docname)
    )
    # A post that cites it only in its front matter has no bullet: listed with none.
    cited = {line.docname for line, _ in grouped}
    missing = [d for d in view.cited_by.get(outlet, ()) if d not in cited]
    if missing:
        rows = [*grouped, *((post_line(view, d), ()) for d in missing)]
        grouped = tuple(sorted(rows, key=lambda r: view.position[r[0].docname], reverse=True))
    return OutletView(outlet, tuple(spellings), arabic, info.site, grouped)


def _safe_site(site: str) -> str:
    """Only http(s) addresses become links."""
    return site if urlsplit(site).scheme in {"http", "https"} else ""


def render_outlet(builder: Builder, docname: str, view: OutletView) -> tuple[str, str]:
    """(title, body HTML) of an outlet page."""
    about = []
    if view.arabic:
        about.append(f'Arabic name: <span lang="ar" dir="rtl">{escape(view.arabic)}</span>')
    if view.spellings:
        about.append("Also cited as: " + ", ".join(escape(s) for s in view.spellings))
    site = _safe_site(view.site)
    if site:
        shown = urlsplit(site).netloc
        about.append(
            f'Site: <a class="reference external" href="{escape(site)}">{escape(shown)}</a>'
        )
    count = sum(len(texts) or 1 for _, texts in view.citations)
    about.append(
        f"Cited {escape(plural(count, 'time'))} in "
        f"{escape(plural(len(view.citations), 'update'))}, newest first."
    )
    parts = [
        f'<section id="outlet" class="bl-outlet-page">\n<h1>{escape(view.name)}</h1>\n',
        '<ul class="simple bl-outlet-about">'
        + "".join(f"<li>{item}</li>" for item in about)
        + "</ul>\n",
        '<ul class="simple bl-outlet-citations">\n',
    ]
    for line, texts in view.citations:
        href = uri(builder, docname, line.docname)
        parts.append(
            f'<li><p class="bl-post-line"><span class="bl-date">{escape(display_date(line.date))}'
            f"</span> {edition_badge_html(line.edition)} "
            f'<a class="reference internal bl-post-link" href="{escape(href)}">'
            f"{escape(line.title)}</a></p>"
            + "".join(f'<p class="bl-citation">{escape(t)}</p>' for t in texts)
            + "</li>\n"
        )
    parts.append("</ul>\n</section>\n")
    return view.name, "".join(parts)


def pages(view: Derived) -> Iterator[Generated]:
    """A page per outlet a published post cites."""
    for outlet in view.cited_by:
        yield Generated(outlet_page(outlet_slug(outlet)), outlet_view(view, outlet), render_outlet)


# -- the index ------------------------------------------------------------------------------


def outlet_index_view(
    view: Derived, docname: str, options: Mapping[str, Any]
) -> tuple[tuple[str, str, int], ...]:
    """``{outlet-index}``: every outlet, A to Z: (name, its page, updates citing it)."""
    return tuple(
        (outlet, outlet_page(outlet_slug(outlet)), len(citing))
        for outlet, citing in view.cited_by.items()
    )


def render_outlet_index(
    app: Any, fromdoc: str, index: tuple[tuple[str, str, int], ...]
) -> list[nodes.Node]:
    if not index:
        return [nodes.paragraph(text="No outlets cited yet.")]
    items = []
    for name, page, count in index:
        href = uri(app.builder, fromdoc, page)
        items.append(
            f'<li><a class="reference internal bl-outlet-link" href="{escape(href)}">'
            f'{escape(name)}</a> <span class="bl-count">({escape(plural(count, "update"))})'
            "</span></li>"
        )
    html = '<ul class="simple bl-outlet-index">\n' + "\n".join(items) + "\n</ul>\n"
    return [nodes.raw("", html, format="html", classes=[NO_SEARCH])]
