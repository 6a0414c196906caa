"""The post page format: admonitions, front matter checks, outlets, search titles."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from helpers import read_html, search_index, sphinx_build


@pytest.mark.sphinx("html", testroot="post-basic")
def test_post_has_both_admonitions_with_classes(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "posts/2025/2025-05-01-am-basic.html").read_text()
    assert '<div class="admonition bottom-line">' in html
    assert '<div class="admonition what-it-means">' in html
    soup = BeautifulSoup(html, "html.parser")
    bottom = soup.select_one("div.admonition.bottom-line")
    assert bottom.select_one(".admonition-title").get_text() == "The bottom line"
    assert "The basic fact is plain." in bottom.get_text()
    meaning = soup.select_one("div.admonition.what-it-means")
    assert meaning.select_one(".admonition-title").get_text() == "What it all means"


@pytest.mark.sphinx("html", testroot="post-basic")
def test_outlets_are_one_outlet_whatever_the_spelling(app):
    app.build()
    soup = read_html(app.outdir / "posts/2025/2025-05-01-am-basic.html")
    # Every spelling links to the outlet's own page.
    links = [(a.get_text(), a["href"]) for a in soup.select("a.outlet")]
    assert links == [
        ("Al-Monitor", "../../outlets/al-monitor.html"),
        ("Reuters", "../../outlets/reuters.html"),
        ("Al-Monitor", "../../outlets/al-monitor.html"),
    ]
    assert (app.outdir / "outlets/al-monitor.html").is_file()


ADMONITION_TITLE_WORDS = {"bottom", "line", "mean", "means", "all"}


@pytest.mark.sphinx("html", testroot="post-basic")
def test_admonition_titles_stay_out_of_the_search_titles(app):
    app.build()
    index = search_index(app.outdir)
    assert not ADMONITION_TITLE_WORDS & set(index["titleterms"])
    assert {"basic", "first", "section"} <= set(index["titleterms"])
    # The page's own words are still searchable.
    assert "plain" in index["terms"]


@pytest.mark.sphinx(
    "html", testroot="post-basic", srcdir="post-basic-stock-search",
    confoverrides={"bottomline_search": False},
)  # fmt: skip
def test_admonition_titles_stay_out_of_stock_search_titles(app):
    app.build()
    index = search_index(app.outdir)
    titles = json.dumps(index["alltitles"]) + json.dumps(index["titles"])
    assert "A Basic Post" in titles
    assert "The bottom line" not in titles
    assert "What it all means" not in titles
    assert not ADMONITION_TITLE_WORDS & set(index["titleterms"])


@pytest.mark.sphinx("html", testroot="post-basic", srcdir="post-basic-raw-html")
def test_raw_html_in_a_post_is_text(app):
    post = app.srcdir / "posts/2025/2025-05-01-am-basic.md"
    post.write_text(
        post.read_text().replace("An intro note.", "<script>alert(1)</script>\n\n<b>bold</b>")
    )
    app.build()
    html = (app.outdir / "posts/2025/2025-05-01-am-basic.html").read_text()
    assert "<script>alert(1)" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.sphinx("html", testroot="post-missing-bottom-line")
def test_missing_bottom_line_warns_naming_the_file(app):
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"posts/2025/2025-03-01-am-no-bottom-line\.md:\d+: WARNING: post has no 'The bottom line'",
        warnings,
    ), warnings
    assert "What it all means" not in warnings


@pytest.mark.sphinx("html", testroot="post-missing-what-it-means")
def test_missing_what_it_means_warns_naming_the_file(app):
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"posts/2025/2025-03-02-pm-no-meaning\.md:\d+: WARNING: post has no 'What it all means'",
        warnings,
    ), warnings
    assert "The bottom line" not in warnings


@pytest.mark.sphinx("html", testroot="post-bad-front-matter")
def test_bad_front_matter_and_file_names_warn(app):
    app.build()
    warnings = app.warning.getvalue()
    bad = "2025-03-03-am-bad-front-matter.md"
    assert re.search(rf"{bad}:\d+: WARNING: post front matter 'date' must be an ISO date", warnings)
    assert re.search(rf"{bad}:\d+: WARNING: post front matter 'edition' must be AM or PM", warnings)
    assert re.search(
        r"2025-03-04-am-wrong-name\.md:\d+: WARNING: post file name does not match its front "
        r"matter date 2025-03-05 and edition PM",
        warnings,
    ), warnings
    missing = "2025-03-06-am-no-front-matter.md"
    assert re.search(rf"{missing}:\d+: WARNING: post front matter 'date' must be", warnings)
    # The build still finishes; posts without a date stay out of the listings.
    month = (app.outdir / "2025/03/index.html").read_text()
    assert "Wrong Name" in month
    assert "Bad Front Matter" not in month and "No Front Matter" not in month


def test_missing_bottom_line_fails_a_strict_build(rootdir, tmp_path):
    result = sphinx_build(
        rootdir / "test-post-missing-bottom-line", tmp_path / "html", "-n", "-W", "--keep-going"
    )
    assert result.returncode != 0
    assert "2025-03-01-am-no-bottom-line.md" in result.stderr
    assert "post has no 'The bottom line'" in result.stderr
