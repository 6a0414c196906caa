"""Whatever bytes arrive, the readers either read an update or say why not: never crash."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bottomline.importer import batch
from bottomline.importer.myst import render_body
from bottomline.importer.read_html import read_html
from bottomline.importer.read_text import read_text
from bottomline.model import Entry, ImportFailure, NotAnUpdate

TEXT_LINES = [
    "Loading...", "What's New in Iraq: X September 24, AM", "The bottom line is that x.",
    "Bottom line:", "Section", "  • a (Reuters)", "    • b", "- c (", "o d)", "What It All Means",
    "  • e", "(", ")", "((x))", "• (CBI)", "x (y) (z).", "Home item", "", "\r", "\t• f",
    "Monday, October 6, 2025", "Source: (", "(Source: )", "(;)",
]  # fmt: skip
HTML_PIECES = [
    "<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>", "<b>", "</b>", "<h3>", "</h3>", "<br>",
    "<div style='margin-left: 20px'>", "<div style='margin: 1em 2em'>", "</div>", "</body>",
    "<a href='http://x'>", "<a href='javascript:x'>", "</a>", "The bottom line is that x.",
    "What It Means", "• a (Rudaw)", "(", ")", "&nbsp;", "<!--", "-->", "<script>", "</script>",
]  # fmt: skip
FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def render(update) -> None:
    update.date, update.edition = date(2025, 1, 1), "AM"
    render_body(update)


@FAST
@given(st.lists(st.one_of(st.sampled_from(TEXT_LINES), st.text(max_size=10)), max_size=25))
def test_text_reader_never_crashes(lines):
    try:
        update = read_text("\n".join(lines))
    except (ImportFailure, NotAnUpdate):
        return
    render(update)


@FAST
@given(st.lists(st.one_of(st.sampled_from(HTML_PIECES), st.text(max_size=6)), max_size=30))
def test_html_reader_never_crashes(pieces):
    page = (
        "<html><body><div class='post'><h3 class='post-title'>X: Y May 1, AM</h3>"
        f"<div class='post-body'>{''.join(pieces)}</div></div></body></html>"
    )
    try:
        entries = read_html(page)
    except ImportFailure:
        return
    for entry in entries:
        if entry.update is not None:
            render(entry.update)


@FAST
@given(st.binary(max_size=200), st.sampled_from(["x.txt", "x.html", "x.xml"]))
def test_any_bytes_give_entries_not_exceptions(data, name):
    for entry in batch.read_source(data, name):
        assert (entry.update is None) != (entry.problem is None)


def test_a_bug_in_a_reader_fails_that_source_only(monkeypatch):
    def broken(data, label):
        raise IndexError("list index out of range")

    monkeypatch.setattr(batch, "read_texts", broken)
    [entry] = batch.read_source(b"anything", "x.txt")
    assert isinstance(entry.problem, ImportFailure)
    assert str(entry.problem) == (
        "unexpected IndexError in the importer: list index out of range (a bug)"
    )
    assert isinstance(entry, Entry)
