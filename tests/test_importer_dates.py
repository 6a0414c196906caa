"""Titles without a year: splitting the date off, and finding the year and edition."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bottomline.importer.dates import resolve_date, split_title, title_slug
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
    ("title_date", "kwargs", "message"),
    [
        (TitleDate(9, 24, None, "AM"), {}, r"no year known for 'September 24'.*--year"),
        (TitleDate(None, None, None, "AM"), {"year": 2025}, "title has no date"),
        (TitleDate(9, 24), {"year": 2025}, "no edition"),
        (TitleDate(2, 29, None, "AM"), {"year": 2025}, "'February 29' is not a date in 2025"),
    ],
)
def test_failures(title_date, kwargs, message):
    with pytest.raises(ImportFailure, match=message):
        resolve_date(title_date, None, **kwargs)
