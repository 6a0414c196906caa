"""The importer's fast paths give what the general code they stand in for gives."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bottomline.importer import myst
from bottomline.importer.read_text import (
    _CONTROLS_RE,
    _IMAGE_ALT_RE,
    _INVISIBLE,
    _SPACES_RE,
    clean_text,
    is_picture,
)

_YAML_WORDS = (
    "yes", "No", "null", "~", "0b0101", "0777", "09", "1e5", "1.5", "12:30", "2025-01-01",
    "a: b", "a:b", "a:", "x #y", "x#y", "it's", "'q'", "-x", "- x", "? x", "%x", "@x",
    "What’s New", "https://example.org/a?b=c#d", "7000000000000000000", ".inf", "<<", " x",
    "x ", "(Reuters)",
)  # fmt: skip
# Strings near the edges of what YAML writes plainly: numbers, booleans, colons, hashes,
# quotes, spaces at the ends, other scripts, line breaks.
_YAML_EDGES = st.one_of(
    st.sampled_from(_YAML_WORDS),
    st.text(alphabet=st.sampled_from("aZ09 :#'\"-.,?![]{}&*|>%@`\t\n\u2019\u00a0\u2028\u0627")),
    st.text(),
)


@settings(max_examples=2000, deadline=None)
@given(_YAML_EDGES, st.dates())
def test_simple_front_matter_is_written_as_yaml_writes_it(value, day):
    for meta in ({"title": value}, {"date": day, "outlets": [value, "x"]}, {"actors": [value]}):
        written = myst._dump_simple(meta)
        assert written is None or written == myst._dump_yaml(meta)


def test_a_usual_front_matter_takes_the_simple_way():
    meta = {
        "title": "What’s New in Iraq: The Auction",
        "date": dt.date(2025, 9, 24),
        "edition": "PM",
        "outlets": ["Rudaw", "Shafaq News"],
        "actors": [],
        "source_url": "https://example.blogspot.com/2025/09/x.html",
        "blogger_id": "7000000000000000000",
        "raw_sha256": "3" * 64,
        "body_sha256": "ab" * 32,
        "raw_file": "raw/2025/2025-09-24-pm-the-auction.html",
    }
    assert myst._dump_simple(meta) == myst._dump_yaml(meta)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from("ab 1\u0663\u00b2\t\n"))))
def test_picture_lines_are_told_as_the_pattern_alone_tells_them(text):
    assert is_picture(text) == bool(_IMAGE_ALT_RE.match(text.strip()))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(f"a \r\n\t\u2028\x00\x85\u3000{_INVISIBLE}")))
def test_cleaning_text_drops_the_invisible_characters_as_a_translation_table_does(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = re.sub("[\u2028\u2029\u0085\u000b\u000c]", "\n", expected)
    expected = expected.translate(dict.fromkeys(map(ord, _INVISIBLE))).expandtabs(4)
    expected = _CONTROLS_RE.sub("", _SPACES_RE.sub(" ", expected))
    assert clean_text(text) == expected
