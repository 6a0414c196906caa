"""Chronological pages: one per year (``/<YYYY>/``) and one per month (``/<YYYY>/<MM>/``).

Each lists its updates newest first, with date, edition, title and bottom line; a year page
has its months with their counts, a month page the months before and after it.  The
``{post-archive}`` index (``archive.md``) and the ``{archive-nav}`` line of the landing page
link them.  Pages have no source: :mod:`.pages` writes them from these pure views.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from html import escape
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.builders import Builder

from bottomline.formats import month_page, year_page
from bottomline.sphinxext.shared import NO_SEARCH, Generated, plural, post_list_html, uri
from bottomline.sphinxext.state import Derived, PostLine, post_line

Month = tuple[int, int]


def month_name(month: Month) -> str:
    """``(2025, 10)`` -> ``October 2025``."""
    return f"{date(month[0], month[1], 1):%B %Y}"


class Entry(NamedTuple):
    """An update as the chronological pages show it."""

    line: PostLine
    bottom_line: str


class MonthLink(NamedTuple):
    month: Month
    updates: int  # how many


class MonthView(NamedTuple):
    month: Month
    entries: tuple[Entry, ...]  # newest first
    previous: Month | None  # the month before with updates
    next: Month | None


class YearView(NamedTuple):
    year: int
    months: tuple[MonthLink, ...]  # newest first
    entries: tuple[Entry, ...]  # newest first
    previous: int | None  # the year before with updates
    next: int | None


def _entries(view: Derived, docnames: tuple[str, ...]) -> tuple[Entry, ...]:
    return tuple(Entry(post_line(view, d), view.posts[d].bottom_line) for d in docnames)


def month_view(view: Derived, month: Month) -> MonthView:
    months = view.months
    i = months.index(month)
    before = months[i - 1] if i > 0 else None
    after = months[i + 1] if i + 1 < len(months) else None

    return MonthView(month, _entries(view, view.by_month[month]), before, after)


def years(view: Derived) -> tuple[int, ...]:
    """Every year with an update, oldest first."""
    return tuple(dict.fromkeys(year for year, _ in view.months))


def year_view(view: Derived, year: int) -> YearView:
    months = [m for m in reversed(view.months) if m[0] == year]
    all_years = years(view)
    i = all_years.index(year)
    docnames = tuple(d for m in months for d in view.by_month[m])
    return YearView(
        year,
        tuple(MonthLink(m, len(view.by_month[m])) for m in months),
        _entries(view, docnames),
        all_years[i - 1] if i > 0 else None,
        all_years[i + 1] if i + 1 < len(all_years) else None,
    )


# -- the pages, as HTML --------------------------------------------------------------------


def _a(builder: Builder, fromdoc: str, todoc: str, text: str, *classes: str) -> str:
    css = " ".join(["reference", "internal", *classes])
    href = uri(builder, fromdoc, todoc)
    return f'<a class="{escape(css)}" href="{escape(href)}">{escape(text)}</a>'


def entries_html(builder: Builder, fromdoc: str, entries: tuple[Entry, ...]) -> str:
    return post_list_html(
        builder,
        fromdoc,
        [e.line for e in entries],
        "bl-period-list",
        sentences=[e.bottom_line for e in entries],
        sentence_class="bl-bottom-line",
    )


def _month_nav(builder: Builder, fromdoc: str, view: MonthView) -> str:
    links = []
    if view.previous:
        text = f"← {month_name(view.previous)}"
        links.append(_a(builder, fromdoc, month_page(*view.previous), text, "bl-prev"))
    year = view.month[0]
    links.append(_a(builder, fromdoc, year_page(year), f"All of {year}", "bl-up"))
    if view.next:
        text = f"{month_name(view.next)} →"
        links.append(_a(builder, fromdoc, month_page(*view.next), text, "bl-next"))
    label = "Previous and next month"
    return f'<nav class="bl-period-nav" aria-label="{label}">{" ".join(links)}</nav>\n'


def render_month(builder: Builder, docname: str, view: MonthView) -> tuple[str, str]:
    """(title, body HTML) of a month page."""
    title = month_name(view.month)
    count = plural(len(view.entries), "update")
    body = (
        f'<section id="month" class="bl-month">\n<h1>{escape(title)}</h1>\n'
        f'<p class="bl-period-count">{escape(count)}, newest first.</p>\n'
        + _month_nav(builder, docname, view)
        + entries_html(builder, docname, view.entries)
        + _month_nav(builder, docname, view)
        + "</section>\n"
    )
    return title, body


def render_year(builder: Builder, docname: str, view: YearView) -> tuple[str, str]:
    """(title, body HTML) of a year page: its months and counts, then every update."""
    title = str(view.year)
    months = ", ".join(
        _a(builder, docname, month_page(*m.month), f"{month_name(m.month)}") + f" ({m.updates})"
        for m in view.months
    )
    parts = [
        f'<section id="year" class="bl-year">\n<h1>{escape(title)}</h1>\n',
        f'<p class="bl-period-count">{escape(plural(len(view.entries), "update"))}: '
        f"{months}.</p>\n",
    ]
    for m in view.months:
        in_month = tuple(
            e for e in view.entries if (e.line.date.year, e.line.date.month) == m.month
        )
        anchor = f"month-{m.month[0]:04d}-{m.month[1]:02d}"
        heading = _a(builder, docname, month_page(*m.month), month_name(m.month))
        parts.append(
            f'<h2 id="{anchor}">{heading} <span class="bl-count">({m.updates})</span></h2>\n'
            + entries_html(builder, docname, in_month)
        )
    links = []
    if view.previous:
        links.append(
            _a(builder, docname, year_page(view.previous), f"← {view.previous}", "bl-prev")
        )
    if view.next:
        links.append(_a(builder, docname, year_page(view.next), f"{view.next} →", "bl-next"))
    if links:
        parts.append(
            '<nav class="bl-period-nav" aria-label="Previous and next year">'
            f"{' '.join(links)}</nav>\n"
        )
    parts.append("</section>\n")
    return title, "".join(parts)


def pages(view: Derived) -> Iterator[Generated]:
    """Every year page and every month page."""
    for year in years(view):
        yield Generated(year_page(year), year_view(view, year), render_year)
    for month in view.months:
        yield Generated(month_page(*month), month_view(view, month), render_month)


# -- the index parts ---------------------------------------------------------------------------


class YearIndex(NamedTuple):
    year: int
    updates: int  # how many
    months: tuple[MonthLink, ...]  # newest first


def archive_index_view(
    view: Derived, docname: str, options: Mapping[str, Any]
) -> tuple[YearIndex, ...]:
    """``{post-archive}``: every year, newest first, with its months and their counts."""
    result = []
    for year in reversed(years(view)):
        months = tuple(
            MonthLink(m, len(view.by_month[m])) for m in reversed(view.months) if m[0] == year
        )
        result.append(YearIndex(year, sum(m.updates for m in months), months))
    return tuple(result)


def render_archive_index(app: Any, fromdoc: str, index: tuple[YearIndex, ...]) -> list[nodes.Node]:
    if not index:
        return [nodes.paragraph(text="No updates yet.")]
    builder = app.builder
    items = []
    for year in index:
        months = ", ".join(
            _a(builder, fromdoc, month_page(*m.month), f"{month_name(m.month).split()[0]}")
            + f" ({m.updates})"
            for m in year.months
        )
        head = _a(builder, fromdoc, year_page(year.year), str(year.year), "bl-year-link")
        count = escape(plural(year.updates, "update"))
        items.append(
            f'<li><p class="bl-archive-year">{head} <span class="bl-count">({count})</span></p>'
            f'<p class="bl-archive-months">{months}</p></li>'
        )
    html = '<ul class="simple bl-archive-index">\n' + "\n".join(items) + "\n</ul>\n"
    return [nodes.raw("", html, format="html", classes=[NO_SEARCH])]


class PeriodNav(NamedTuple):
    """``{archive-nav}``: the latest month and year, with their counts."""

    month: MonthLink | None
    year: tuple[int, int] | None  # (year, count)
    archive_page: str | None


def archive_nav_view(view: Derived, docname: str, options: Mapping[str, Any]) -> PeriodNav:
    if not view.months:
        return PeriodNav(None, None, view.settings.archive_page)
    latest = view.months[-1]
    year_count = sum(len(view.by_month[m]) for m in view.months if m[0] == latest[0])
    return PeriodNav(
        MonthLink(latest, len(view.by_month[latest])),
        (latest[0], year_count),
        view.settings.archive_page,
    )


def render_archive_nav(app: Any, fromdoc: str, nav: PeriodNav) -> list[nodes.Node]:
    if nav.month is None or nav.year is None:
        return []
    builder = app.builder
    parts = [
        "Browse by date: "
        + _a(builder, fromdoc, month_page(*nav.month.month), month_name(nav.month.month))
        + f" ({escape(plural(nav.month.updates, 'update'))})",
        _a(builder, fromdoc, year_page(nav.year[0]), f"all of {nav.year[0]}")
        + f" ({escape(plural(nav.year[1], 'update'))})",
    ]
    if nav.archive_page:
        parts.append(_a(builder, fromdoc, nav.archive_page, "every year and month"))
    html = f'<p class="bl-archive-nav">{" · ".join(parts)}</p>\n'
    return [nodes.raw("", html, format="html", classes=[NO_SEARCH])]
