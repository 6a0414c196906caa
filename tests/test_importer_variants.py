"""The ways real raw updates vary, one fixture per shape (``tests/fixtures/raw/README.md``).

Text copied from browsers (title lines, page chrome, bullets, sources, several posts),
Blogger post pages from different templates, and feeds (Blogger export, Atom with CDATA,
XHTML or only a summary, RSS, JSON).  Each stage is tested on its own (dates, sources,
structure), then every fixture through the readers, then all of them through
``bottomline ingest`` and a strict Sphinx build with the real ``conf.py`` and actors.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from bottomline.cli import main
from bottomline.importer.batch import read_source
from bottomline.importer.dates import parse_date_header, parse_date_line, resolve_date, split_title
from bottomline.importer.sources import is_source_only, parse_citation, split_sources
from bottomline.importer.structure import Line, build_body, is_bottom_line, is_closing
from bottomline.importer.write import Outcome
from bottomline.model import TitleDate, Update
from bottomline.outlets import KNOWN_OUTLETS, canonical_outlet
from conftest import ROOT
from helpers import RAW, outline, sphinx_build


def read_one(name: str) -> Update:
    [entry] = read_source((RAW / name).read_bytes(), name)
    assert entry.update is not None, entry.problem
    return entry.update


def everything(update: Update) -> str:
    parts = [update.title, *update.intro, *update.bottom_line]
    parts += [section.heading for section in update.sections]
    parts += [item.text for item in update.all_items()]
    return "\n".join(parts)


def when(update: Update) -> tuple[date, str]:
    """The date and edition the importer gives the update from its own metadata."""
    return resolve_date(update.title_date, update.provenance.published)


# -- dates ------------------------------------------------------------------------------------


X = "What's New in Iraq: X"


@pytest.mark.parametrize(
    ("raw", "title", "title_date"),
    [
        (
            "What’s New in Iraq: X – Sept. 22, PM",
            "What’s New in Iraq: X",
            TitleDate(9, 22, None, "PM"),
        ),
        (
            "WHAT'S NEW IN IRAQ: X September 22nd AM",
            "WHAT'S NEW IN IRAQ: X",
            TitleDate(9, 22, None, "AM"),
        ),
        (
            "What's New In Iraq: X (October 1, PM)",
            "What's New In Iraq: X",
            TitleDate(10, 1, None, "PM"),
        ),
        (
            "What’s New in Iraq: X • Oct. 8th, 2025 (PM)",
            "What’s New in Iraq: X",
            TitleDate(10, 8, 2025, "PM"),
        ),
        (f"{X} | Oct 15 | PM", X, TitleDate(10, 15, None, "PM")),
        (f"{X} [Oct 15, AM]", X, TitleDate(10, 15, None, "AM")),
        (f"{X} 10/15 PM", X, TitleDate(10, 15, None, "PM")),
        (f"{X} - 15 October, PM", X, TitleDate(10, 15, None, "PM")),
        (f"{X} October 15 (Evening)", X, TitleDate(10, 15, None, "PM")),
        ("What's New in Iraq (PM): X October 15", X, TitleDate(10, 15, None, "PM")),
        ("What's New in Iraq October 15, PM: X", X, TitleDate(10, 15, None, "PM")),
        (f"{X} October 27, PM (Part 2)", f"{X} (Part 2)", TitleDate(10, 27, None, "PM")),
        (f"{X} - Tuesday, PM", X, TitleDate(edition="PM")),
        # A bare "PM" is the prime minister; "24/7" and "March 14 Alliance" are no dates.
        ("What's New: PM Sudani in Washington", "What's New: PM Sudani in Washington", TitleDate()),
        (
            "What's New in Iraq: The 24/7 Auction",
            "What's New in Iraq: The 24/7 Auction",
            TitleDate(),
        ),
        ("What's New: March 14 Alliance", "What's New: March 14 Alliance", TitleDate()),
    ],
)
def test_title_lines_as_bloggers_write_them(raw, title, title_date):
    assert split_title(raw) == (title, title_date)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("September 22, PM", TitleDate(9, 22, None, "PM")),
        ("Monday, October 6, 2025 - PM", TitleDate(10, 6, 2025, "PM")),
        ("22 September", TitleDate(9, 22, None, None)),
        ("PM Edition", TitleDate(edition="PM")),
        ("September 25, 2025 at 7:40 PM", TitleDate(9, 25, 2025, "PM")),
        ("25 September 2025 - 07:40", TitleDate(9, 25, 2025, "AM")),
        ("(AM)", TitleDate(edition="AM")),
        ("22nd September, PM", TitleDate(9, 22, None, "PM")),
        ("Monday, 22/09/2025", TitleDate(9, 22, 2025, None)),
        ("22.09.2025 - 19:40", TitleDate(9, 22, 2025, "PM")),
        ("Morning", None),  # a greeting, not an edition
        ("The vote is on October 6", None),
    ],
)
def test_a_line_that_is_only_a_date_or_an_edition(line, found):
    assert parse_date_line(line) == found


@pytest.mark.parametrize(
    "line",
    [
        "Monday, October 6, 2025",
        "October 6, 2025",
        "6 October 2025",
        "10/6/2025",
        "2025-10-06",
        "Monday, 6th October 2025",
        "06-Oct-2025",
        "06.10.2025",
    ],
)
def test_blogger_date_header_formats(line):
    assert parse_date_header(line) == date(2025, 10, 6)


# -- sources ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept", "names"),
    [
        ("Rules changed. (Reuters/AP)", "Rules changed.", ["Reuters", "AP"]),
        ("Banks appealed. [Rudaw]", "Banks appealed.", ["Rudaw"]),
        ("Banks appealed. — Rudaw", "Banks appealed.", ["Rudaw"]),
        ("Banks appealed - Rudaw English.", "Banks appealed.", ["Rudaw"]),
        ("Banks appealed. (Source - Rudaw)", "Banks appealed.", ["Rudaw"]),
        ("Banks appealed. (Via Reuters)", "Banks appealed.", ["Reuters"]),
        ("Banks appealed. (Source: Reuters, AP)", "Banks appealed.", ["Reuters", "AP"]),
        ("Banks appealed. Source: Rudaw", "Banks appealed.", ["Rudaw"]),
        ("Banks appealed. Al-Monitor", "Banks appealed.", ["Al-Monitor"]),
        ("Rudaw: the banks appealed.", "the banks appealed.", ["Rudaw"]),
        ("(Reuters) The banks appealed.", "The banks appealed.", ["Reuters"]),
        ("Gas returned. (https://www.shafaq.com/en/x)", "Gas returned.", ["Shafaq News"]),
        ("Gas returned. (www.example.org/story)", "Gas returned.", ["example.org"]),
        ("Paid in dinars. (Reuters) (2)", "Paid in dinars. (2)", ["Reuters"]),
        ("Cuts fell. (Alsumaria News) 🔌", "Cuts fell. 🔌", ["Alsumaria News"]),
        ("The (CBI) said so (Iraqi News)", "The (CBI) said so", ["Iraqi News"]),
        ("Went on. Kurdistan24 - کوردستان 24", "Went on.", ["Kurdistan24"]),
        # Not sources: part of the sentence.
        ("Disqualified eleven candidates (2)", "Disqualified eleven candidates (2)", []),
        ("Sanctions by the U.S. State Department", "Sanctions by the U.S. State Department", []),
        ("Prices rose 5 - 10 percent", "Prices rose 5 - 10 percent", []),
        ("He spoke to Al Jazeera", "He spoke to Al Jazeera", []),
        ("See the map [1]", "See the map [1]", []),
        ("INA: the cabinet met. (Shafaq News)", "INA: the cabinet met.", ["Shafaq News"]),
    ],
)
def test_source_forms(text, kept, names):
    rest, cited = split_sources(text)
    assert (rest, [c.name for c in cited]) == (kept, names)


def test_a_web_address_as_the_source_keeps_the_address():
    _, [cited] = split_sources("Gas returned. (https://www.shafaq.com/en/x)")
    assert (cited.name, cited.url) == ("Shafaq News", "https://www.shafaq.com/en/x")


def test_labelled_lists_split_only_into_outlet_names():
    assert parse_citation("Source: Rudaw, AP") == ["Rudaw", "AP"]
    assert parse_citation("Sources: oil ministry statement, Reuters") == [
        "oil ministry statement, Reuters"
    ]


@pytest.mark.parametrize(
    ("text", "only"),
    [("(The New Region)", True), ("[Reuters; AP]", True), ("— Rudaw", True),
     ("Source: Rudaw", True), ("(CBI)", False), ("(2)", False), ("Rudaw said so.", False)],
)  # fmt: skip
def test_a_line_that_is_only_a_source(text, only):
    assert is_source_only(text) is only


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("https://www.rudaw.net/english/x", "Rudaw"),
        ("https://english.aawsat.com/x", "Asharq Al-Awsat"),
        ("rudaw.net", "Rudaw"),
        ("https://news.example.org/a", "news.example.org"),
        ("Iraq.Business", "Iraq.Business"),  # not written as an address
    ],
)
def test_web_addresses_name_their_outlet(name, canonical):
    assert canonical_outlet(name) == canonical


# -- structure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "BOTTOM LINE: x.",
        "The Bottom Line: x.",
        "Bottom Line — x.",
        "The bottom line is this: x.",
        "📌 Bottom line: x.",
        "**Bottom line:** x.",
    ],
)
def test_bottom_line_labels(text):
    line = Line(text)
    assert is_bottom_line(line)
    body = build_body(
        [line, Line("S"), Line("a.", bullet=True), Line("What It Means"), Line("b.", bullet=True)]
    )
    assert body.bottom_line == ["x."]


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("What It All Means", True),
        ("WHAT IT ALL MEANS:", True),
        ("What It Means For IQD Holders", True),
        ("What This Means for the Dinar", True),
        ("✅ WHAT IT ALL MEANS", True),
        ("What does it all mean?", True),
        ("What it means for Baghdad is unclear.", False),
    ],
)
def test_closing_headings(text, closing):
    assert is_closing(Line(text)) is closing


@pytest.mark.parametrize(
    "text",
    ["Bottom line up front: x.", "BLUF: x.", "Bottom line for IQD holders: x."],
)
def test_longer_bottom_line_labels(text):
    lines = [Line(text), Line("S"), Line("a.", bullet=True), Line("What It Means")]
    body = build_body([*lines, Line("b.", bullet=True)])
    assert body.bottom_line == ["x."]


def test_bullets_under_a_bottom_line_label_and_a_closing_label_with_its_text():
    lines = [
        Line("Bottom line:"),
        Line("rates hold.", bullet=True),
        Line("The auction shrinks.", bullet=True),
        Line("The Auction"),
        Line("a.", bullet=True),
        Line("**What it all means:** the rate waits."),
        Line("b.", bullet=True),
    ]
    body = build_body(lines)
    assert body.bottom_line == ["rates hold.", "The auction shrinks."]
    assert [s.heading for s in body.sections] == ["The Auction"]
    assert outline(body.takeaway) == [(-1, "the rate waits.", []), (0, "b.", [])]


def test_the_series_name_on_a_line_above_the_rest_of_the_title():
    text = "What's New in Iraq:\nThe Rate Holds – Oct 6, AM\n" + UPDATE_BODY
    [entry] = read_source(text.encode(), "x.txt")
    assert entry.update.title == "What's New in Iraq: The Rate Holds"
    assert entry.update.title_date == TitleDate(10, 6, None, "AM")
    # "Loading..." run into the title line by the copy.
    text = "Loading...What's New in Iraq: The Rate Holds – Oct 6, AM\n" + UPDATE_BODY
    [entry] = read_source(text.encode(), "x.txt")
    assert entry.update.title == "What's New in Iraq: The Rate Holds"


UPDATE_BODY = "Bottom line: x.\nS\n• a. (Rudaw)\nWhat It Means\n• b.\n"


def test_headings_of_a_list_copied_without_its_markers():
    lines = [
        Line("Bottom line: x."),
        Line("The Harvest"),
        Line("The ministry said the harvest was small. (Rudaw)"),
        Line("Farmers blamed the drought."),
        Line("Imports:"),
        Line("Iraq will import wheat. (Reuters)"),
        Line("What It All Means"),
        Line("More dollars leave."),
    ]
    body = build_body(lines)
    assert [s.heading for s in body.sections] == ["The Harvest", "Imports"]
    assert outline(body.sections[0].items) == [
        (-1, "The ministry said the harvest was small.", ["Rudaw"]),
        (-1, "Farmers blamed the drought.", []),
    ]


def test_a_source_on_its_own_line_and_a_lower_case_wrap_continue_the_bullet():
    lines = [
        Line("Bottom line: x."),
        Line("Water"),
        Line("Farmers said the release", bullet=True),
        Line("comes too late."),
        Line("(The New Region)"),
        Line("A second bullet.", bullet=True),
        Line("What It All Means"),
        Line("y.", bullet=True),
    ]
    items = build_body(lines).sections[0].items
    assert outline(items) == [
        (0, "Farmers said the release comes too late.", ["The New Region"]),
        (0, "A second bullet.", []),
    ]


def test_decorative_lines_are_dropped():
    lines = [Line("Bottom line: x."), Line("* * *"), Line("S"), Line("a.", bullet=True)]
    lines += [Line("———"), Line("What It Means"), Line("b.", bullet=True)]
    body = build_body(lines)
    assert body.bottom_line == ["x."] and [s.heading for s in body.sections] == ["S"]


# -- text copied from a browser ---------------------------------------------------------------

CHROME = ("Get link", "Share", "Posted by", "Labels", "comments", "Popular Posts", "Older Post",
          "Subscribe", "Loading", "Facebook", "Reply", "Read more", "Powered by")  # fmt: skip


def assert_no_chrome(update: Update) -> None:
    text = everything(update)
    for chrome in CHROME:
        assert chrome.lower() not in text.lower(), chrome


def test_sidebar_share_menu_and_footer_are_not_the_post():
    update = read_one("copied-sidebar-and-footer.txt")
    assert update.title == "What’s New in Iraq: Oil Money and the North"
    # The date line above the title gives the year.
    assert update.title_date == TitleDate(9, 22, 2025, "PM")
    assert update.intro == ["Evening all 👋 — a long day, so straight to it."]
    assert update.bottom_line == [
        "Oil money is moving north again, and Baghdad wants credit for it before the vote."
    ]
    assert [s.heading for s in update.sections] == ["Oil and the Pipeline", "Salaries"]
    assert outline(update.sections[0].items) == [
        (0, "The oil ministry said exports through the northern pipeline reached their highest "
            "level since the spring.", ["Shafaq News"]),
        (1, "Officials in Erbil said the figures match their own meters.", ["Rudaw"]),
        (1, "SOMO said buyers in Europe took most of the cargoes.", ["Reuters"]),
        (0, "The Kurdistan Regional Government (KRG) said it is still waiting for last month’s "
            "transfer.", ["Rudaw"]),
    ]  # fmt: skip
    assert [names for _, _, names in outline(update.sections[1].items)] == [
        ["Kurdistan24"],
        ["964"],
    ]
    assert len(update.takeaway) == 2
    assert_no_chrome(update)


def test_all_caps_tabs_and_no_blank_lines():
    update = read_one("copied-caps-tabs-no-blank-lines.txt")
    assert update.title == "WHAT'S NEW IN IRAQ: THE AUCTION AND THE BANKS"
    assert update.title_date == TitleDate(9, 23, None, "AM")
    assert update.intro == []  # "Posted by …" under the title is chrome
    assert [s.heading for s in update.sections] == ["THE CENTRAL BANK", "THE BANKS"]
    assert [(d, names) for d, _, names in outline(update.sections[0].items)] == [
        (0, ["Shafaq News"]),
        (1, ["Iraqi News"]),
        (1, ["Reuters", "AP"]),
        (0, ["Alsumaria News"]),
    ]
    assert outline(update.sections[1].items) == [
        (0, "The Iraqi Private Banks League said members would appeal the decision.", ["Rudaw"]),
        (0, "Depositors queued outside two of the affected banks in Baghdad.", ["Rudaw"]),
    ]
    assert_no_chrome(update)


def test_numbered_lists_a_closing_for_iqd_holders_and_reader_comments():
    update = read_one("copied-numbered-and-comments.txt")
    assert update.title == "What's New In Iraq: Ballots and Budgets"
    assert update.title_date == TitleDate(10, 1, 2025, "PM")
    assert update.bottom_line == [
        "the election commission is ready, the budget is not, and the dinar waits on both."
    ]
    election, budget = update.sections
    assert outline(election.items)[2] == (
        0,
        "The commission disqualified eleven more candidates for links to banned groups (2)",
        [],
    )
    assert outline(budget.items)[0][2] == ["Shafaq News", "Rudaw"]
    assert [text for _, text, _ in outline(update.takeaway)] == [
        "No tables before the vote means no new spending before the vote.",
        "A smooth election is the best news the dinar can get this month.",
    ]
    assert "we wait again" not in everything(update)  # a reader's comment
    assert_no_chrome(update)


def test_source_forms_wrapped_bullets_emoji_and_invisible_characters():
    update = read_one("copied-sources-and-wrapped-bullets.txt")
    assert update.title == "What's New in Iraq: Gas, Dollars and Drones"  # no zero-width space
    assert update.bottom_line == [
        "Iran’s gas is flowing again, the dollar is calm, and the drone attacks in the north "
        "have stopped for now."
    ]
    gas, dollar, drones = update.sections
    assert outline(gas.items) == [
        (0, "The Ministry of Electricity said gas deliveries from Iran returned to about "
            "40 million cubic metres a day.", ["Shafaq News"]),
        (0, "The ministry’s spokesman said the payments go through an account at the Trade "
            "Bank of Iraq (TBI) that Washington approved last year.", ["Iraqi News"]),
        (1, "Payment is in Iraqi dinars, not dollars. (2)", ["Reuters"]),
        (0, "Power cuts in Basra dropped from ten hours a day to four. 🔌", ["Alsumaria News"]),
    ]  # fmt: skip
    assert gas.items[0].sources[0].url == "https://www.shafaq.com/en/Economy/gas-returns"
    assert [names for _, _, names in outline(dollar.items)] == [
        ["Iraqi News"], ["Shafaq News"], ["Reuters", "AP"]
    ]  # fmt: skip
    assert [names for _, _, names in outline(drones.items)] == [["Kurdistan24"], ["Rudaw"]]


def test_title_without_a_date_then_a_date_line_and_the_posted_time():
    update = read_one("copied-title-then-date-line.txt")
    assert update.title == "What's New in Iraq: The Rate Holds 🇮🇶"
    # The date from the line under the title, the edition from "Posted by … at 7:42 AM".
    assert update.title_date == TitleDate(10, 6, 2025, "AM")
    assert update.intro == []
    assert [s.heading for s in update.sections] == ["On the Street", "In Parliament"]
    assert [d for d, _, _ in outline(update.sections[0].items)] == [0, 1, 0]
    assert_no_chrome(update)


def test_three_marker_levels_a_source_line_and_emoji_headings():
    update = read_one("copied-nested-markers-emoji.txt")
    assert update.title == "What’s New in Iraq: Tehran, Ankara and the Water"
    assert update.title_date == TitleDate(10, 8, 2025, "PM")
    assert update.intro == ["A short one tonight — I am travelling."]  # no word joiner
    iran, turkey = update.sections
    assert iran.heading == "🔥 IRAN"
    assert [(d, names) for d, _, names in outline(iran.items)] == [
        (0, ["Tasnim"]), (1, ["INA"]), (2, ["Baghdad Today"]), (1, ["Shafaq News"]), (0, []),
    ]  # fmt: skip
    # "(The New Region)" on the line after the bullet is that bullet's source.
    assert outline(turkey.items)[1] == (
        0,
        "Farmers in Nineveh said the release comes too late for the winter wheat.",
        ["The New Region"],
    )
    assert len(update.takeaway) == 2


def test_popular_posts_above_the_post_and_lists_copied_without_markers():
    update = read_one("copied-popular-posts-first-no-markers.txt")
    assert update.title == "What's New in Iraq: Dollars for Wheat"
    assert update.title_date == TitleDate(9, 29, 2025, "PM")
    assert update.intro == ["A quick one before dinner."]
    assert [s.heading for s in update.sections] == ["The Harvest", "Imports"]
    assert [names for _, _, names in outline(update.sections[0].items)] == [
        ["Shafaq News"],
        ["Rudaw"],
    ]
    assert len(update.takeaway) == 2
    assert "older post" not in everything(update)


def test_a_copied_home_page_gives_each_post():
    data = (RAW / "copied-home-page-two-posts.txt").read_bytes()
    entries = read_source(data, "home.txt")
    assert [e.label for e in entries] == ["home.txt post 1", "home.txt post 2"]
    first, second = (e.update for e in entries)
    assert first.title == "What's New in Iraq: Two Rates, One Dinar"
    # One date header over both posts of the day gives both their year.
    assert (when(first), when(second)) == (
        (date(2025, 10, 30), "PM"),
        (date(2025, 10, 30), "AM"),
    )
    assert second.intro == ["Good morning."]
    assert [d for d, _, _ in outline(second.sections[0].items)] == [0, 1]
    assert "Older Posts" not in everything(first) + everything(second)
    # Without AM/PM in the titles, each post's own "Posted by … at" gives its edition.
    bare = data.replace(b"October 30, PM", b"October 30").replace(b"October 30, AM", b"October 30")
    first, second = (e.update for e in read_source(bare, "home.txt"))
    assert (first.title_date.edition, second.title_date.edition) == ("PM", "AM")


def test_star_bullets_separators_and_more_source_forms():
    update = read_one("copied-star-bullets-and-source-forms.txt")
    assert update.title_date == TitleDate(11, 4, None, "AM")
    assert update.intro == []  # "* * *" is a separator
    treasury, banks = update.sections
    assert outline(treasury.items) == [
        (0, "The U.S. Treasury added two Iraqi exchange companies to its sanctions list.",
         ["Reuters", "AP"]),
        (1, "The companies are accused of moving dollars for an armed group.", ["Al-Monitor"]),
        (1, "Neither company has commented.", []),
        (0, "The central bank said it had already suspended both companies from the auction.",
         ["Rudaw"]),
    ]  # fmt: skip
    assert outline(banks.items) == [
        (0, "The central bank asked all banks to check their clients against the new list.",
         ["Shafaq News"]),
        (0, "Two banks said they closed the companies' accounts last month. (1)", ["Iraqi News"]),
        (0, 'The Iraqi Private Banks League said the sector is "cleaner than ever". 💬',
         ["Kurdistan24"]),
    ]  # fmt: skip


def test_text_cut_at_read_more_says_so():
    text = (
        "What's New in Iraq: Cut Short October 2, AM\n"
        "The bottom line is that this post continues on its own page.\n"
        "The Auction\n  • One thing. (Reuters)\nRead more »\n"
    )
    [entry] = read_source(text.encode(), "home.txt")
    assert "stops at 'Read more »'" in str(entry.problem)
    assert "\n" not in str(entry.problem)


def test_a_third_party_template_copy_with_a_byline_and_related_posts():
    update = read_one("copied-third-party-template.txt")
    assert update.title == "What's New in Iraq: The Auction Shrinks"
    assert update.title_date == TitleDate(9, 25, 2025, "PM")
    # The byline under the title is the blog's name, seen above the title: not the intro.
    assert update.intro == []
    assert [s.heading for s in update.sections] == ["The Auction", "The Street Rate"]
    assert [text for _, text, _ in outline(update.takeaway)] == [
        "A smaller auction with a steady street rate is what the central bank hoped for."
    ]
    assert_no_chrome(update)


# -- Blogger post pages -----------------------------------------------------------------------


def test_a_third_party_template_page_reads_as_its_copied_text():
    page = read_one("page-third-party-template.html")
    text = read_one("copied-third-party-template.txt")
    # "span.post-date.published[datetime]" gives the time.
    assert when(page) == (date(2025, 9, 25), "PM")
    assert page.provenance.source_url.endswith("/the-auction-shrinks.html")
    assert (page.title, page.intro, page.bottom_line) == (text.title, text.intro, text.bottom_line)
    assert [(s.heading, outline(s.items)) for s in page.sections] == [
        (s.heading, outline(s.items)) for s in text.sections
    ]
    assert outline(page.takeaway) == outline(text.takeaway)


def test_contempo_page_with_br_lines_and_typed_bullets():
    update = read_one("page-contempo-br-lines.html")
    assert update.provenance.blogger_id == "5550001112223334445"
    assert when(update) == (date(2025, 10, 9), "PM")
    assert update.intro == ["Evening, everyone."]
    assert update.bottom_line == [
        "salaries are paid, the smugglers are squeezed, and the rate is calm."
    ]
    assert [s.heading for s in update.sections] == ["SALARIES", "SMUGGLING"]
    assert [(d, names) for d, _, names in outline(update.sections[0].items)] == [
        (0, ["Shafaq News"]), (1, ["INA"]), (0, ["Baghdad Today"])
    ]  # fmt: skip
    assert len(update.takeaway) == 2
    text = everything(update)
    assert "still waiting" not in text and "sidebar" not in text  # comments, Popular Posts


def test_notable_page_h1_title_article_body_and_three_levels():
    update = read_one("page-notable-h1-nested-lists.html")
    assert update.title == "What's New in Iraq: Three Levels of Talks"
    # No date in the title: meta[itemprop=datePublished] gives the day and, at 06:55, AM.
    assert when(update) == (date(2025, 10, 13), "AM")
    assert update.provenance.source_url.endswith("/three-levels-of-talks.html")
    assert update.intro == ["Good morning from a cold kitchen."]
    talks, kurds = update.sections
    assert [d for d, _, _ in outline(talks.items)] == [0, 1, 2, 2, 0]
    assert outline(talks.items)[4][1:] == (
        "Asa’ib Ahl al-Haq said it will not join a government that invites foreign troops. "
        "Its statement did not name any country.",
        ["Baghdad Today"],
    )
    assert [d for d, _, _ in outline(kurds.items)] == [0, 0]  # <ol>
    assert [d for d, _, _ in outline(update.takeaway)] == [0, 0]
    assert "readers comment" not in everything(update)


def test_emporio_page_margins_captions_links_and_a_numeric_date():
    update = read_one("page-emporio-margins-and-captions.html")
    assert update.title == "What's New in Iraq: Trucks and Tariffs"
    assert update.title_date == TitleDate(10, 15, None, "PM")
    assert update.bottom_line == [
        "Trade with the neighbours is slowing at the border, and the new tariffs are why."
    ]
    border, tariffs = update.sections
    assert [(d, [(c.name, c.url) for c in item.sources]) for d, item in (
        (0, border.items[0]), (1, border.items[0].children[0]), (0, border.items[1]))] == [
        (0, [("Rudaw", "https://www.rudaw.net/english/business/2025-border")]),
        (1, [("Kurdistan24", "https://www.kurdistan24.net/en/story/2025-border")]),
        (0, [("Shafaq News", "https://www.shafaq.com/en/economy/customs")]),
    ]  # fmt: skip
    assert "file photo" not in everything(update)  # the image caption
    assert len(update.takeaway) == 2


def test_word_paste_blockquote_and_link_sources():
    update = read_one("page-word-paste-and-quirks.html")
    assert update.bottom_line == [
        "the oil money is steady, but the pipeline dispute is not settled."
    ]
    exports, pipeline = update.sections
    assert exports.heading == "Oil Exports"
    # Word's list paragraphs: "·" in the Symbol font, levels by margin-left in inches.
    assert [(d, names) for d, _, names in outline(exports.items)] == [
        (0, ["Reuters"]), (1, ["Iraq Business News"]), (0, ["Kurdistan24"])
    ]  # fmt: skip
    assert [names for _, _, names in outline(pipeline.items)] == [["Anadolu Agency"], ["Rudaw"]]
    assert [text for _, text, _ in outline(update.takeaway)] == [
        "Steady oil money is steady support for the rate.",
        "The pipeline is the risk to watch in 2026.",
    ]


def test_a_page_that_only_shows_the_date_header_gives_the_year():
    page = (RAW / "page-word-paste-and-quirks.html").read_text(encoding="utf-8")
    page = page.replace(' title="2025-11-06T07:50:00+03:00"', "").replace(
        "November 6, AM</h3>", "November 6, AM</h3>"
    )
    [entry] = read_source(page.encode(), "page.html")
    update = entry.update
    assert update.provenance.published is None
    assert update.title_date == TitleDate(11, 6, 2025, "AM")


def test_a_page_without_a_post_title_uses_the_page_title_and_drops_the_feed_footer():
    page = (
        "<html><head><title>Dinar Desk Sample: What&#39;s New in Iraq: Plain Page November 9, "
        'PM</title></head><body><div class="post-body"><p>Bottom line: x.</p><p><b>S</b></p>'
        "<ul><li>a. (Rudaw)</li></ul><p><b>What It Means</b></p><ul><li>b.</li></ul>"
        '<div class="blogger-post-footer">Subscribe to Dinar Desk Sample by Email</div>'
        "</div></body></html>"
    )
    [entry] = read_source(page.encode(), "page.html")
    assert entry.update.title == "What's New in Iraq: Plain Page"
    assert [item.text for item in entry.update.takeaway] == ["b."]


def test_a_post_cut_short_on_the_home_page_says_so_and_the_whole_one_imports():
    def post(title: str, closing: str, jump: str) -> str:
        return (
            f'<div class="post hentry"><h3 class="post-title">{title}</h3>'
            '<div class="post-body"><p>Bottom line: x.</p><p><b>S</b></p>'
            f"<ul><li>a. (Rudaw)</li></ul>{closing}{jump}</div></div>"
        )

    page = "<html><body>{}{}</body></html>".format(
        post(
            "What's New in Iraq: A October 1, AM",
            "",
            '<div class="jump-link"><a href="https://x.example/a.html#more">Read more »</a></div>',
        ),
        post("What's New in Iraq: B October 2, AM", "<h4>What It Means</h4><p>b.</p>", ""),
    )
    cut, whole = read_source(page.encode(), "home.html")
    assert str(cut.problem).startswith("the post is cut short at 'Read more »'")
    assert whole.update.title == "What's New in Iraq: B"


# -- feeds ------------------------------------------------------------------------------------


def test_blogger_export_with_types_and_statuses():
    entries = read_source((RAW / "export-takeout-2018.xml").read_bytes(), "export.xml")
    assert [(e.update.title if e.update else None, str(e.problem or "")) for e in entries] == [
        ("What's New in Iraq: Oil Money", ""),
        ("What's New in Iraq: Oil Money", ""),
        (None, "a draft post"),
        (None, "a soft trashed post, not published"),
        (None, "a Blogger page, not a post"),
    ]
    newer, older = entries[0].update, entries[1].update
    assert (newer.provenance.blogger_id, older.provenance.blogger_id) == ("1017", "1016")
    assert (when(newer), when(older)) == ((date(2025, 10, 17), "AM"), (date(2025, 10, 16), "AM"))


def test_rss_dates_are_read_in_the_blogs_own_time_zone():
    entries = read_source((RAW / "blogger-rss-2.0.xml").read_bytes(), "feed.rss")
    court, auction = (e.update for e in entries)
    assert when(court) == (date(2025, 10, 20), "PM")
    # Posted at 00:45 in Baghdad: 21:45 the day before in UTC, the pubDate's zone.
    assert when(auction) == (date(2025, 10, 20), "AM")
    assert auction.bottom_line == ["the auction was quiet and the rate did not move."]


def test_atom_cdata_xhtml_and_summary_only_entries():
    entries = read_source((RAW / "feed-cdata-summary-xhtml.atom.xml").read_bytes(), "f.xml")
    cdata, xhtml, summary = entries
    assert cdata.update.title == "What's New in Iraq: Ports & Pipelines"
    assert cdata.label == 'f.xml entry 1 ("What\'s New in Iraq: Ports & Pipelines October 22, PM")'
    assert [s.heading for s in cdata.update.sections] == ["Ports & Pipelines"]
    assert xhtml.update.bottom_line == ["the pipeline talks are back on."]
    assert "only a summary" in str(summary.problem)


def test_json_feed_emoji_bullets_and_two_parts_of_one_day():
    entries = read_source((RAW / "blogger-feed.json").read_bytes(), "feed.json")
    part2, part1 = (e.update for e in entries)
    assert part2.title == "What's New in Iraq: The Budget Debate (Part 2)"
    assert part1.title == "What's New in Iraq: The Budget Debate"
    assert when(part2) == when(part1) == (date(2025, 10, 27), "PM")
    assert part2.bottom_line == ["the budget is now a political fight, not a technical one."]
    assert outline(part2.sections[0].items) == [
        (0, "The Finance Committee said it will call the minister next week.", ["Baghdad Today"]),
        (0, "Kurdish members asked for the salary article to be rewritten.", ["Rudaw"]),
    ]
    assert part2.provenance.source_url.endswith("the-budget-debate-part-2.html")


def test_a_broken_json_feed_fails_in_one_line():
    [entry] = read_source(b'{"feed": {"entry": [', "feed.json")
    assert str(entry.problem).startswith("the feed is not valid JSON (line 1:")


# -- the command and the build ----------------------------------------------------------------


def test_an_outcome_is_always_one_line():
    outcome = Outcome("failed", "odd\nname.txt", "cannot parse the page as HTML (line 1\nline 2)")
    assert outcome.line() == "failed odd name.txt (cannot parse the page as HTML (line 1 line 2))"


# The interface-language samples are one post five times: test_importer_languages.py's.
NEW_SHAPES = sorted(
    p.name
    for p in RAW.iterdir()
    if p.name.startswith(("copied-", "page-", "export-")) and "-interface-" not in p.name
) + ["blogger-rss-2.0.xml", "feed-cdata-summary-xhtml.atom.xml", "blogger-feed.json"]


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, list[str]]:
    """Every new shape through ``bottomline ingest`` in a project with the real actors."""
    project = tmp_path_factory.mktemp("variants")
    for name in ("conf.py", "index.md", "archive.md", "outlets.md", "how-to-search.md"):
        shutil.copy(ROOT / name, project / name)
    for name in ("actors", "_templates"):
        shutil.copytree(ROOT / name, project / name)
    status, lines = _ingest(project, "--year", "2025", *(str(RAW / n) for n in NEW_SHAPES))
    assert status == 1  # the summary-only feed entry fails
    return project, lines


def _ingest(project: Path, *args: str) -> tuple[int, list[str]]:
    """``bottomline ingest ARGS`` run in ``project``: the exit status and the lines printed."""
    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(out):
            status = main(["ingest", *args])
    finally:
        os.chdir(cwd)
    return status, out.getvalue().splitlines()


def test_ingest_reports_one_line_per_post(imported):
    _, lines = imported
    assert lines[-1] == "created 23, updated 0, unchanged 0, skipped 4, failed 1"
    # The same post as copied text, then as its page: the page (address, time) is kept.
    copy = str(RAW / "copied-third-party-template.txt")
    assert any(line.startswith(f"skipped {copy} (the same post as ") for line in lines)
    created = sorted(line.split()[1] for line in lines if line.startswith("created posts/"))
    assert created == sorted(
        f"posts/2025/{stem}.md"
        for stem in [
            "2025-09-22-pm-oil-money-and-the-north", "2025-09-23-am-the-auction-and-the-banks",
            "2025-09-25-pm-the-auction-shrinks",
            "2025-09-29-pm-dollars-for-wheat", "2025-10-01-pm-ballots-and-budgets",
            "2025-10-03-am-gas-dollars-and-drones", "2025-10-06-am-the-rate-holds",
            "2025-10-08-pm-tehran-ankara-and-the-water",
            "2025-10-09-pm-salaries-smuggling-and-the-rate",
            "2025-10-13-am-three-levels-of-talks", "2025-10-15-pm-trucks-and-tariffs",
            "2025-10-16-am-oil-money", "2025-10-17-am-oil-money",
            "2025-10-20-am-a-quiet-auction", "2025-10-20-pm-the-court-rules",
            "2025-10-22-pm-ports-pipelines", "2025-10-24-am-ports-and-pipelines",
            "2025-10-27-pm-the-budget-debate", "2025-10-27-pm-the-budget-debate-part-2",
            "2025-10-30-am-salaries-on-time", "2025-10-30-pm-two-rates-one-dinar",
            "2025-11-04-am-sanctions-and-banks", "2025-11-06-am-oil-word-and-blockquotes",
        ]
    )  # fmt: skip
    problems = [line for line in lines if line.startswith(("skipped", "failed"))]
    problems = [line for line in problems if "the same post as" not in line]
    assert len(problems) == 4
    for line in problems:  # one line, naming the file and the entry
        assert ".xml entry " in line and "\n" not in line
    assert any("only a summary" in line for line in problems)


def test_every_imported_post_builds_strictly_with_the_real_configuration(imported):
    project, _ = imported
    out = project / "_build" / "html"
    result = sphinx_build(project, out, "-E", "-n", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    for path in sorted((project / "posts" / "2025").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        soup = BeautifulSoup((out / "posts/2025" / f"{path.stem}.html").read_text(), "html.parser")
        main_part = soup.select_one("[role=main]")
        assert main_part.select_one("div.admonition.bottom-line p + p"), path.name
        assert main_part.select("div.admonition.what-it-means li, div.what-it-means p + p")
        cited = [span.get_text() for span in main_part.select(".outlet")]
        assert set(meta["outlets"]) <= set(cited), path.name
        page = main_part.get_text()
        for chrome in ("Posted by", "Share to", "Popular Posts", "Loading...", "Post a Comment"):
            assert chrome not in page, (path.name, chrome)


def test_sources_are_outlets_never_left_in_the_text(imported):
    project, _ = imported
    names = [*KNOWN_OUTLETS, *(n for others in KNOWN_OUTLETS.values() for n in others)]
    for path in sorted((project / "posts" / "2025").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith("- "):
                continue
            text = re.sub(r" \(\{outlet\}`[^`]*`(?:; \{outlet\}`[^`]*`)*\)$", "", line)
            for name in names:
                for cited in (f"({name})", f"\\[{name}\\]", f"— {name}", f". {name}"):
                    assert not text.endswith(cited), (path.name, line)


def test_running_again_and_reimporting_the_kept_originals_changes_nothing(imported):
    project, _ = imported
    before = {p: p.read_bytes() for p in (project / "posts").rglob("*.md")}
    _, again = _ingest(project, "--year", "2025", *(str(RAW / n) for n in NEW_SHAPES))
    assert again[-1] == "created 0, updated 0, unchanged 23, skipped 4, failed 1"
    # ... and stays: the copied text does not take it back.
    assert (
        f"skipped {RAW / 'copied-third-party-template.txt'} "
        f"(the same post as {RAW / 'page-third-party-template.html'}, later in this batch: "
        "the page or feed version is kept over a copy)"
    ) in again
    kept = sorted(str(p) for p in (project / "raw").rglob("*") if p.is_file())
    status, lines = _ingest(project, *kept)  # no --year: the kept files' names give it
    # (the copy was never written: no kept original of it)
    assert (status, lines[-1]) == (0, "created 0, updated 0, unchanged 23, skipped 0, failed 0")
    assert {p: p.read_bytes() for p in (project / "posts").rglob("*.md")} == before
