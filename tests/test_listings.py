"""Listings (landing page, archive, outlets) and previous / next links between posts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bottomline.sphinxext import state
from helpers import read_html, sphinx_build

NEWEST_FIRST = ["Fourth Update", "Third Update", "Second Update", "First Update"]


@pytest.mark.sphinx("html", testroot="listings")
def test_landing_page_lists_posts_newest_first_with_bottom_lines(app):
    app.build()
    assert app.warning.getvalue() == ""
    soup = read_html(app.outdir / "index.html")
    cards = soup.select(".bl-card")
    assert [c.select_one(".bl-post-link").get_text() for c in cards] == NEWEST_FIRST
    assert [c.select_one(".bl-bottom-line").get_text() for c in cards] == [
        "Bottom line of the fourth.",
        "Bottom line of the third.",
        "Bottom line of the second.",
        "Bottom line of the first.",
    ]
    first = cards[0]
    assert first.select_one(".bl-date").get_text() == "10 February 2025"
    assert first.select_one(".bl-edition").get_text() == "AM"
    assert first.select_one(".bl-post-link")["href"] == "posts/2025/2025-02-10-am-fourth.html"


@pytest.mark.sphinx("html", testroot="listings", confoverrides={"bottomline_latest_count": 2})
def test_landing_page_limit(app):
    app.build()
    soup = read_html(app.outdir / "index.html")
    titles = [a.get_text() for a in soup.select(".bl-card .bl-post-link")]
    assert titles == NEWEST_FIRST[:2]


@pytest.mark.sphinx("html", testroot="listings")
def test_archive_is_the_index_of_years_and_months(app):
    app.build()
    soup = read_html(app.outdir / "archive.html")
    years = [(a.get_text(), a["href"]) for a in soup.select(".bl-archive-index a.bl-year-link")]
    assert years == [("2025", "2025/index.html"), ("2024", "2024/index.html")]
    counts = [p.get_text() for p in soup.select(".bl-archive-year .bl-count")]
    assert counts == ["(3 updates)", "(1 update)"]
    months = [p.get_text() for p in soup.select(".bl-archive-months")]
    assert months == ["February (1), January (2)", "December (1)"]
    hrefs = [a["href"] for a in soup.select(".bl-archive-months a")]
    assert hrefs == ["2025/02/index.html", "2025/01/index.html", "2024/12/index.html"]


@pytest.mark.sphinx("html", testroot="listings")
def test_month_pages_newest_first_with_bottom_lines_and_neighbours(app):
    app.build()
    january = read_html(app.outdir / "2025/01/index.html")
    assert january.select_one("h1").get_text() == "January 2025"
    assert january.select_one("title").get_text().startswith("January 2025")
    lines = january.select(".bl-period-list li")
    assert [li.select_one(".bl-post-link").get_text() for li in lines] == [
        "Third Update",
        "Second Update",
    ]
    assert [li.select_one(".bl-edition").get_text() for li in lines] == ["PM", "AM"]
    assert [li.select_one(".bl-date").get_text() for li in lines] == ["2 January 2025"] * 2
    assert [li.select_one(".bl-bottom-line").get_text() for li in lines] == [
        "Bottom line of the third.",
        "Bottom line of the second.",
    ]
    assert lines[0].select_one("a")["href"] == "../../posts/2025/2025-01-02-pm-third.html"
    nav = january.select_one("nav.bl-period-nav")
    assert (nav.select_one(".bl-prev").get_text(), nav.select_one(".bl-prev")["href"]) == (
        "← December 2024",
        "../../2024/12/index.html",
    )
    assert nav.select_one(".bl-next")["href"] == "../02/index.html"
    oldest = read_html(app.outdir / "2024/12/index.html").select_one("nav.bl-period-nav")
    assert oldest.select_one(".bl-prev") is None
    assert read_html(app.outdir / "2025/02/index.html").select_one(".bl-next") is None
    assert not (app.outdir / "2025/03").exists()


@pytest.mark.sphinx("html", testroot="listings")
def test_year_page_has_its_months_with_counts_and_every_update(app):
    app.build()
    year = read_html(app.outdir / "2025/index.html")
    assert year.select_one("h1").get_text() == "2025"
    assert year.select_one(".bl-period-count").get_text() == (
        "3 updates: February 2025 (1), January 2025 (2)."
    )
    assert [h.get_text() for h in year.select("h2")] == ["February 2025 (1)", "January 2025 (2)"]
    titles = [a.get_text() for a in year.select(".bl-period-list .bl-post-link")]
    assert titles == NEWEST_FIRST[:3]
    assert year.select_one(".bl-prev")["href"] == "../2024/index.html"


@pytest.mark.sphinx("html", testroot="listings")
def test_landing_page_links_the_latest_month_and_year(app):
    app.build()
    nav = read_html(app.outdir / "index.html").select_one(".bl-archive-nav")
    links = [(a.get_text(), a["href"]) for a in nav.select("a")]
    assert links == [
        ("February 2025", "2025/02/index.html"),
        ("all of 2025", "2025/index.html"),
        ("every year and month", "archive.html"),
    ]
    assert "(1 update)" in nav.get_text() and "(3 updates)" in nav.get_text()


@pytest.mark.sphinx("html", testroot="listings")
def test_outlet_index_and_outlet_pages(app):
    app.build()
    soup = read_html(app.outdir / "outlets.html")
    entries = [(a.get_text(), a["href"]) for a in soup.select(".bl-outlet-index a")]
    assert entries == [
        ("Al-Monitor", "outlets/al-monitor.html"),
        ("Reuters", "outlets/reuters.html"),
    ]
    assert [c.get_text() for c in soup.select(".bl-outlet-index .bl-count")] == [
        "(1 update)",
        "(3 updates)",
    ]
    post = read_html(app.outdir / "posts/2024/2024-12-30-pm-first.html")
    link = post.select_one("a.outlet")
    assert link.get_text() == "Al-Monitor"  # cited as AL-Monitor, shown by its name
    assert link["href"] == "../../outlets/al-monitor.html"
    page = read_html(app.outdir / "outlets/al-monitor.html")
    assert page.select_one("h1").get_text() == "Al-Monitor"
    about = page.select_one(".bl-outlet-about").get_text(" ")
    assert "Also cited as: AL-Monitor" in about  # the spelling the post used
    assert "al-monitor.com" in about  # its site, from the outlet table
    cited = page.select(".bl-outlet-citations li")
    assert [li.select_one(".bl-post-link").get_text() for li in cited] == ["First Update"]
    assert cited[0].select_one(".bl-citation").get_text() == "Cited. (Al-Monitor)"
    reuters = read_html(app.outdir / "outlets/reuters.html")
    titles = [a.get_text() for a in reuters.select(".bl-outlet-citations .bl-post-link")]
    assert titles == NEWEST_FIRST[:3]  # newest first


@pytest.mark.sphinx("html", testroot="listings")
def test_posts_are_not_in_the_sidebar_toctree(app):
    app.build()
    toctree = app.env.toctree_includes.get("index", [])
    assert toctree == ["archive", "outlets"]
    assert not any(
        d.startswith("posts/") for docs in app.env.toctree_includes.values() for d in docs
    )


@pytest.mark.sphinx("html", testroot="listings")
def test_derived_view_knows_every_post_in_order(app):
    app.build()
    view = state.derived(app.env)
    assert [view.posts[d].title for d in view.order] == NEWEST_FIRST[::-1]
    assert view.neighbours("posts/2025/2025-01-02-am-second") == (
        "posts/2024/2024-12-30-pm-first",
        "posts/2025/2025-01-02-pm-third",
    )


# -- incremental and parallel builds (subprocesses, as the nox session runs them) ------------


def _nav(outdir: Path, docname: str) -> dict[str, str]:
    """Where a post's previous / next links point, as docnames."""
    page = outdir / f"{docname}.html"
    soup = read_html(page)
    links = {}
    for kind in ("bl-prev", "bl-next"):
        a = soup.select_one(f"nav.bl-post-nav a.{kind}")
        if a is not None:
            links[kind] = (
                (page.parent / a["href"]).resolve().relative_to(outdir.resolve()).as_posix()
            )
    return links


@pytest.fixture
def listings_site(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    # A theme-independent template that shows the previous / next links, like the site's.
    (src / "_templates").mkdir()
    (src / "_templates" / "page.html").write_text(
        '{% extends "!page.html" %}{% block body %}{{ super() }}'
        '{% if bl_post %}<nav class="bl-post-nav">'
        '{% if bl_post.previous %}<a class="bl-prev" href="{{ bl_post.previous.url }}">p</a>'
        "{% endif %}"
        '{% if bl_post.next %}<a class="bl-next" href="{{ bl_post.next.url }}">n</a>{% endif %}'
        "</nav>{% endif %}{% endblock %}"
    )
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + 'templates_path = ["_templates"]\n'
    )
    return src


def _build(src: Path, out: Path, *args: str) -> None:
    result = sphinx_build(src, out, "-n", "-W", "--keep-going", *args)
    assert result.returncode == 0, result.stderr


NEW_POST = """---
title: "Inserted Update"
date: 2025-01-15
edition: AM
---

# Inserted Update

:::{bottom-line}
Bottom line of the inserted one.
:::

:::{what-it-means}
- Meaning inserted.
:::
"""


def test_incremental_build_updates_neighbours_and_listings(listings_site: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(listings_site, out)
    third, fourth = "posts/2025/2025-01-02-pm-third", "posts/2025/2025-02-10-am-fourth"
    assert _nav(out, third)["bl-next"] == f"{fourth}.html"

    new = listings_site / "posts/2025/2025-01-15-am-inserted.md"
    new.write_text(NEW_POST)
    _build(listings_site, out)  # incremental: no -E
    inserted = "posts/2025/2025-01-15-am-inserted"
    assert _nav(out, third)["bl-next"] == f"{inserted}.html"
    assert _nav(out, fourth)["bl-prev"] == f"{inserted}.html"
    assert _nav(out, inserted) == {"bl-prev": f"{third}.html", "bl-next": f"{fourth}.html"}
    titles = [a.get_text() for a in read_html(out / "index.html").select(".bl-post-link")]
    assert titles[1] == "Inserted Update"

    new.unlink()
    _build(listings_site, out)
    assert _nav(out, third)["bl-next"] == f"{fourth}.html"
    assert _nav(out, fourth)["bl-prev"] == f"{third}.html"
    titles = [a.get_text() for a in read_html(out / "index.html").select(".bl-post-link")]
    assert "Inserted Update" not in titles
    assert "Inserted Update" not in (out / "archive.html").read_text()


def test_generated_pages_are_written_only_when_they_change(listings_site: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(listings_site, out)
    pages = ["2025/01/index.html", "2025/02/index.html", "2024/12/index.html", "2025/index.html"]
    pages += ["outlets/reuters.html", "outlets/al-monitor.html"]

    def stamps() -> dict[str, int]:
        return {page: (out / page).stat().st_mtime_ns for page in pages}

    first = stamps()
    _build(listings_site, out)  # nothing changed: nothing rewritten
    assert stamps() == first
    (listings_site / "posts/2025/2025-01-15-am-inserted.md").write_text(NEW_POST)
    _build(listings_site, out)
    changed = {page for page, mtime in stamps().items() if mtime != first[page]}
    assert changed == {"2025/01/index.html", "2025/index.html"}  # its month and year only
    assert "Inserted Update" in (out / "2025/01/index.html").read_text()
    (out / "2024/12/index.html").unlink()  # a missing page is written again
    _build(listings_site, out)
    assert (out / "2024/12/index.html").is_file()


def test_a_source_at_a_generated_address_wins_with_a_warning(listings_site: Path, tmp_path: Path):
    (listings_site / "2025").mkdir()
    (listings_site / "2025/index.md").write_text("---\norphan: true\n---\n\n# My own 2025 page\n")
    out = tmp_path / "out"
    result = sphinx_build(listings_site, out, "-n")
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"2025/index\.md:1: WARNING: a page is generated at '2025/index'", result.stderr
    )
    assert "My own 2025 page" in (out / "2025/index.html").read_text()
    assert (out / "2025/01/index.html").is_file()


def test_parallel_and_serial_builds_give_the_same_pages(listings_site: Path, tmp_path: Path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    _build(listings_site, serial, "-j", "1")
    _build(listings_site, parallel, "-j", "2")
    pages = sorted(p.relative_to(serial) for p in serial.rglob("*.html"))
    assert len(pages) >= 7
    for page in pages:
        assert (serial / page).read_text() == (parallel / page).read_text(), page


@pytest.mark.sphinx("html", testroot="listings")
def test_extension_declares_itself_parallel_safe(app):
    extension = app.extensions["bottomline.sphinxext"]
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True
    assert app.registry.get_envversion(app)["bottomline.sphinxext"] >= 1
