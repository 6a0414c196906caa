"""Text copied from a post page -> Update (bottomline.importer.read_text), no Sphinx."""

from __future__ import annotations

from datetime import date

import pytest

from bottomline.importer.dates import resolve_date
from bottomline.importer.read_text import read_text
from bottomline.model import ImportFailure, Item, NotAnUpdate, TitleDate
from helpers import DINARDESK, RAW


def texts(items: list[Item]) -> list[str]:
    return [item.text for item in items]


def outlets(item: Item) -> list[str]:
    return [citation.name for citation in item.sources]


@pytest.fixture(scope="module")
def ports():
    return read_text((RAW / "2025-11-03-am-ports-tariffs.txt").read_bytes(), "ports.txt")


@pytest.fixture(scope="module")
def bonds():
    return read_text((RAW / "2025-11-05-pm-bonds-and-salaries.txt").read_bytes(), "bonds.txt")


def test_title_date_and_edition_come_off_the_title(ports):
    assert ports.title == "What's New in Iraq: Ports, Tariffs and the Dinar"
    assert ports.title_date == TitleDate(month=11, day=3, year=None, edition="AM")


def test_intro_and_bottom_line_keep_the_wording_without_the_label(ports):
    # Non-breaking spaces (and the runs they make) become single spaces.
    assert ports.intro == ["Morning, all. A short note before the markets open."]
    assert ports.bottom_line == [
        "customs reform is moving faster than the budget, and that helps non-oil revenue."
    ]


def test_sections_bullets_and_nesting_follow_the_indentation(ports):
    assert [s.heading for s in ports.sections] == ["Customs at the Border", "The Port of Faw"]
    customs = ports.sections[0].items
    assert len(customs) == 2
    assert texts(customs[0].children) == [
        "Importers in Basra asked for a ninety-day grace period.",
        "The customs authority said paper declarations will no longer be accepted.",
    ]
    assert customs[1].children == []
    assert all(item.bullet for item in customs)


def test_trailing_parentheses_are_sources_in_every_form(ports):
    customs, faw = ports.sections[0].items, ports.sections[1].items
    assert outlets(customs[0]) == ["Shafaq News"]
    assert outlets(customs[0].children[1]) == ["Rudaw", "Iraqi News"]  # "(A; B)"
    assert outlets(customs[1]) == ["The New Region"]  # "(Source: …)"
    assert outlets(faw[0]) == ["Kurdistan24"]  # "(Kurdistan24 - کوردستان 24)"
    assert faw[0].sources[0].cited_as == "Kurdistan24 - کوردستان 24"
    assert outlets(faw[1]) == ["Alsumaria News"]  # "(السومرية نيوز)"
    assert faw[0].text.endswith("its last phase.")


def test_parentheses_in_the_sentence_are_not_sources(ports):
    customs, faw = ports.sections[0].items, ports.sections[1].items
    assert "Federal Board of Supreme Audit (FBSA) found gaps" in customs[1].text
    # "(DR)." ends the bullet but defines an abbreviation: it stays text.
    assert (
        faw[2].text == "One lawmaker called the project “the spine of the Development Road” (DR)."
    )
    assert faw[2].sources == []


def test_closing_section_ends_before_the_page_chrome(ports):
    assert texts(ports.takeaway) == [
        "More customs money means less reliance on oil sales, and that supports the dinar.",
        "Watch whether the tariff tables survive the next cabinet session.",
    ]
    everything = " ".join([*ports.intro, *ports.bottom_line, *(i.text for i in ports.all_items())])
    for chrome in ("Loading", "Home item", "Powered by", "Popular Posts", "1029384756102938475"):
        assert chrome not in everything


def test_windows_line_endings_dash_and_o_bullets(bonds):
    raw = (RAW / "2025-11-05-pm-bonds-and-salaries.txt").read_bytes()
    assert b"\r\n" in raw
    assert bonds.title == "Iraq Update: Bonds and Salaries"
    bonds_section = bonds.sections[0]
    assert bonds_section.heading == "Domestic Bonds"
    first = bonds_section.items[0]
    assert texts(first.children) == [
        "Most of the buyers were Rafidain and Rasheed banks.",
        "The central bank agreed to discount the bonds for the buyers.",
    ]
    assert outlets(first) == ["Al-Monitor"]  # cited as "AL-Monitor"
    assert first.sources[0].cited_as == "AL-Monitor"
    assert outlets(first.children[1]) == ["Shafaq News"]  # Arabic-script name of a known outlet
    assert outlets(bonds_section.items[1]) == ["Reuters", "AFP"]
    assert not any("\r" in text for text in texts(bonds.all_items()))


def test_bottom_line_label_on_its_own_line_and_what_it_means(bonds):
    assert bonds.bottom_line == [
        "The government is borrowing at home to pay salaries, "
        "and the central bank is quietly helping."
    ]
    assert bonds.intro == ["1. This is the first of two notes tonight; the second comes tomorrow."]
    assert texts(bonds.takeaway) == [
        "Borrowing from state banks keeps salaries flowing "
        "but adds to the debt the dinar has to carry."
    ]


def test_a_blogger_date_header_above_the_title_gives_the_year():
    update = read_text((RAW / "2025-11-07-pm-power-before-winter.txt").read_bytes())
    assert update.title_date == TitleDate(month=11, day=7, year=2025, edition="PM")


UPDATE = """What's New in Iraq: A Test November 3, AM

{bottom}

Things
  • One thing. (Reuters)

What It All Means
  • It matters.
"""


@pytest.mark.parametrize(
    ("bottom", "expected"),
    [
        ("The bottom line is that rates hold.", ["rates hold."]),
        ("Bottom line: rates hold.", ["rates hold."]),
        ("Bottom Line — Rates hold.", ["Rates hold."]),
        ("Bottom line:\n\nRates hold.", ["Rates hold."]),
        ("Bottom line:\n\nrates hold.", ["rates hold."]),
        ("The bottom line is simple: rates hold.", ["The bottom line is simple: rates hold."]),
    ],
)
def test_bottom_line_forms(bottom, expected):
    assert read_text(UPDATE.format(bottom=bottom)).bottom_line == expected


def test_curly_quotes_and_dashes_are_kept_as_written():
    update = read_text(
        UPDATE.format(bottom="The bottom line is that “Kata’ib” – and 'Kata'ib' — stay.")
    )
    assert update.bottom_line == ["“Kata’ib” – and 'Kata'ib' — stay."]


def test_a_bullet_wrapped_onto_an_indented_line_is_one_bullet():
    text = UPDATE.replace(
        "  • One thing. (Reuters)", "  • One thing that goes on\n    and on. (Reuters)"
    ).format(bottom="Bottom line: x.")
    section = read_text(text).sections[0]
    assert texts(section.items) == ["One thing that goes on and on."]
    assert outlets(section.items[0]) == ["Reuters"]


def test_a_text_without_a_bottom_line_is_not_an_update():
    with pytest.raises(NotAnUpdate, match="no bottom line"):
        read_text("Members Call Moves to Thursday\n\nThe call moves to Thursday this week.\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary, not text"),
        ("Caf\u00e9 bottom line".encode("latin-1"), "not UTF-8 text"),
        (b"Loading...\nPowered by Blogger.\n", "no title line"),
    ],
)
def test_unreadable_text_fails_with_a_clear_message(data, message):
    with pytest.raises(ImportFailure, match=message):
        read_text(data)


def test_an_update_without_a_closing_section_fails():
    text = "A Test November 3, AM\n\nBottom line: x.\n\nThings\n  • One. (Reuters)\n"
    with pytest.raises(ImportFailure, match="no closing 'What It All Means' section"):
        read_text(text)


# The repository's own copies of post pages, and the Dinar Desk set's.
POST_COPIES = sorted(RAW.glob("2025-*.txt")) + sorted(DINARDESK.glob("*.txt"))


@pytest.mark.parametrize("path", POST_COPIES, ids=lambda path: path.name)
def test_copied_post_samples_read(path):
    update = read_text(path.read_bytes(), path.name)
    assert update.bottom_line and update.sections and update.takeaway
    assert update.title_date.month and update.title_date.day and update.title_date.edition
    assert all(item.text for item in update.all_items())
    assert "Home item" not in " ".join(texts(update.takeaway))


def test_o_bullets_under_dash_bullets_nest_even_without_indentation():
    text = UPDATE.replace(
        "  • One thing. (Reuters)", "- One thing. (Reuters)\no Under it.\n- Two."
    ).format(bottom="Bottom line: x.")
    items = read_text(text).sections[0].items
    assert texts(items) == ["One thing.", "Two."]
    assert texts(items[0].children) == ["Under it."]


# -- after the closing section ---------------------------------------------------------------

CLOSING = """What's New in Iraq: Tail November 9, PM

The bottom line is that x happens.

What It All Means
  • y is likely.

The dinar story is a slow one; patience pays.

See you tomorrow.
{after}"""


def test_paragraphs_after_the_closing_bullets_are_kept():
    update = read_text(CLOSING.format(after="\nHome item\nThe bottom line is that a widget.\n"))
    assert [(item.text, item.bullet) for item in update.takeaway] == [
        ("y is likely.", True),
        ("The dinar story is a slow one; patience pays.", False),
        ("See you tomorrow.", False),
    ]


@pytest.mark.parametrize(
    "chrome",
    [
        "Home item",
        "Powered by Blogger.",
        "Simple theme. Powered by Blogger.",
        "Theme images by someone. Powered by Blogger.",
        "Popular Posts",
        "Search This Blog",
        "Labels: budget, water",
        "Posted by Sample Desk at 8:10 PM",
        "Email ThisBlogThis!Share to XShare to FacebookShare to Pinterest",
        "Share to Facebook",
        "Get link",
        "3 comments:",
        "No comments:",
        "Post a Comment",
        "Newer Post Older Post Home",
        "Newer Post Home",
        "Home Older Post",
        "Subscribe to: Post Comments (Atom)",
        "Location: Baghdad, Iraq",
        "Reactions: useful (2) thin (0)",
        "You may like these posts",
        "reservoir at dusk 5566778899001122334",  # a picture: alt text and Blogger's id
    ],
)
def test_the_post_ends_at_the_first_line_of_page_chrome_after_the_closing(chrome):
    # What follows the chrome is the page (a related post, a widget), never the post.
    after = f"{chrome}\nWhat's New in Iraq: Older November 2, AM\nAn older teaser is here.\n"
    update = read_text(CLOSING.format(after=after))
    assert [item.text for item in update.takeaway] == [
        "y is likely.",
        "The dinar story is a slow one; patience pays.",
        "See you tomorrow.",
    ]


def test_a_picture_inside_the_post_is_dropped_and_never_a_title_or_label():
    text = (
        "What's New in Iraq picture 1234567890123456\n"
        "What's New in Iraq: Pictures November 9, PM\n\n"
        "The bottom line is that x happens.\n\nbottom line chart 1234567890123456\n\n"
        "Part\n  • A thing. (Rudaw)\nwhat it all means graphic 1234567890123456\n  • More.\n\n"
        "What It All Means\n  • y.\n"
    )
    update = read_text(text)
    assert update.title == "What's New in Iraq: Pictures"
    assert update.bottom_line == ["x happens."]
    assert [item.text for item in update.sections[0].items] == ["A thing.", "More."]
    assert [item.text for item in update.takeaway] == ["y."]


def test_a_title_with_the_day_before_the_month_imports():
    text = UPDATE.format(bottom="Bottom line: x.").replace(
        "November 3, AM", "22nd September 2025, PM"
    )
    update = read_text(text)
    assert update.title_date == TitleDate(9, 22, 2025, "PM")
    assert resolve_date(update.title_date, None) == (date(2025, 9, 22), "PM")
