"""Titles without a year: splitting the date off, and finding the year and edition."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bottomline.importer.dates import date_in_name, resolve_date, split_title, title_slug
from bottomline.model import ImportFailure, TitleDate


@pytest.mark.parametrize(
    ("raw", "title", "when"),
    [
        (
            "What's New in Iraq: Fear and Deals September 22, PM",
            "What's New in Iraq: Fear and Deals",
            TitleDate(9, 22, None, "PM"),
        ),
        (
            "Iraq Update: Sanctions Watch October 2, AM",
            "Iraq Update: Sanctions Watch",
            TitleDate(10, 2, None, "AM"),
        ),
        ("X: Rates - Sept. 24th 2025 (P.M.)", "X: Rates", TitleDate(9, 24, 2025, "PM")),
        ("X: Rates Dec 30 AM Edition", "X: Rates", TitleDate(12, 30, None, "AM")),
        ("X: Rates November 8", "X: Rates", TitleDate(11, 8, None, None)),
        ("X: Special Report PM", "X: Special Report", TitleDate(None, None, None, "PM")),
        ("Members Call Moves to Thursday", "Members Call Moves to Thursday", TitleDate()),
        ("What May Bring May 5, AM", "What May Bring", TitleDate(5, 5, None, "AM")),
    ],
)
def test_split_title(raw, title, when):
    assert split_title(raw) == (title, when)


X = "What's New in Iraq: Fear and Deals"


@pytest.mark.parametrize(
    ("tail", "when"),
    [
        # Day before month, as written outside the US.
        ("22 September, AM", TitleDate(9, 22, None, "AM")),
        ("22nd September, PM", TitleDate(9, 22, None, "PM")),
        ("– 22nd of September 2025 (PM)", TitleDate(9, 22, 2025, "PM")),
        ("Monday, 22 Sept. 2025, AM", TitleDate(9, 22, 2025, "AM")),
        ("22-Sep-2025 PM", TitleDate(9, 22, 2025, "PM")),
        ("22nd-September AM", TitleDate(9, 22, None, "AM")),
        ("22/9 PM", TitleDate(9, 22, None, "PM")),
        ("22/09/2025 AM", TitleDate(9, 22, 2025, "AM")),
        ("22.09.2025 PM", TitleDate(9, 22, 2025, "PM")),
    ],
)
def test_day_month_order_in_titles(tail, when):
    assert split_title(f"{X} {tail}") == (X, when)
    assert split_title(f"What's New in Iraq {tail}: Fear and Deals") == (X, when)


@pytest.mark.parametrize("title", [f"{X} Open 24/7", f"{X} 22/9", f"{X} 22.09. AM"])
def test_numbers_that_are_no_day_month_date(title):
    assert split_title(title)[1].month is None


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "What's New in Iraq: Budget Tables and the Dollar Auction",
            "budget-tables-and-the-dollar-auction",
        ),
        ("Iraq Update: Kata’ib Hezbollah’s Move", "kataib-hezbollahs-move"),
        ("No Series Prefix Here", "no-series-prefix-here"),
        ("What's New in Iraq:", "whats-new-in-iraq"),
        ("ما الجديد في العراق", "update"),
    ],
)
def test_title_slug(title, slug):
    assert title_slug(title) == slug


def test_title_slug_falls_back_to_the_post_url_for_a_title_without_latin_letters():
    url = "https://x.example.blogspot.com/2025/10/rate-news.html"
    assert title_slug("ما الجديد في العراق", url) == "rate-news"


def test_very_long_slugs_are_cut_at_a_word():
    slug = title_slug("X: " + " ".join(["word"] * 40))
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")


EST = timezone(timedelta(hours=-5))


def test_year_and_edition_from_metadata():
    published = datetime(2025, 10, 6, 19, 42, tzinfo=EST)
    assert resolve_date(TitleDate(10, 6, None, "PM"), published) == (date(2025, 10, 6), "PM")


def test_metadata_year_is_the_nearest_one_around_new_year():
    # Posted just after midnight on 1 January, titled "December 31".
    published = datetime(2026, 1, 1, 0, 30, tzinfo=EST)
    assert resolve_date(TitleDate(12, 31, None, "PM"), published) == (date(2025, 12, 31), "PM")


def test_edition_from_the_published_time_when_the_title_has_none():
    morning = datetime(2025, 11, 8, 7, 30, tzinfo=EST)
    noon = datetime(2025, 11, 8, 12, 0, tzinfo=EST)
    assert resolve_date(TitleDate(11, 8), morning)[1] == "AM"
    assert resolve_date(TitleDate(11, 8), noon)[1] == "PM"


def test_date_from_metadata_when_the_title_has_none():
    published = datetime(2025, 11, 8, 7, 30, tzinfo=EST)
    assert resolve_date(TitleDate(), published) == (date(2025, 11, 8), "AM")


def test_year_option_then_crossing_into_january():
    first = resolve_date(TitleDate(12, 30, None, "AM"), None, year=2025)
    assert first == (date(2025, 12, 30), "AM")
    second = resolve_date(TitleDate(1, 2, None, "PM"), None, year=2025, previous=first[0])
    assert second == (date(2026, 1, 2), "PM")


def test_a_post_a_few_days_out_of_order_stays_in_its_year():
    when, _ = resolve_date(TitleDate(10, 3, None, "AM"), None, previous=date(2025, 10, 5))
    assert when == date(2025, 10, 3)


def test_the_title_year_wins():
    when, _ = resolve_date(TitleDate(3, 1, 2024, "AM"), None, year=2025)
    assert when == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("2025-11-03-am-ports-tariffs-and-the-dinar.txt", date(2025, 11, 3)),
        ("2025-11-03.txt", date(2025, 11, 3)),
        ("2025-11-03 notes.txt", date(2025, 11, 3)),
        ("2025-02-30-x.txt", None),  # no such day
        ("2025-11-030.txt", None),
        ("notes-2025-11-03.txt", None),  # only at the start
        ("sept-24.txt", None),
    ],
)
def test_the_date_a_file_name_starts_with(name, found):
    assert date_in_name(name) == found


NAMED = date(2024, 11, 3)


@pytest.mark.parametrize(
    ("title_date", "kwargs", "when"),
    [
        # The file name's date gives the year when the title's month and day agree ...
        (TitleDate(11, 3, None, "AM"), {}, date(2024, 11, 3)),
        # ... over the post before it in the batch, an inference ...
        (TitleDate(11, 3, None, "AM"), {"previous": date(2025, 11, 1)}, date(2024, 11, 3)),
        # ... but not over --year for the first post, nor over the title's own year.
        (TitleDate(11, 3, None, "AM"), {"year": 2025}, date(2025, 11, 3)),
        (TitleDate(11, 3, 2023, "AM"), {}, date(2023, 11, 3)),
        # A title without a date takes the file name's whole date.
        (TitleDate(None, None, None, "AM"), {}, date(2024, 11, 3)),
        # Another day: the name says nothing; the batch order does.
        (TitleDate(11, 4, None, "AM"), {"previous": date(2025, 11, 1)}, date(2025, 11, 4)),
    ],
)
def test_the_year_from_the_file_name(title_date, kwargs, when):
    assert resolve_date(title_date, None, named=NAMED, **kwargs) == (when, "AM")


def test_published_metadata_wins_over_the_file_name():
    published = datetime(2025, 11, 3, 7, 0, tzinfo=EST)
    assert resolve_date(TitleDate(11, 3), published, named=NAMED) == (date(2025, 11, 3), "AM")


@pytest.mark.parametrize(
    ("title_date", "kwargs", "message"),
    [
        (TitleDate(9, 24, None, "AM"), {}, r"no year known for 'September 24'.*--year"),
        (TitleDate(None, None, None, "AM"), {"year": 2025}, "title has no date"),
        (TitleDate(9, 24), {"year": 2025}, "no edition"),
        (TitleDate(2, 29, None, "AM"), {"year": 2025}, "'February 29' is not a date in 2025"),
        (
            TitleDate(11, 4, None, "AM"),
            {"named": NAMED},
            r"no year known for 'November 4': the source has no date metadata and the file "
            r"name's date \(2024-11-03\) is another day; give it with --year YYYY",
        ),
    ],
)
def test_failures(title_date, kwargs, message):
    with pytest.raises(ImportFailure, match=message):
        resolve_date(title_date, None, **kwargs)
