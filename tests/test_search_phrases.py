"""Quoted phrases: every page that has the words in that order, none missed, no page fetched.

The site is the search test site plus generated updates whose phrase sits deep in a bullet
(not in the title or bottom line, which the browser already has): more of them than any
"fetch a few pages and check" scheme would open.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sphinx.testing.util import SphinxTestApp

from bottomline.search_check import serve
from bottomline.sphinxext import search
from bottomline.sphinxext.search import PHRASE_DIR, phrase_file
from bottomline.text import search_parts
from browser import ROOTS
from helpers import search_index

#: Updates with "the dollar auction" in a bullet, with "a dollar auction", with both apart.
WITH_THE, WITHOUT_THE, APART = 45, 5, 15
#: Posts of the search test site whose bottom line says "its dollar auction rules".
KNOWN = {"posts/2025/2025-06-02-am-tuesday-notes", "posts/2024/2024-06-03-am-monday-notes"}

POST = """---
title: "Market Note {n}"
date: {day}
edition: AM
outlets:
- Test Wire
actors: []
---

# Market Note {n}

:::{{bottom-line}}
A quiet day on the markets.
:::

## Markets

- Prices held. ({{outlet}}`Test Wire`)
- {bullet} ({{outlet}}`Test Wire`)

% An editor's note the page never shows: the dollar auction.

:::{{what-it-means}}
- Nothing yet.
:::
"""
BULLETS = {
    "with-the": "Traders watched the dollar auction closely.",
    "without-the": "A dollar auction was held again.",
    "apart": "The dollar rose before the auction.",
}


def _add_posts(srcdir: Path) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {name: set() for name in BULLETS}
    counts = {"with-the": WITH_THE, "without-the": WITHOUT_THE, "apart": APART}
    first = date(2023, 1, 2)
    n = 0
    for name, count in counts.items():
        for _ in range(count):
            day = first + timedelta(days=n)
            docname = f"posts/{day.year}/{day.isoformat()}-am-market-note-{n}"
            path = srcdir / f"{docname}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(POST.format(n=n, day=day, bullet=BULLETS[name]), encoding="utf-8")
            groups[name].add(docname)
            n += 1
    return groups


@pytest.fixture(scope="module")
def phrase_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    srcdir = tmp_path_factory.mktemp("phrase-site") / "src"
    shutil.copytree(ROOTS / "test-search", srcdir)
    groups = _add_posts(srcdir)
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, warning=warnings, status=io.StringIO())
    # Small files, so that this small site has many, as a big archive does.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PHRASE_FILE_BYTES", 1024)
        try:
            app.build()
        finally:
            app.cleanup()
    assert "WARNING" not in warnings.getvalue(), warnings.getvalue()
    return Path(app.outdir), groups


@pytest.fixture(scope="module")
def phrase_url(phrase_site: tuple[Path, dict[str, set[str]]]) -> Iterator[str]:
    with serve(phrase_site[0]) as url:
        yield url


def page_words_from_files(outdir: Path) -> list[list[str]]:
    """Every page's words in order, put back together from ``bottomline-phrases/*.js``."""
    index = search_index(outdir)
    pages: list[dict[int, str]] = [{} for _ in index["docnames"]]
    files = sorted((outdir / PHRASE_DIR).glob("*.js"))
    for path in files:
        match = re.fullmatch(
            r"BottomlineSearch\.addPhrases\((\d+),(.*)\);\n",
            path.read_text(encoding="utf-8"),
            re.DOTALL,
        )
        assert match, path
        number, words = int(match[1]), json.loads(match[2])
        for word, row in words.items():
            assert phrase_file(word, len(files)) == number, word
            i = page = 0
            while i < len(row):
                page += row[i]
                at = 0
                for step in row[i + 2 : i + 2 + row[i + 1]]:
                    at += step
                    assert at not in pages[page], "two words at one position"
                    pages[page][at] = word
                i += 2 + row[i + 1]
    result = []
    for found in pages:
        assert sorted(found) == list(range(len(found))), "a gap in a page's positions"
        result.append([found[k] for k in range(len(found))])
    return result


def _has(words: list[str], phrase: str) -> bool:
    wanted = search_parts(phrase)[0]
    return f" {' '.join(wanted)} " in f" {' '.join(words)} "


def test_position_files_give_back_every_page_in_order(phrase_site):
    outdir, groups = phrase_site
    index = search_index(outdir)
    pages = dict(zip(index["docnames"], page_words_from_files(outdir), strict=True))
    note = sorted(groups["with-the"])[0]
    assert pages[note][:3] == ["market", "note", search_parts(note.rsplit("-", 1)[1])[0][0]]
    assert _has(pages[note], "Traders watched the dollar auction closely")
    # Stop words and single letters stay: phrases need them. Comments never count.
    assert "editor" not in pages[note] and "editors" not in pages[note]
    tuesday = pages["posts/2025/2025-06-02-am-tuesday-notes"]
    assert _has(tuesday, "The Central Bank of Iraq changed its dollar auction rules.")
    # The ground truth the browser must reproduce.
    with_phrase = {d for d, words in pages.items() if _has(words, "dollar auction")}
    assert with_phrase == groups["with-the"] | groups["without-the"] | KNOWN
    assert {d for d, w in pages.items() if _has(w, "the dollar auction")} == groups["with-the"]
    # Split by word into files of about PHRASE_FILE_BYTES (1 KiB here), a power of two.
    files = len(list((outdir / PHRASE_DIR).glob("*.js")))
    assert files >= 8 and files & (files - 1) == 0


def _results(page: Any, url: str, query: str) -> tuple[list[str], str]:
    page.goto(f"{url}search.html?q={quote(query)}")
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    docnames = page.evaluate(
        "async (q) => (await BottomlineSearch.query(q)).map((r) => r.docname)", query
    )
    return docnames, page.text_content(".bl-search-status") or ""


@pytest.mark.browser
def test_a_phrase_finds_every_page_that_has_it(page, phrase_site, phrase_url):
    outdir, groups = phrase_site
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    docnames, status = _results(page, phrase_url, '"dollar auction"')
    expected = groups["with-the"] | groups["without-the"] | KNOWN
    assert set(docnames) == expected and len(docnames) == len(expected)
    assert status.startswith(f"{len(expected)} pages found.")
    # No page or page source was fetched: one small file per word of the phrase.
    assert not [u for u in fetched if "_sources/" in u or "/posts/" in u]
    phrase_files = {u.split("?")[0] for u in fetched if f"/{PHRASE_DIR}/" in u}
    assert 1 <= len(phrase_files) <= 2 < len(list((outdir / PHRASE_DIR).glob("*.js")))

    docnames, status = _results(page, phrase_url, "\u201cthe dollar auction\u201d")
    assert set(docnames) == groups["with-the"] and len(docnames) == WITH_THE
    assert status.startswith(f"{WITH_THE} pages found.")
    # Words in another order are not the phrase.
    assert _results(page, phrase_url, '"auction dollar"')[0] == []


@pytest.mark.browser
def test_a_phrase_in_the_box_as_you_type(page, phrase_site, phrase_url):
    _, groups = phrase_site
    page.goto(f"{phrase_url}index.html")
    box = page.locator("input.sidebar-search").first
    box.click()
    box.type('"the dollar auction"')
    page.wait_for_function(
        "(q) => { const l = document.querySelector('.bl-suggest');"
        " return l && !l.hidden && l.dataset.query === q; }",
        arg='"the dollar auction"',
    )
    shown = page.eval_on_selector_all(
        ".bl-suggest a.bl-result", "items => items.map(i => i.dataset.docname)"
    )
    assert len(shown) == 8 and set(shown) <= groups["with-the"]


@pytest.mark.browser
def test_without_the_position_files_the_phrase_says_it_is_unchecked(page, phrase_site, phrase_url):
    _, groups = phrase_site
    page.route(f"**/{PHRASE_DIR}/**", lambda route: route.abort())
    docnames, status = _results(page, phrase_url, '"the dollar auction"')
    # Nothing is dropped silently: the pages with every word stay, and the reader is told.
    assert groups["with-the"] | groups["without-the"] | groups["apart"] <= set(docnames)
    assert "The exact phrase could not be checked on" in status


@pytest.mark.browser
def test_position_files_are_found_by_the_same_hash(page, phrase_url):
    words = ["dollar", "the", "s400", "حشد", "1310", "ǅemal", "日本語", "🛢", "u\U0001d7d8"]
    page.goto(f"{phrase_url}index.html")
    page.wait_for_function("() => window.BottomlineSearch !== undefined")
    for files in (1, 2, 128, 4096):
        js = page.evaluate(
            "([ws, n]) => ws.map((w) => BottomlineSearch.phraseFile(w, n))", [words, files]
        )
        assert js == [phrase_file(w, files) for w in words]


def _build(srcdir: Path, builddir: Path) -> Path:
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, warning=io.StringIO(), status=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def test_an_incremental_build_rewrites_the_positions(tmp_path: Path):
    srcdir, builddir = tmp_path / "src", tmp_path / "build"
    shutil.copytree(ROOTS / "test-search", srcdir)
    tuesday = "posts/2025/2025-06-02-am-tuesday-notes"
    outdir = _build(srcdir, builddir)
    before = search_index(outdir)["docnames"]
    assert _has(page_words_from_files(outdir)[before.index(tuesday)], "dollar auction rules")

    path = srcdir / f"{tuesday}.md"
    path.write_text(path.read_text().replace("dollar auction rules", "rules for dollar sales"))
    (srcdir / "posts/2025/2025-06-03-am-new-note.md").write_text(
        POST.format(n=99, day="2025-06-03", bullet=BULLETS["with-the"]), encoding="utf-8"
    )
    outdir = _build(srcdir, builddir)
    docnames = search_index(outdir)["docnames"]
    pages = dict(zip(docnames, page_words_from_files(outdir), strict=True))
    assert not _has(pages[tuesday], "dollar auction rules")
    assert _has(pages[tuesday], "rules for dollar sales")
    assert _has(pages["posts/2025/2025-06-03-am-new-note"], "the dollar auction")
    # An unchanged page keeps its words, at its new place in the index (one page came before).
    rate = "posts/2025/2025-09-15-pm-rate-holds"
    assert docnames.index(rate) == before.index(rate) + 1
    assert _has(pages[rate], "kept the official rate at 1,310 dinars")
