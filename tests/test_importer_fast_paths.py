"""The importer's fast paths give what the general code they stand in for gives."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bottomline.importer import myst, sources, structure
from bottomline.importer.read_html import _WS_RE as _HTML_WS_RE
from bottomline.importer.read_text import (
    _CONTROLS_RE,
    _IMAGE_ALT_RE,
    _INVISIBLE,
    _SPACES_RE,
    clean_text,
    is_picture,
)
from bottomline.text import normalise_space

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
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from(f"a \r\n\t\u2028\x00\x85\u3000{_INVISIBLE}")),
        st.text(alphabet=st.characters(max_codepoint=0x7F)),
    )
)
def test_cleaning_text_drops_the_invisible_characters_as_a_translation_table_does(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = re.sub("[\u2028\u2029\u0085\u000b\u000c]", "\n", expected)
    expected = expected.translate(dict.fromkeys(map(ord, _INVISIBLE))).expandtabs(4)
    expected = _CONTROLS_RE.sub("", _SPACES_RE.sub(" ", expected))
    assert clean_text(text) == expected


def _trailing_parenthesis_by_character(text):
    """The bracket matching of sources._trailing_parenthesis, one character at a time."""
    stripped = text.rstrip()
    tail = ""
    if stripped.endswith((".", ",", ";")) and stripped[:-1].rstrip().endswith((")", "]")):
        tail, stripped = stripped[-1], stripped[:-1].rstrip()
    if not stripped.endswith((")", "]")):
        return None
    closing = stripped[-1]
    opening = {")": "(", "]": "["}[closing]
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        if stripped[index] == closing:
            depth += 1
        elif stripped[index] == opening:
            depth -= 1
            if depth == 0:
                return index, len(stripped) - 1, tail
    return None


_SOURCE_TEXT = st.lists(
    st.sampled_from(
        ["a", "B", " ", "(", ")", "[", "]", ".", "!", "?", ";", ",", ":", "-", "\u2013",
         "\u2014", "\u2015", "\u2019", '"', "%", "7", "\n", "Source", "via", "VIA",
         "\u017fource", "Rudaw", "AP", "and"]
    )
).map("".join)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(_SOURCE_TEXT)
@example("It rose 5%. Rudaw")
@example("Why so? Rudaw and AP")
@example("Enough! \u201cRudaw")
@example("The KRG said. Source: Rudaw; AP")
@example("The KRG said \u2015 Rudaw")
def test_the_end_of_a_bullet_is_read_as_the_patterns_alone_read_it(text):
    assert sources._trailing_parenthesis(text) == _trailing_parenthesis_by_character(text)
    after = sources._AFTER_SENTENCE_RE.search(text)
    found = sources._after_sentence(text)
    assert (found and (found.span(), found.groupdict())) == (
        after and (after.span(), after.groupdict())
    )
    if not sources._LABEL_MARK_RE.search(text):
        assert sources._LABEL_SOURCE_RE.search(text) is None
    if not sources._DASH_MARK_RE.search(text):
        assert sources._DASH_SOURCE_RE.search(text) is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\f\v\n\u00a0\u202f\u2009a")))
def test_spaces_are_normalised_as_one_pattern_for_every_run_does(text):
    expected = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    assert normalise_space(text) == re.sub(r"[ \t\f\v]+", " ", expected).strip()


def _escape_inline_by_character(text, *, line_start=True):
    """myst.escape_inline deciding for each punctuation character on its own."""
    leading_run = len(text) - len(text.lstrip(text[:1])) if line_start and text else 0

    def escape(match):
        char, index = match.group(), match.start()
        following = text[index + 1 : index + 2]
        if (
            char not in myst._MIDLINE_SAFE
            or index < leading_run
            or (char == "." and following.isalnum())
            or (char == ":" and following == "/")
        ):
            return "\\" + char
        return char

    escaped = myst._PUNCTUATION_RE.sub(escape, text)
    if line_start:
        escaped = myst._ORDERED_MARKER_RE.sub(r"\1\\\2", escaped, count=1)
        if escaped[1:3] == "--":
            escaped = escaped[0] + "\\" + escaped[1:]
    return escaped


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from("-:.a1_/ \u0663\u00b2\u0301%*#`")),
        st.text(alphabet=st.characters(max_codepoint=0x7F)),
        st.text(),
    ),
    st.booleans(),
)
def test_escaping_equals_deciding_for_each_character(text, line_start):
    expected = _escape_inline_by_character(text, line_start=line_start)
    assert myst.escape_inline(text, line_start=line_start) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\r\f\va\u00a0")))
def test_html_white_space_runs_become_one_space_as_one_pattern_for_every_run_does(text):
    assert _HTML_WS_RE.sub(" ", text) == re.sub(r"[ \t\n\r\f]+", " ", text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9 *_#\u2728\u00e9\u0301\u200b.")) | st.text())
def test_undecorating_equals_looking_at_each_end_character(text):
    assert structure.undecorated(text) == structure._undecorated_by_character(text)
