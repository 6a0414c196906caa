"""Blogger's chrome in other interface languages (``importer/chrome.py``).

The same post copied five times, each from a page whose reader interface is Spanish,
Italian, French, German or Portuguese: the share menu above the bottom line and the whole
footer below the author's last words are the interface's (``copied-interface-*.txt``).  The
title has no edition: the footer's 24-hour "Publicado por … en 19:42" gives it.
"""

from __future__ import annotations

from datetime import date

import pytest

from bottomline.cli import main
from bottomline.importer import chrome
from bottomline.importer.read_html import read_html
from bottomline.importer.read_text import read_text
from bottomline.model import TitleDate
from helpers import RAW, outline

TITLE = "What's New in Iraq: Ports, Power and the Budget"
BOTTOM_LINE = [
    "the ports kept moving and the power ministry asked for patience while the budget tables wait."
]
SECTIONS = [
    (
        "Ports",
        [
            (
                0,
                "Umm Qasr handled more containers in September than a year earlier, the ports "
                "company said.",
                ["Shafaq News"],
            ),
            (0, "A second customs lane opened at the southern gate.", ["INA"]),
        ],
    ),
    (
        "Power",
        [
            (
                0,
                "The electricity ministry said two new units would be running before the cold "
                "months.",
                ["Rudaw"],
            ),
            (1, "Gas supplies for them are still being negotiated.", []),
        ],
    ),
]
TAKEAWAY = [
    (0, "Busy ports mean customs revenue, which the budget counts on.", []),
    (0, "Power promises before winter are a yearly ritual; watch the delivery, not the date.", []),
    (-1, "See you tomorrow.", []),  # the author's last words stay; the footer after them goes
]

#: Interface language -> (day in the title, edition its footer's time gives).
COPIES = {
    "es": (14, "PM"),  # "Publicado por … en 19:42"
    "it": (15, "AM"),  # "Pubblicato da … alle 08:15"
    "fr": (16, "PM"),  # "Publié par … à 19:05"
    "de": (17, "AM"),  # "Eingestellt von … um 07:30"
    "pt": (18, "PM"),  # "Postado por … às 20:10"
}


@pytest.mark.parametrize("language", COPIES)
def test_a_copy_from_another_interface_language_keeps_only_the_post(language):
    day, edition = COPIES[language]
    update = read_text((RAW / f"copied-interface-{language}.txt").read_bytes(), language)
    assert update.title == TITLE
    assert update.title_date == TitleDate(10, day, None, edition)
    assert update.intro == []  # the share menu under the title is chrome
    assert update.bottom_line == BOTTOM_LINE
    assert [(s.heading, outline(s.items)) for s in update.sections] == SECTIONS
    assert outline(update.takeaway) == TAKEAWAY


@pytest.mark.parametrize("language", COPIES)
def test_every_footer_line_of_the_copy_is_chrome(language):
    """Each line after the author's last words is known chrome on its own, so a copy that
    keeps any part of the footer (or has its lines in another order) still ends there."""
    text = (RAW / f"copied-interface-{language}.txt").read_text(encoding="utf-8")
    footer = text.split("See you tomorrow.\n", 1)[1].splitlines()
    widget = {  # the Popular Posts widget's snippet of an older post is not chrome itself
        "What's New in Iraq: Salaries on Time October 12, AM",
        "The bottom line is that salaries went out on time.",
    }
    lines = [line for line in footer if line.strip() and line not in widget]
    assert len(lines) >= 15
    assert [line for line in lines if not chrome.is_chrome_line(line)] == []


@pytest.mark.parametrize(
    ("line", "edition"),
    [
        ("Posted by Desk at 7:42 PM", "PM"),
        ("Posted by Desk at 12:10 AM", "PM"),  # just after midnight: the late evening edition
        ("Posted by Desk at 12:10 PM", "PM"),
        ("Publicado por Desk en 7:42 a. m.", "AM"),
        ("Publicado por Desk a las 19:42", "PM"),
        ("Pubblicato da Desk alle 11:59", "AM"),
        ("Pubblicato da Desk alle 12:00", "PM"),
        ("Publié par Desk à 00:30", "PM"),  # the same in 24 hours
        ("Publiée par Desk à 18h05", "PM"),
        ("Eingestellt von Desk um 07:30 Uhr", "AM"),
        ("Postado por Desk às 20:10", "PM"),
        ("Publicada por Desk à(s) 09:05", "AM"),
        ("Posted by Desk at 25:10", None),  # no time of day
        ("Posted by Desk", None),
    ],
)
def test_the_footer_time_gives_the_edition_in_any_language(line, edition):
    assert chrome.posted_edition([line]) == edition


def test_post_lines_in_english_are_not_taken_for_chrome():
    """The other languages' words never end a post early on an English line."""
    for line in (
        "Local markets were calm. (Shafaq News)",
        "Posts at the border reopened.",
        "Plus, the central bank raised its reserve figure.",
        "Home prices in Erbil rose again.",
        "The bottom line is that nothing moved.",
        "Tecnologia is a word in Italian, not a footer.",
    ):
        assert not chrome.is_chrome_line(line), line


def test_a_page_in_another_interface_language_relies_on_its_structure():
    """On a page the post body says where the post ends: Italian share buttons and footer
    inside or around it stay out, with no word list involved."""
    [entry] = read_html((RAW / "page-interface-it.html").read_bytes(), "it.html")
    update = entry.update
    assert entry.problem is None and update.title == TITLE
    assert update.title_date == TitleDate(10, 15, None, None)
    assert update.provenance.published.isoformat() == "2025-10-15T08:15:00+03:00"
    assert outline(update.takeaway) == [TAKEAWAY[0], TAKEAWAY[2]]
    assert update.provenance.source_url == (
        "https://sampledesk.example.blogspot.com/2025/10/ports-power-budget.html"
    )


def test_the_five_copies_ingest_with_exit_0(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    paths = [str(RAW / f"copied-interface-{language}.txt") for language in COPIES]
    status = main(["ingest", "--year", "2025", *paths])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0, lines
    assert lines[-1] == "created 5, updated 0, unchanged 0, skipped 0, failed 0"
    made = sorted(p.name for p in (tmp_path / "posts" / "2025").glob("*.md"))
    assert made == [
        f"{date(2025, 10, day)}-{edition.lower()}-ports-power-and-the-budget.md"
        for day, edition in COPIES.values()
    ]
    for path in (tmp_path / "posts" / "2025").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "See you tomorrow." in text
        for leak in ("Publicado", "Pubblicato", "Publié", "Eingestellt", "Postado", "Blogger"):
            assert leak not in text, (path.name, leak)
