"""Round trip: raw updates -> ``bottomline ingest`` -> a Sphinx build with no warning.

The built page must show everything the raw update said: the bottom line, every section
and bullet, the outlets, the takeaway, and links for the known actors.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bottomline.cli import main
from bottomline.importer import entries
from bottomline.model import Item
from helpers import RAW

SOURCES = [
    RAW / "2025-11-03-am-ports-tariffs.txt",
    RAW / "2025-11-05-pm-bonds-and-salaries.txt",
    RAW / "2025-11-07-pm-power-before-winter.html",
    RAW / "sampledesk-2025-11.atom.xml",
    RAW / "2025-11-17-pm-rain-and-patience.txt",
]
# Sphinx's smartquotes makes typewriter quotes typographic in the HTML.
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def text_of(element) -> str:
    for anchor in element.select("a.headerlink"):
        anchor.decompose()
    return " ".join(element.get_text().split()).translate(QUOTES)


def plain(text: str) -> str:
    return " ".join(text.split()).translate(QUOTES)


def own_text(li) -> str:
    """A list item's text without its nested lists."""
    parts = [child for child in li.children if getattr(child, "name", None) not in ("ul", "ol")]
    return plain("".join(p.get_text() if hasattr(p, "get_text") else str(p) for p in parts))


def flatten(items: list[Item]) -> list[Item]:
    out = []
    for item in items:
        out.append(item)
        out.extend(flatten(item.children))
    return out


@pytest.mark.sphinx("html", testroot="import-roundtrip", srcdir="import-roundtrip-build")
def test_imported_posts_build_cleanly_and_show_everything(app):
    srcdir = Path(app.srcdir)
    cwd = Path.cwd()
    os.chdir(srcdir)
    try:
        status = main(["ingest", "--year", "2025", *map(str, SOURCES)])
    finally:
        os.chdir(cwd)
    assert status == 0
    app.build()
    assert app.warning.getvalue() == ""

    updates = [e.update for e in entries(map(str, SOURCES), lambda: b"") if e.update is not None]
    assert len(updates) == 7
    for update in updates:
        html_path = next(
            (Path(app.outdir) / "posts" / "2025").glob(f"*-{update.title_date.day:02d}-*.html")
        )
        soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
        main_part = soup.select_one("[role=main]")
        assert text_of(main_part.select_one("h1")) == plain(update.title)

        bottom = main_part.select_one("div.admonition.bottom-line")
        for paragraph in update.bottom_line:
            assert plain(paragraph) in text_of(bottom)

        headings = [text_of(h) for h in main_part.select("section section > h2")]
        assert headings == [plain(s.heading) for s in update.sections if s.heading]

        meaning = main_part.select_one("div.admonition.what-it-means")
        in_sections = [
            li
            for li in main_part.select("li")
            if li.find_parent("div", class_="what-it-means") is None
            and li.find_parent(class_="bl-related") is None  # the related posts below
        ]
        shown = [own_text(li) for li in in_sections]
        expected = [i for s in update.sections for i in flatten(s.items) if i.bullet]
        assert len(shown) == len(expected)
        for text, item in zip(shown, expected, strict=True):
            assert text.startswith(plain(item.text))
            for citation in item.sources:
                assert citation.name in text
        for item in flatten(update.takeaway):
            assert plain(item.text) in text_of(meaning)

        outlets = [o.get_text() for o in main_part.select(".outlet") if o.find_parent("li")]
        assert outlets == [c.name for i in update.all_items() for c in i.sources]

    bonds = (Path(app.outdir) / "posts/2025/2025-11-05-pm-bonds-and-salaries.html").read_text()
    soup = BeautifulSoup(bonds, "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("a") if "actor" in a.get("class", [])}
    assert links["Rafidain"].endswith("actors/rafidain-bank.html")
    assert links["central bank"].endswith("actors/central-bank-of-iraq.html")

    # The author's words as written, after the closing bullets too.
    rain = (Path(app.outdir) / "posts/2025/2025-11-17-pm-rain-and-patience.html").read_text()
    soup = BeautifulSoup(rain, "html.parser")
    bottom = soup.select("div.admonition.bottom-line > p:not(.admonition-title)")
    assert [text_of(p) for p in bottom] == [
        "the rains came early, and the budget tables still have not."
    ]
    closing = soup.select("div.admonition.what-it-means > p:not(.admonition-title)")
    assert [text_of(p) for p in closing] == [
        'Some of you asked why these notes keep saying "wait". Because that is what the news '
        "says; when the news changes, so will the notes.",
        "Patience is a position too. See you in the morning.",
    ]
