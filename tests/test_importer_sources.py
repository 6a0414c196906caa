"""A bullet's trailing parenthesis -> the outlets it cites; outlet names and slugs."""

from __future__ import annotations

import pytest

from bottomline.importer.sources import LinkSpan, parse_citation, split_sources
from bottomline.outlets import canonical_outlet, known_outlet, outlet_slug


@pytest.mark.parametrize(
    ("content", "names"),
    [
        ("Shafaq News", ["Shafaq News"]),
        ("Al-Monitor; Reuters", ["Al-Monitor", "Reuters"]),
        ("Source: The New Region", ["The New Region"]),
        ("Sources: Rudaw; AP", ["Rudaw", "AP"]),
        ("via Bloomberg", ["Bloomberg"]),
        ("Kurdistan24 - کوردستان 24", ["Kurdistan24 - کوردستان 24"]),
        ("السومرية نيوز", ["السومرية نيوز"]),
        ("Reuters, AP", ["Reuters", "AP"]),  # commas only between known outlets
        ("Reuters and AFP", ["Reuters", "AFP"]),
        ("Ink Stone Daily", ["Ink Stone Daily"]),  # an unknown, capitalised name
        ("rudaw.net", ["rudaw.net"]),
        ("INA", ["INA"]),  # all caps, but a known outlet
    ],
)
def test_citations(content, names):
    assert parse_citation(content) == names


@pytest.mark.parametrize(
    "content",
    [
        "CBI",  # an abbreviation the sentence defines
        "FTOs",
        "PMF, al-Hashd al-Shaabi",
        "about 1,400 dinars",
        "2023",
        "5%",
        "Updated",
        "in Arabic",
        "the PMF",
        "This Is A Very Long Parenthesis With Many Words",
        "Reuters, the ministry",  # a comma with a part that is no known outlet
        "What? No!",
        "Bad `name`",  # could not be shown inside a role
    ],
)
def test_not_citations(content):
    assert parse_citation(content) is None


def test_split_sources_cuts_only_the_trailing_source():
    text, cited = split_sources("The Central Bank of Iraq (CBI) cut the list. (Iraqi News)")
    assert text == "The Central Bank of Iraq (CBI) cut the list."
    assert [c.name for c in cited] == ["Iraqi News"]


def test_split_sources_keeps_a_full_stop_written_after_the_parenthesis():
    text, cited = split_sources("Exports resumed on Tuesday (Rudaw).")
    assert (text, [c.name for c in cited]) == ("Exports resumed on Tuesday.", ["Rudaw"])


def test_split_sources_reads_several_trailing_parentheses_in_order():
    text, cited = split_sources("Talks went on. (Rudaw) (Reuters)")
    assert (text, [c.name for c in cited]) == ("Talks went on.", ["Rudaw", "Reuters"])


def test_a_bullet_that_is_only_a_parenthesis_keeps_it_as_text():
    assert split_sources("(Reuters)") == ("(Reuters)", [])


def test_a_link_around_the_source_gives_its_url_when_it_is_http():
    text = "Talks went on. (Rudaw; Reuters)"
    rudaw = text.index("Rudaw")
    reuters = text.index("Reuters")
    links = [
        LinkSpan(rudaw, rudaw + 5, "https://example.org/a"),
        LinkSpan(reuters, reuters + 7, "javascript:alert(1)"),
    ]
    _, cited = split_sources(text, links)
    assert [(c.name, c.url) for c in cited] == [
        ("Rudaw", "https://example.org/a"),
        ("Reuters", None),
    ]


def test_a_link_wrapping_the_whole_parenthesis():
    text = "Talks went on. (Iraqi News)"
    start = text.index("(")
    _, cited = split_sources(text, [LinkSpan(start, len(text), "http://example.org/b")])
    assert cited[0].url == "http://example.org/b"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("AL-Monitor", "Al-Monitor"),
        ("Al Monitor", "Al-Monitor"),
        ("al-monitor", "Al-Monitor"),
        ("Kurdistan24 - کوردستان 24", "Kurdistan24"),
        ("Kurdistan 24", "Kurdistan24"),
        ("السومرية نيوز", "Alsumaria News"),
        ("Alsumaria", "Alsumaria News"),
        ("U.S. State Department", "State Department"),
        ("Associated Press", "AP"),
        ("  Ink\u00a0Stone   Daily ", "Ink Stone Daily"),  # unknown: spelling kept
        ("Ink Stone - انك ستون", "Ink Stone"),  # unknown, in both scripts: the Latin half
        ("صحيفة مجهولة", "صحيفة مجهولة"),  # unknown, Arabic only: kept
    ],
)
def test_canonical_outlet(name, canonical):
    assert canonical_outlet(name) == canonical


def test_outlet_slugs_are_one_per_outlet_whatever_the_spelling():
    assert outlet_slug("AL-Monitor") == outlet_slug("Al-Monitor") == "al-monitor"
    assert outlet_slug("كوردستان 24") == outlet_slug("Kurdistan24") == "kurdistan24"
    assert outlet_slug("INK STONE DAILY") == outlet_slug("Ink Stone Daily") == "ink-stone-daily"
    assert outlet_slug("صحيفة مجهولة")  # never empty


def test_known_outlet_is_none_for_unknown_names():
    assert known_outlet("Ink Stone Daily") is None
    assert known_outlet("shafaq") == "Shafaq News"
    assert canonical_outlet(canonical_outlet("AL-Monitor")) == "Al-Monitor"
