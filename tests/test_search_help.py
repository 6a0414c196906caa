"""The "How to search" page: part of the archive, linked from the search box and the results
page (from nested pages and from files too), absent where a site has no such page, and every
example it gives does what the page says on the real archive."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from bottomline.search_check import serve
from conftest import ROOT
from helpers import search_index, sphinx_build

pytestmark = pytest.mark.browser

HELP_SOURCE = ROOT / "how-to-search.md"
NESTED = "posts/2025/2025-10-15-pm-tehran-comes-calling"
#: Examples the page gives of queries that find nothing (small words, a phrase the archive
#: never uses); every other example must find at least one page.
FINDS_NOTHING = {"the", "of", "and", '"a dollar auction"'}
#: Examples the page says are the same query, written differently.
SAME_RESULTS = [
    ("Kata'ib Hezbollah", "Kata’ib Hezbollah", "kataib hezbollah"),
    ("Türkiye", "turkiye"),
    ("al-Nujaba", "al Nujaba", "Nujaba", "alNujaba"),
    ("U.S.", "US"),
    ("1,310", "1310", "١٣١٠"),
    ("S-400", "S400", "S 400"),
]
#: Other names of actors: the actor's page comes first.
ACTOR_FIRST = ["KH", "PMF", "CBI", "KRG", "OFAC", "Hezbollah Brigades", "KataibHezbollah"]


def _help_docname() -> str:
    """The setting's default, read from the extension (the one place it is defined)."""
    from bottomline.sphinxext.search import setup_search

    values: dict[str, Any] = {}

    class Recorder:
        def add_config_value(self, name: str, default: Any, *args: Any, **kwargs: Any) -> None:
            values[name] = default

        def __getattr__(self, name: str) -> Any:
            return lambda *args, **kwargs: None

    setup_search(Recorder())  # type: ignore[arg-type]
    return str(values["bottomline_search_help"])


def examples() -> list[str]:
    """Every query the help page shows, in code spans."""
    spans = re.findall(r"`([^`]+)`", HELP_SOURCE.read_text(encoding="utf-8"))
    return [" ".join(span.split()) for span in spans]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real archive, built strictly (as ``nox -s build`` does)."""
    out = tmp_path_factory.mktemp("help-site") / "html"
    result = sphinx_build(
        ROOT, out, "-E", "-n", "-W", "--keep-going", doctrees=out.parent / "doctrees"
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def archive_url(archive: Path) -> Iterator[str]:
    with serve(archive) as url:
        yield url


def _open_box(page: Any, text: str) -> None:
    box = page.locator("input.sidebar-search").first
    box.click()
    box.fill(text)
    page.wait_for_function(
        "(q) => { const l = document.querySelector('.bl-suggest');"
        " return l && !l.hidden && l.dataset.query === q; }",
        arg=text,
    )


def _is_help_page(page: Any) -> None:
    expect(page.locator("article h1")).to_have_text(re.compile("How to search"))
    assert page.url.split("?")[0].endswith(f"{_help_docname()}.html")


# -- the page and the setting ------------------------------------------------------------------


def test_the_help_page_is_the_settings_page_and_in_the_archive(archive: Path):
    docname = _help_docname()
    assert ROOT / f"{docname}.md" == HELP_SOURCE
    assert (archive / f"{docname}.html").is_file()
    meta = (archive / "bottomline-searchmeta.js").read_text(encoding="utf-8")
    assert f'"help":"{docname}"' in meta
    # Its examples are not index words: "KH" finds the actor, not the help page.
    index = search_index(archive)
    position = index["docnames"].index(docname)
    in_text = [w for w, d in index["terms"].items() if position in ([d] if type(d) is int else d)]
    assert in_text == []


# -- the links -------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_search_box_links_to_the_help_page(page, archive, archive_url, where):
    nested = (archive / NESTED).with_suffix(".html")
    start = f"{archive_url}{NESTED}.html" if where == "http" else nested.as_uri()
    page.goto(start)
    _open_box(page, "KH")
    link = page.locator(".bl-suggest a.bl-suggest-help")
    expect(link).to_have_text("How to search")
    expect(link).to_have_attribute("role", "option")
    link.click()
    _is_help_page(page)


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_results_page_links_to_the_help_page(page, archive, archive_url, where):
    base = archive_url if where == "http" else archive.as_uri() + "/"
    page.goto(f"{base}search.html?q={quote('KH since June')}")
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    link = page.locator("p.bl-search-help a.bl-search-help-link")
    expect(link).to_have_text("How to search")
    link.click()
    _is_help_page(page)


def test_a_site_without_a_help_page_shows_no_link(page, search_url):
    page.goto(f"{search_url}index.html")
    _open_box(page, "KH")
    expect(page.locator(".bl-suggest a.bl-result").first).to_be_visible()
    expect(page.locator(".bl-suggest-help")).to_have_count(0)
    page.goto(f"{search_url}search.html?q=KH")
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    expect(page.locator(".bl-search-help")).to_have_count(0)


# -- what the page promises --------------------------------------------------------------------


def _query(page: Any, q: str) -> list[str]:
    return [r["docname"] for r in page.evaluate("(q) => BottomlineSearch.query(q)", q)]


def _status(page: Any, url: str, q: str) -> str:
    page.goto(f"{url}search.html?q={quote(q)}")
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    return page.locator("p.bl-search-status").text_content() or ""


def test_every_example_on_the_help_page_finds_what_it_says(page, archive_url):
    shown = examples()
    assert len(shown) > 40, "the examples are read from the page's code spans"
    page.goto(f"{archive_url}index.html")
    page.wait_for_function("() => window.BottomlineSearch && BottomlineSearch.ready()")
    found = {q: _query(page, q) for q in dict.fromkeys(shown)}
    assert [q for q, r in found.items() if not r and q not in FINDS_NOTHING] == []
    assert [q for q in FINDS_NOTHING if found.get(q, [None])] == []
    for group in SAME_RESULTS:
        assert set(group) <= set(shown), group
        assert len({tuple(found[q]) for q in group}) == 1, group
    for q in ACTOR_FIRST:
        assert q in shown and found[q][0].startswith("actors/"), q
    # Small words count inside quotes; outside they are not searched at all.
    assert found['"the dollar auction"'] and not found['"a dollar auction"']


def test_typos_and_dates_are_said_as_the_page_says(page, archive_url):
    assert "Showing results for Hezbollah." in _status(page, archive_url, "Hezbolah")
    assert "Nothing has “centrl”; showing “central”." in _status(page, archive_url, "centrl bank")
    assert "Showing results for Mohammed Shia al-Sudani." in _status(page, archive_url, "Sudany")
    assert "Updates last month." in _status(page, archive_url, "last month")
    status = _status(page, archive_url, "Kata'ib Hezbollah in October 2025")
    assert "Updates in October 2025." in status
