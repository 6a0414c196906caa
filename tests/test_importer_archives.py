"""The ``archive-*`` samples: shapes real Blogger archives come in, read and ingested.

Each sample is read through the importer's public functions (what the update holds) and,
for the end-to-end cases, ingested with ``bottomline ingest`` into an empty archive (what
is written, what is printed, the exit status).  The expected texts are the samples' own.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from lxml import etree

from bottomline.cli import main
from bottomline.importer import read_feed, read_html, read_source
from bottomline.importer.dates import resolve_date, split_title
from bottomline.importer.myst import render_body
from bottomline.importer.write import same_text
from bottomline.model import (
    RAW_FEED_ENTRY,
    RAW_HTML,
    RAW_TEXT,
    ImportFailure,
    Item,
    NotAnUpdate,
    TitleDate,
    Update,
)
from helpers import RAW, outline

COMMENTS = "archive-comments-feed.atom.xml"
EMPTY = "archive-empty-feed.atom.xml"
JSON_SCRIPT = "archive-json-in-script.js"
RELATIVE = "archive-relative-canonical.html"
COPY = "archive-same-post-copy.txt"
PAGE = "archive-same-post-page.html"
ATOM = "archive-same-post.atom.xml"
RSS = "archive-same-post.rss.xml"
MHTML = "archive-saved-single-file.mhtml"
TAKEOUT = "archive-takeout-double-escaped.xml"
FORMS = "archive-title-date-forms.atom.xml"
EST = timezone(timedelta(hours=-5))
EDT = timezone(timedelta(hours=-4))
BLOG = "https://sampledesk.example.blogspot.com"


def sample(name: str) -> bytes:
    return (RAW / name).read_bytes()


def updates_of(name: str, data: bytes | None = None) -> list[Update]:
    """Every update a sample holds; none of its entries may have failed."""
    entries = read_source(sample(name) if data is None else data, name)
    assert not [e for e in entries if isinstance(e.problem, ImportFailure)], entries
    return [e.update for e in entries if e.update is not None]


def only_update(name: str, data: bytes | None = None) -> Update:
    [update] = updates_of(name, data)
    return update


def texts(items: list[Item]) -> list[tuple[str, list[str]]]:
    """Every item as (text, outlets cited), whatever its nesting."""
    return [(text, outlets) for _, text, outlets in outline(items)]


def when(update: Update) -> tuple[date, str]:
    """The date and edition the importer gives an update from its own metadata."""
    return resolve_date(update.title_date, update.provenance.published)


def words_of(update: Update) -> str:
    """All the text of an update: title, bottom line, headings, items and outlets."""
    parts = [update.title, *update.intro, *update.bottom_line]
    parts += [section.heading for section in update.sections]
    parts += [item.text for item in update.all_items()]
    parts += [citation.cited_as for item in update.all_items() for citation in item.sources]
    return "\n".join(parts)


# -- running the command ----------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path, monkeypatch) -> Path:
    """An empty archive, the command's working directory; the samples in ``inputs/``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inputs").mkdir()
    return tmp_path


def put(archive: Path, name: str, data: bytes | None = None) -> str:
    """``inputs/<name>`` holding ``data`` (the sample of that name by default)."""
    (archive / "inputs" / name).write_bytes(sample(name) if data is None else data)
    return f"inputs/{name}"


def ingest(capsys, *args: str) -> tuple[int, list[str]]:
    """``bottomline ingest ARGS``: its exit status and the lines it printed.

    Nothing may go to standard error: a message is one line among the outcomes, never a
    traceback.
    """
    status = main(["ingest", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return status, out.splitlines()


def summary(**counts: int) -> str:
    """The command's last line: how many posts it created, updated, … (none by default)."""
    statuses = ("created", "updated", "unchanged", "skipped", "failed")
    return ", ".join(f"{status} {counts.get(status, 0)}" for status in statuses)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def files(archive: Path) -> dict[str, bytes]:
    return {
        p.relative_to(archive).as_posix(): p.read_bytes()
        for folder in ("posts", "raw")
        for p in sorted((archive / folder).rglob("*"))
        if p.is_file()
    }


# -- the same post as a page, a copy, an Atom entry and an RSS item ----------------------------

WATER_BOTTOM_LINE = ["the dams are fuller than last year and the wage bill is larger than ever."]
WATER_SECTIONS = [
    (
        "Water",
        [
            (
                "The water ministry said reservoir levels rose after a week of rain.",
                ["Shafaq News"],
            ),
            ("Farmers in the south asked for an earlier planting season.", ["Mawazin News"]),
            ("Two provinces agreed to share a canal repair bill.", ["Alforat News"]),
        ],
    ),
    (
        "Wages",
        [
            (
                "The finance ministry said public wages now take more than half of the budget.",
                ["Economy News"],
            ),
            ("On Friday, a committee member said hiring would pause in 2026.", ["Shafaq News"]),
        ],
    ),
]
WATER_TAKEAWAY = [
    ("Water is good news for farming, not for the exchange rate.", []),
    ("A larger wage bill leaves less room for anything else in the budget.", []),
]


def test_the_saved_page_and_the_copied_text_say_the_same_post():
    page, copy = only_update(PAGE), only_update(COPY)
    for update in (page, copy):
        assert update.title.replace("\u2019", "'") == "What's New in Iraq: Water and Wages"
        assert (update.title_date.month, update.title_date.day) == (11, 21)
        assert update.title_date.edition == "PM"
        assert update.intro == []
        assert update.bottom_line == WATER_BOTTOM_LINE
        assert [(s.heading, texts(s.items)) for s in update.sections] == WATER_SECTIONS
        assert texts(update.takeaway) == WATER_TAKEAWAY
        assert update.outlets() == ["Shafaq News", "Mawazin News", "Alforat News", "Economy News"]
        for chrome in ("Sample Desk", "Posted by", "No comments", "Newer Post", "Powered by"):
            assert chrome not in words_of(update)
    # The page knows its post: id, address, time, and the nesting and lists of its body.
    assert page.provenance.raw_kind == RAW_HTML
    assert page.provenance.blogger_id == "5550001112223334445"
    assert page.provenance.source_url == f"{BLOG}/2025/11/water-and-wages.html"
    assert page.provenance.published == datetime(2025, 11, 21, 19, 12, tzinfo=EST)
    assert page.title_date.year == 2025  # from the date header above the post
    assert [depth for depth, _, _ in outline(page.sections[0].items)] == [0, 1, 0]
    # The copy lost all of that (its lists came out as plain lines), but not its words.
    assert copy.provenance.raw_kind == RAW_TEXT
    assert (copy.provenance.blogger_id, copy.provenance.source_url) == (None, None)
    assert (copy.provenance.published, copy.title_date.year) == (None, None)
    assert [depth for depth, _, _ in outline(copy.sections[0].items)] == [-1, -1, -1]
    page_body, copy_body = render_body(page)[0], render_body(copy)[0]
    assert page_body != copy_body
    assert same_text(page_body, copy_body)


def test_the_atom_entry_and_the_rss_item_are_one_post():
    atom, rss = only_update(ATOM), only_update(RSS)
    for update in (atom, rss):
        assert update.title == "What's New in Iraq: One Border Post at a Time"
        assert update.bottom_line == [
            "the customs reform is moving, slowly, one border post at a time."
        ]
        assert [(s.heading, outline(s.items)) for s in update.sections] == [
            (
                "Customs",
                [
                    (
                        0,
                        "A second border post switched to electronic declarations this week.",
                        ["Shafaq News"],
                    ),
                    (
                        0,
                        "Traders said the new system cut waiting times by a day.",
                        ["Economy News"],
                    ),
                ],
            )
        ]
        assert outline(update.takeaway) == [
            (0, "More customs money collected at the border is less reliance on oil.", [])
        ]
        assert update.provenance.raw_kind == RAW_FEED_ENTRY
        assert update.provenance.blogger_id == "2201"
        assert update.provenance.source_url == f"{BLOG}/2025/11/one-border-post-at-time.html"
        assert when(update) == (date(2025, 11, 24), "AM")
    # RSS gives 13:05 UTC; shown in the blog's own offset, it is the Atom entry's 08:05.
    assert atom.provenance.published == rss.provenance.published
    assert atom.provenance.published.utcoffset() == timedelta(hours=-5)
    assert atom.provenance.published.hour == 8
    assert render_body(atom) == render_body(rss)


SAME_POST = (PAGE, COPY, ATOM, RSS)


@pytest.mark.parametrize(
    "order",
    list(itertools.permutations(SAME_POST)),
    ids=lambda order: "-".join(
        name.removeprefix("archive-same-post").strip("-.") for name in order
    ),
)
def test_the_four_shapes_in_any_order_give_two_posts_and_run_again_unchanged(
    archive, capsys, order
):
    """Page and copy are one post, the Atom and RSS entries another: in any order, and
    without ``--year`` (the copy has no year; the page later in the batch gives it)."""
    sources = [put(archive, name) for name in order]
    water = archive / "posts/2025/2025-11-21-pm-water-and-wages.md"
    border = archive / "posts/2025/2025-11-24-am-one-border-post-at-a-time.md"
    status, lines = ingest(capsys, *sources)
    assert status == 0, lines
    assert lines[-1] == summary(created=2, unchanged=1, skipped=1)
    assert sorted(p.name for p in (archive / "posts/2025").iterdir()) == [water.name, border.name]
    assert f"created {water.relative_to(archive)}" in lines
    assert f"created {border.relative_to(archive)}" in lines
    [skipped] = [line for line in lines if line.startswith("skipped ")]
    if order.index(COPY) < order.index(PAGE):
        assert skipped == (
            f"skipped inputs/{COPY} (the same post as inputs/{PAGE}, later in this batch: "
            "the page or feed version is kept over a copy)"
        )
    else:
        assert skipped.startswith(
            f"skipped inputs/{COPY} (the same post as posts/2025/2025-11-21-pm-water-and-wages.md,"
            " which was imported from raw/2025/2025-11-21-pm-water-and-wages.html:"
        )
    # The page's version is kept, with its metadata and its nesting, whatever the order.
    meta = front(water)
    assert meta["title"] == "What’s New in Iraq: Water and Wages"
    assert (meta["date"], meta["edition"]) == (date(2025, 11, 21), "PM")
    assert meta["blogger_id"] == "5550001112223334445"
    assert meta["source_url"] == f"{BLOG}/2025/11/water-and-wages.html"
    assert meta["raw_file"] == "raw/2025/2025-11-21-pm-water-and-wages.html"
    text = water.read_text(encoding="utf-8")
    assert (
        "\n  - Farmers in the south asked for an earlier planting season. "
        "({outlet}`Mawazin News`)\n" in text
    )
    # The feed post, kept once, from whichever of its two entries came first.
    meta = front(border)
    assert (meta["date"], meta["edition"], meta["blogger_id"]) == (date(2025, 11, 24), "AM", "2201")
    assert meta["raw_file"] == "raw/2025/2025-11-24-am-one-border-post-at-a-time.xml-entry.html"
    # Every raw original a post names is kept under raw/, as it came; the copy's is not.
    kept = files(archive)
    assert sorted(name for name in kept if name.startswith("raw/")) == [
        "raw/2025/2025-11-21-pm-water-and-wages.html",
        "raw/2025/2025-11-24-am-one-border-post-at-a-time.xml-entry.html",
    ]
    assert kept["raw/2025/2025-11-21-pm-water-and-wages.html"] == sample(PAGE)
    for post in (water, border):
        meta = front(post)
        assert hashlib.sha256(kept[meta["raw_file"]]).hexdigest() == meta["raw_sha256"]
    entry = kept["raw/2025/2025-11-24-am-one-border-post-at-a-time.xml-entry.html"].decode()
    assert "tag:blogger.com,1999:blog-5151.post-2201" in entry
    # Running the same command again changes nothing.
    status, again = ingest(capsys, *sources)
    assert (status, again[-1]) == (0, summary(unchanged=3, skipped=1))
    assert files(archive) == kept


def test_a_copy_without_a_year_and_no_page_for_it_still_fails_clearly(archive, capsys):
    """The page later in the batch gives a copy its year only when it is the copy's post."""
    other = sample(COPY).replace(b"November 21, PM", b"November 20, PM")
    status, lines = ingest(capsys, put(archive, "other-day.txt", other), put(archive, PAGE))
    assert status == 1
    assert lines[0] == (
        "failed inputs/other-day.txt (no year known for 'November 20': the source has no date "
        "metadata; give it with --year YYYY)"
    )
    assert lines[1] == "created posts/2025/2025-11-21-pm-water-and-wages.md"


# -- a relative canonical link -----------------------------------------------------------------

QUIET_PORTS = f"{BLOG}/2025/11/quiet-ports.html"
OG_URL = f"<meta content='{QUIET_PORTS}' property='og:url'/>\n"


def test_a_page_with_a_relative_canonical_link_reads_with_an_absolute_address():
    page = sample(RELATIVE).decode()
    assert "<link href='/2025/11/quiet-ports.html' rel='canonical'/>" in page  # the shape
    update = only_update(RELATIVE)
    assert update.provenance.source_url == QUIET_PORTS
    assert update.title == "What's New in Iraq: Quiet Ports"
    assert when(update) == (date(2025, 11, 26), "AM")
    assert update.provenance.blogger_id == "7770001112223334447"  # from post-body-<id>
    assert update.provenance.published == datetime(2025, 11, 26, 7, 45, tzinfo=EST)
    assert update.bottom_line == ["a quiet week at the ports is a good week for customs money."]
    assert [(s.heading, outline(s.items)) for s in update.sections] == [
        (
            "Ports",
            [
                (
                    0,
                    "The ports company said container traffic at Umm Qasr was steady.",
                    ["Alsumaria News"],
                ),
                (
                    0,
                    "On Tuesday, a port official said new cranes would arrive next year.",
                    ["Shafaq News"],
                ),
            ],
        )
    ]
    assert outline(update.takeaway) == [(0, "Steady ports mean steady customs revenue.", [])]


@pytest.mark.parametrize(
    ("change", "address", "source_url"),
    [
        # Without og:url, the relative link is resolved against the page's own address...
        (("<head>", f"<head>\n<base href='{BLOG}/'>"), None, QUIET_PORTS),
        (
            ("<!DOCTYPE html>", f"<!DOCTYPE html>\n<!-- saved from url=(0053){BLOG}/ -->"),
            None,
            QUIET_PORTS,
        ),
        (None, f"{QUIET_PORTS}?m=1", QUIET_PORTS),
        (None, "http://sampledesk.example.blogspot.com/", QUIET_PORTS.replace("https", "http")),
        # ... and with none known, there is no address: never a relative one.
        (None, None, None),
        (("<head>", "<head>\n<base href='/'>"), None, None),
    ],
    ids=["base-href", "saved-from", "address-given", "http-address", "no-base", "relative-base"],
)
def test_a_relative_canonical_link_is_resolved_against_the_pages_address(
    change, address, source_url
):
    page = sample(RELATIVE).decode().replace(OG_URL, "")
    assert "og:url" not in page
    if change is not None:
        page = page.replace(*change, 1)
    [entry] = read_html(page, RELATIVE, address=address)
    assert entry.update.provenance.source_url == source_url
    assert entry.update.bottom_line == [
        "a quiet week at the ports is a good week for customs money."
    ]


def test_the_relative_canonical_page_ingests_with_its_absolute_address(archive, capsys):
    status, lines = ingest(capsys, put(archive, RELATIVE))
    assert (status, lines) == (
        0,
        [
            "created posts/2025/2025-11-26-am-quiet-ports.md",
            summary(created=1),
        ],
    )
    meta = front(archive / "posts/2025/2025-11-26-am-quiet-ports.md")
    assert meta["source_url"] == QUIET_PORTS
    assert meta["outlets"] == ["Alsumaria News", "Shafaq News"]
    assert (archive / "raw/2025/2025-11-26-am-quiet-ports.html").read_bytes() == sample(RELATIVE)


# -- a page saved as a single file (MHTML) ------------------------------------------------------

DOLLAR = f"{BLOG}/2025/11/dollar-and-dams.html"


def check_dollar_and_dams(update: Update) -> None:
    """What the MHTML sample's post says (its page is quoted-printable)."""
    assert update.title == "What’s New in Iraq: The Dollar and the Dams"
    assert update.title_date == TitleDate(11, 25, 2025, "PM")
    assert when(update) == (date(2025, 11, 25), "PM")
    # "=E2=80=94" is an em dash; "ke=\r\npt" a soft line break.
    assert update.bottom_line == [
        "the street rate eased a little while the dams kept filling — a calm week, on paper."
    ]
    assert [(s.heading, outline(s.items)) for s in update.sections] == [
        (
            "The Dollar",
            [
                (
                    0,
                    "Exchange offices in Baghdad quoted a slightly lower dollar on Tuesday.",
                    ["Shafaq News"],
                ),
                (0, "The central bank said its daily sales were steady.", ["Alforat News"]),
            ],
        ),
        (
            "The Dams",
            [(0, "The water ministry said storage is higher than a year ago.", ["Mawazin News"])],
        ),
    ]
    assert outline(update.takeaway) == [
        (0, "A calm rate week says little about the months ahead.", [])
    ]
    # "{Economic: Al-Furat News}": a topic, then the outlet.
    assert [c.cited_as for c in update.sections[0].items[1].sources] == ["Al-Furat News"]
    assert update.outlets() == ["Shafaq News", "Alforat News", "Mawazin News"]
    words = words_of(update)
    for chrome in (
        "Sample Desk",
        "Invented notes",
        "Posted by",
        "Powered by",
        "sample picture",
        "font:",
        "=3D",
        "=E2",
    ):
        assert chrome not in words


def test_a_page_saved_as_mhtml_reads_like_the_page():
    data = sample(MHTML)
    assert data.startswith(b"From: <Saved by Blink>\r\n")  # the shape: CRLF, as browsers write
    update = only_update(MHTML)
    check_dollar_and_dams(update)
    provenance = update.provenance
    assert provenance.raw_kind == "mhtml"
    assert provenance.raw == data  # the whole file is the original, not the page inside
    assert provenance.blogger_id == "6660001112223334446"
    assert provenance.published == datetime(2025, 11, 25, 19, 30, tzinfo=EST)
    # The canonical link is "/2025/11/dollar-and-dams.html": resolved against where the
    # page was saved from (Content-Location).
    assert provenance.source_url == DOLLAR


def test_an_mhtml_with_lf_line_endings_reads_the_same():
    crlf = only_update(MHTML)
    lf = only_update(MHTML, sample(MHTML).replace(b"\r\n", b"\n"))
    check_dollar_and_dams(lf)
    assert render_body(lf) == render_body(crlf)
    assert lf.provenance.source_url == DOLLAR


@pytest.mark.parametrize(
    ("removed", "source_url"),
    [
        ("part", DOLLAR),  # the snapshot's address gives it
        ("snapshot", DOLLAR),  # the page part's address gives it
        ("both", None),  # nothing to resolve "/2025/11/…" against: no address at all
    ],
)
def test_the_mhtml_address_comes_from_its_headers(removed, source_url):
    data = sample(MHTML)
    part_location = f"Content-Location: {DOLLAR}\r\n\r\n<!DOCTYPE".encode()
    snapshot = f"Snapshot-Content-Location: {DOLLAR}\r\n".encode()
    assert part_location in data and snapshot in data
    if removed in ("part", "both"):
        data = data.replace(part_location, b"\r\n<!DOCTYPE")
    if removed in ("snapshot", "both"):
        data = data.replace(snapshot, b"")
    update = only_update(MHTML, data)
    assert update.provenance.source_url == source_url
    assert update.bottom_line[0].startswith("the street rate eased a little")


def test_the_mhtml_ingests_keeps_the_file_and_reads_back_from_raw(archive, capsys):
    post = "posts/2025/2025-11-25-pm-the-dollar-and-the-dams.md"
    status, lines = ingest(capsys, put(archive, MHTML))
    assert (status, lines) == (0, [f"created {post}", summary(created=1)])
    meta = front(archive / post)
    assert meta["title"] == "What’s New in Iraq: The Dollar and the Dams"
    assert (meta["date"], meta["edition"]) == (date(2025, 11, 25), "PM")
    assert meta["source_url"] == DOLLAR
    assert meta["outlets"] == ["Shafaq News", "Alforat News", "Mawazin News"]
    assert meta["raw_file"] == "raw/2025/2025-11-25-pm-the-dollar-and-the-dams.mhtml"
    assert (archive / meta["raw_file"]).read_bytes() == sample(MHTML)
    body = (archive / post).read_text(encoding="utf-8")
    assert "## The Dollar\n\n- Exchange offices in Baghdad quoted a slightly lower dollar" in body
    before = files(archive)
    for source in (f"inputs/{MHTML}", meta["raw_file"]):
        status, lines = ingest(capsys, source)
        assert (status, lines) == (0, [f"unchanged {post}", summary(unchanged=1)])
    assert files(archive) == before


def _mhtml_page_replaced(page: bytes) -> bytes:
    data = sample(MHTML)
    start = data.index(b"<!DOCTYPE")
    end = data.index(b"------MultipartBoundary", start)
    return data[:start] + page + data[end:]


MALFORMED_MHTML = [
    (
        "cut-inside-the-page",
        lambda data: data[: data.index(b"The Dams")],
        "the saved page (MHTML) is cut short: the file ends inside its HTML page; "
        "save the page again",
    ),
    (
        # Read as it was, the post would end "A calm rate week says little".
        "cut-inside-the-last-bullet",
        lambda data: data[: data.index(b" about the months ahead")],
        "the saved page (MHTML) is cut short: the file ends inside its HTML page; "
        "save the page again",
    ),
    (
        "headers-only",
        lambda data: data[: data.index(b"\r\n\r\n\r\n")] + b"\r\n\r\n",
        "the saved page (MHTML) has no parts: save it again as one file",
    ),
    (
        "another-boundary",
        lambda data: data.replace(b'boundary="----Multipart', b'boundary="----Other', 1),
        "the saved page (MHTML) has no parts: save it again as one file",
    ),
    (
        "no-html-part",
        lambda data: data.replace(b"Content-Type: text/html\r\n", b"Content-Type: text/plain\r\n"),
        "the saved page (MHTML) holds no HTML page",
    ),
    (
        "empty-html-part",
        lambda data: _mhtml_page_replaced(b"\r\n"),
        "the saved page (MHTML) has an empty HTML part",
    ),
    (
        "unknown-charset",
        lambda data: data.replace(
            b"Content-Type: text/html\r\n", b"Content-Type: text/html; charset=x-unknown\r\n"
        ),
        "the saved page (MHTML) is not in its declared 'x-unknown'",
    ),
    (
        "not-a-post-page",
        lambda data: _mhtml_page_replaced(b"<html><body><p>Hello</p></body></html>\r\n"),
        "no Blogger post body (div.post-body) in the page",
    ),
]


@pytest.mark.parametrize(
    ("name", "damage", "message"), MALFORMED_MHTML, ids=[case[0] for case in MALFORMED_MHTML]
)
def test_a_malformed_mhtml_fails_in_one_line_naming_the_file(
    archive, capsys, name, damage, message
):
    data = damage(sample(MHTML))
    assert data != sample(MHTML)
    status, lines = ingest(capsys, put(archive, f"{name}.mhtml", data))
    assert (status, lines) == (
        1,
        [f"failed inputs/{name}.mhtml ({message})", summary(failed=1)],
    )
    assert not (archive / "posts").exists()
    assert not (archive / "raw").exists()


def test_an_mhtml_cut_after_its_page_loses_only_a_picture():
    data = sample(MHTML)
    cut = data[: data.index(b"iVBORw0KGgo") + 4]  # inside the picture, the last part
    check_dollar_and_dams(only_update(MHTML, cut))


# -- Blogger's JSON feed in a script (?alt=json-in-script) -------------------------------------


def check_oil_on_time(update: Update) -> None:
    assert update.title == "What's New in Iraq: Oil on Time"
    assert update.title_date == TitleDate(11, 27, 2025, "PM")  # "11.27.25 PM"
    assert when(update) == (date(2025, 11, 27), "PM")
    assert update.bottom_line == ["the oil money arrived on time and the budget tables did not."]
    assert [(s.heading, outline(s.items)) for s in update.sections] == [
        (
            "Oil",
            [
                (0, "The oil ministry said November loadings were on schedule.", ["INA"]),
                (
                    0,
                    "On Thursday, an adviser said the price assumption would be lowered.",
                    ["Baghdad Today"],
                ),
            ],
        )
    ]
    assert outline(update.takeaway) == [(0, "On-time oil money is on-time salaries.", [])]
    assert [c.cited_as for item in update.all_items() for c in item.sources] == [
        "Iraqi News Agency",
        "Baghdad Today",  # "Baghdad Today/ On Thursday, …": the outlet first
    ]
    provenance = update.provenance
    assert provenance.raw_kind == RAW_FEED_ENTRY
    assert provenance.blogger_id == "2301"
    assert provenance.source_url == f"{BLOG}/2025/11/oil-on-time.html"
    assert provenance.published == datetime(2025, 11, 27, 18, 40, tzinfo=EST)


def test_the_json_in_script_feed_reads_its_post():
    data = sample(JSON_SCRIPT)
    assert data.startswith(b"// API callback\ngdata.io.handleScriptLoaded({")  # the shape
    [entry] = read_feed(data, JSON_SCRIPT)
    assert entry.label == f'{JSON_SCRIPT} entry 1 ("What\'s New in Iraq: Oil on Time 11.27.25 PM")'
    check_oil_on_time(entry.update)
    # The entry is kept as a small page that reads back as the same post.
    kept = entry.update.provenance.raw.decode()
    assert '<meta name="bottomline:categories" content="Oil">' in kept
    assert '<meta name="bottomline:updated" content="2025-11-27T18:45:00.000-05:00">' in kept
    [again] = read_html(entry.update.provenance.raw, "kept.html")
    assert again.update.sections == entry.update.sections
    assert again.update.provenance.blogger_id == "2301"


@pytest.mark.parametrize("name", ["feed.js", "posts-callback", "feed.txt"])
def test_a_script_with_its_own_callback_name_is_the_same_feed(name):
    """``?alt=json-in-script&callback=showPosts`` names the call; there is no comment line."""
    data = sample(JSON_SCRIPT).replace(
        b"// API callback\ngdata.io.handleScriptLoaded(", b"showPosts("
    )
    assert data.startswith(b"showPosts({")
    [entry] = read_source(data, name)
    check_oil_on_time(entry.update)


def test_the_json_in_script_feed_ingests(archive, capsys):
    post = "posts/2025/2025-11-27-pm-oil-on-time.md"
    status, lines = ingest(capsys, put(archive, JSON_SCRIPT))
    assert (status, lines) == (0, [f"created {post}", summary(created=1)])
    meta = front(archive / post)
    assert meta["title"] == "What's New in Iraq: Oil on Time"
    assert (meta["date"], meta["edition"]) == (date(2025, 11, 27), "PM")
    assert meta["outlets"] == ["INA", "Baghdad Today"]
    assert meta["source_url"] == f"{BLOG}/2025/11/oil-on-time.html"
    assert meta["raw_file"] == "raw/2025/2025-11-27-pm-oil-on-time.xml-entry.html"


MALFORMED_SCRIPTS = [
    (
        "cut-short",
        lambda data: data[: data.index(b"What It All Means")],
        "the script's call is never closed ('…});' is missing): the file is cut short; "
        "download the feed again",
    ),
    (
        "not-a-call",
        lambda data: data.replace(b"handleScriptLoaded(", b"handleScriptLoaded = ", 1),
        "not a Blogger JSON feed: the script is not one call like "
        "gdata.io.handleScriptLoaded({...}); (?alt=json-in-script)",
    ),
    (
        "only-the-comment",
        lambda data: data[: data.index(b"\n") + 1],
        "the script holds no JSON feed (nothing but comments)",
    ),
    (
        "broken-json",
        lambda data: data.replace(b'"version": "1.0"', b'"version": 1.0"', 1),
        "the feed is not valid JSON (line 1: Expecting ',' delimiter)",
    ),
    (
        "no-feed-object",
        lambda data: data.replace(b'"feed": {', b'"food": {', 1),
        'not a Blogger JSON feed (no "feed" object)',
    ),
]


@pytest.mark.parametrize(
    ("name", "damage", "message"), MALFORMED_SCRIPTS, ids=[case[0] for case in MALFORMED_SCRIPTS]
)
def test_a_malformed_json_script_fails_in_one_line_naming_the_file(
    archive, capsys, name, damage, message
):
    data = damage(sample(JSON_SCRIPT))
    status, lines = ingest(capsys, put(archive, f"{name}.js", data))
    assert (status, lines) == (
        1,
        [f"failed inputs/{name}.js ({message})", summary(failed=1)],
    )
    assert not (archive / "posts").exists()


def test_a_json_script_with_no_entries_is_skipped_not_failed(archive, capsys):
    data = sample(JSON_SCRIPT)
    data = data[: data.index(b', "entry": [')] + b"}});"
    status, lines = ingest(capsys, put(archive, "no-entries.js", data))
    assert (status, lines) == (
        0,
        ["skipped inputs/no-entries.js (an empty feed: it holds no posts)", summary(skipped=1)],
    )


# -- a Takeout export with titles escaped twice -----------------------------------------------

# An entity or a tag left in the text: what escaping twice would leave if read once ("R&D;"
# is no entity: the author's text).
_MARKUP_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|lt|gt|amp|quot|apos|nbsp);|</?[a-z]+\b[^>]*>", re.I)


def test_the_takeout_export_gives_clean_text_and_says_why_the_rest_is_no_post():
    entries = read_feed(sample(TAKEOUT), TAKEOUT)
    # The reader's comment is no post at all: passed over without a word.
    assert [(e.label.removeprefix(f"{TAKEOUT} "), str(e.problem or "")) for e in entries] == [
        ('entry 1 ("What\'s New in Iraq: Rain & Patience November 18, PM")', ""),
        ('entry 2 ("What\'s New in Iraq: Salaries & Bonds, R&D; Notes November...")', ""),
        ("entry 3", "an untitled post with no bottom line: not an update"),
        (
            "entry 4 ('River Walk Photos')",
            "a photo post (only pictures and their captions): not an update",
        ),
        ("entry 5 ('Placeholder')", "an empty post (no text): not an update"),
        (
            "entry 6 ('Rate table script')",
            "a post with an embedded GitHub gist and no text: not an update",
        ),
        ("entry 7 ('About This Sample Blog')", "a Blogger page, not a post"),
    ]
    assert all(isinstance(e.problem, NotAnUpdate) for e in entries[2:])
    rain, salaries = entries[0].update, entries[1].update
    # "What&amp;#39;s … Rain &amp;amp; Patience": escaped twice, unescaped twice.
    assert rain.title == "What's New in Iraq: Rain & Patience"
    # Escaped once: "R&D;" is no entity, and stays as the author wrote it.
    assert salaries.title == "What's New in Iraq: Salaries & Bonds, R&D; Notes"
    assert (when(rain), when(salaries)) == ((date(2025, 11, 18), "PM"), (date(2025, 11, 19), "AM"))
    assert rain.bottom_line == ["the rain came early and the budget did not."]
    assert [(s.heading, outline(s.items)) for s in rain.sections] == [
        (
            "Weather and water",
            [
                (0, "Heavy rain closed two roads south of the capital for a day.", ["Shafaq News"]),
                (
                    0,
                    "The water ministry said the reservoirs rose for the first time this year.",
                    ["Mawazin News"],
                ),
            ],
        )
    ]
    assert outline(rain.takeaway) == [(0, "Good water news does not move the exchange rate.", [])]
    assert salaries.bottom_line == [
        "salaries went out on time and the bond sale was smaller than planned."
    ]
    assert [(s.heading, texts(s.items)) for s in salaries.sections] == [
        (
            "Money",
            [
                (
                    "The finance ministry said November salaries reached every province.",
                    ["Alforat News"],
                ),
                ("The central bank sold fewer bonds than it offered.", ["Economy News"]),
            ],
        )
    ]
    assert texts(salaries.takeaway) == [
        ("Paying salaries on time is the government's first test each month.", [])
    ]
    for update in (rain, salaries):
        assert not _MARKUP_RE.search(words_of(update)), words_of(update)
        assert (update.provenance.source_url, update.provenance.published.tzinfo) == (None, EST)


def test_the_takeout_export_ingests_as_clean_posts(archive, capsys):
    status, lines = ingest(capsys, put(archive, TAKEOUT))
    assert status == 0  # skipped entries are handled, not failures
    assert lines[:2] == [
        "created posts/2025/2025-11-18-pm-rain-patience.md",
        "created posts/2025/2025-11-19-am-salaries-bonds-r-d-notes.md",
    ]
    assert lines[-1] == summary(created=2, skipped=5)
    assert len(lines) == 8 and all(line.startswith("skipped ") for line in lines[2:7])
    assert not [line for line in lines if "entry 8" in line]  # the comment
    rain = archive / "posts/2025/2025-11-18-pm-rain-patience.md"
    salaries = archive / "posts/2025/2025-11-19-am-salaries-bonds-r-d-notes.md"
    assert front(rain)["title"] == "What's New in Iraq: Rain & Patience"
    assert front(salaries)["title"] == "What's New in Iraq: Salaries & Bonds, R&D; Notes"
    assert (front(rain)["blogger_id"], front(salaries)["blogger_id"]) == ("2101", "2102")
    for post in (rain, salaries):
        text = post.read_text(encoding="utf-8")
        assert not _MARKUP_RE.search(text), text
    assert "\n# What's New in Iraq: Rain \\& Patience\n" in rain.read_text(encoding="utf-8")
    assert "\n## Weather and water\n\n- Heavy rain closed two roads" in rain.read_text()
    everything = "".join(p.read_text() for p in (archive / "posts").rglob("*.md"))
    for not_posted in ("Thanks for the update", "riverbank", "gist.github", "About This Sample"):
        assert not_posted not in everything


# -- a comments feed and an empty feed ---------------------------------------------------------

COMMENTS_MESSAGE = (
    "a comments feed, not posts: import the blog's posts feed (…/feeds/posts/default)"
)
EMPTY_MESSAGE = "an empty feed: it holds no posts"


@pytest.mark.parametrize(
    ("name", "message"), [(COMMENTS, COMMENTS_MESSAGE), (EMPTY, EMPTY_MESSAGE)]
)
def test_a_feed_with_no_posts_is_said_so(name, message):
    with pytest.raises(NotAnUpdate) as raised:
        read_feed(sample(name), name)
    assert str(raised.value) == message
    [entry] = read_source(sample(name), name)
    assert (entry.update, str(entry.problem)) == (None, message)


@pytest.mark.parametrize(
    ("name", "message"), [(COMMENTS, COMMENTS_MESSAGE), (EMPTY, EMPTY_MESSAGE)]
)
def test_a_feed_with_no_posts_ingests_nothing_in_one_line(archive, capsys, name, message):
    status, lines = ingest(capsys, put(archive, name))
    assert (status, lines) == (
        0,
        [f"skipped inputs/{name} ({message})", summary(skipped=1)],
    )
    assert not (archive / "posts").exists()
    assert not (archive / "raw").exists()


_COMMENTS_ID = b"<id>tag:blogger.com,1999:blog-5151.comments</id>"
_COMMENTS_SELF = b"/feeds/comments/default"
_REPLY_RE = re.compile(rb"<thr:in-reply-to [^>]*/>")


@pytest.mark.parametrize(
    ("kept", "comments"),
    [("id", True), ("self", True), ("replies", True), ("nothing", False)],
)
def test_each_sign_of_a_comments_feed_is_enough(kept, comments):
    """The feed's id (".comments"), its own address ("/comments/"), or every entry
    replying to a post: any one tells a comments feed."""
    data = sample(COMMENTS)
    assert _COMMENTS_ID in data and _COMMENTS_SELF in data and len(_REPLY_RE.findall(data)) == 2
    if kept != "id":
        data = data.replace(_COMMENTS_ID, b"<id>tag:blogger.com,1999:blog-5151</id>")
    if kept != "self":
        data = data.replace(_COMMENTS_SELF, b"/feeds/posts/default")
    if kept != "replies":
        data = _REPLY_RE.sub(b"", data)
    if comments:
        with pytest.raises(NotAnUpdate, match=re.escape(COMMENTS_MESSAGE)):
            read_feed(data, COMMENTS)
    else:  # read as posts: two readers' lines, neither an update
        entries = read_feed(data, COMMENTS)
        assert [str(e.problem) for e in entries] == [
            "not an update: no bottom line ('The bottom line is that …' or 'Bottom line:')"
        ] * 2


# -- the title and date forms of another blog --------------------------------------------------


def feed_titles(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [title.text for title in root.iterfind("{*}entry/{*}title")]


# (raw title, title, its date, the post's date and edition, where the post goes)
TITLE_FORMS = [
    (
        "Iraq Dinar News: Dollar Sales 3-22-24 PM",
        "Iraq Dinar News: Dollar Sales",
        TitleDate(3, 22, 2024, "PM"),
        (date(2024, 3, 22), "PM"),
        "2024-03-22-pm-dollar-sales",
    ),
    (
        "Iraq Dinar News: Quiet Weekend 3.23.24",
        "Iraq Dinar News: Quiet Weekend",
        TitleDate(3, 23, 2024, None),
        (date(2024, 3, 23), "AM"),
        "2024-03-23-am-quiet-weekend",
    ),
    (
        "Iraq Dinar News: Budget Talk 03/24/2024 PM",
        "Iraq Dinar News: Budget Talk",
        TitleDate(3, 24, 2024, "PM"),
        (date(2024, 3, 24), "PM"),
        "2024-03-24-pm-budget-talk",
    ),
    (
        "Iraq Dinar News: A New Week Mar 25th 2024",
        "Iraq Dinar News: A New Week",
        TitleDate(3, 25, 2024, None),
        (date(2024, 3, 25), "AM"),
        "2024-03-25-am-a-new-week",
    ),
]
_FORM_IDS = ["3-22-24 PM", "3.23.24", "03/24/2024 PM", "Mar 25th 2024"]


def test_the_title_forms_table_is_the_samples():
    assert feed_titles(sample(FORMS)) == [raw for raw, *_ in TITLE_FORMS]


@pytest.mark.parametrize(
    ("number", "raw", "title", "title_date", "resolved", "stem"),
    [(number, *form) for number, form in enumerate(TITLE_FORMS)],
    ids=_FORM_IDS,
)
def test_each_title_date_form_gives_the_date_and_edition(
    number, raw, title, title_date, resolved, stem
):
    assert split_title(raw) == (title, title_date)
    update = updates_of(FORMS)[number]
    assert (update.title, update.title_date) == (title, title_date)
    assert when(update) == resolved
    # The sample's bottom line names its own title's date form.
    form = raw.removeprefix(title).strip()
    assert update.bottom_line == [f"this is an invented sample for the title date {form}."]
    # A title without an edition takes it from the time of publication, in the blog's zone.
    assert update.provenance.published.tzinfo == EDT
    assert (update.provenance.published.hour < 12) == (resolved[1] == "AM")


@pytest.mark.parametrize(
    ("number", "raw", "title", "title_date", "resolved", "stem"),
    [(number, *form) for number, form in enumerate(TITLE_FORMS)],
    ids=_FORM_IDS,
)
def test_the_title_date_wins_and_works_without_a_published_time(
    number, raw, title, title_date, resolved, stem
):
    # Published a year off: the year written in the title still gives the date.
    shifted = sample(FORMS).replace(b"<published>2024-", b"<published>2023-")
    assert when(updates_of(FORMS, shifted)[number]) == resolved
    # No published time at all: a title with its edition needs nothing else.
    bare = re.sub(rb"<published>[^<]*</published>", b"", sample(FORMS))
    update = updates_of(FORMS, bare)[number]
    assert update.provenance.published is None
    if title_date.edition is not None:
        assert when(update) == resolved
    else:
        with pytest.raises(ImportFailure, match="the title has no edition"):
            when(update)


def test_the_title_date_forms_ingest_to_their_days(archive, capsys):
    status, lines = ingest(capsys, put(archive, FORMS))
    assert (status, lines) == (
        0,
        [f"created posts/2024/{stem}.md" for *_, stem in TITLE_FORMS] + [summary(created=4)],
    )
    for _, title, _, (day, edition), stem in TITLE_FORMS:
        meta = front(archive / f"posts/2024/{stem}.md")
        assert (meta["title"], meta["date"], meta["edition"]) == (title, day, edition)


# -- every archive sample at once --------------------------------------------------------------

ARCHIVE_SAMPLES = sorted(p.name for p in RAW.glob("archive-*"))
ALL_POSTS = [
    "2024/2024-03-22-pm-dollar-sales",
    "2024/2024-03-23-am-quiet-weekend",
    "2024/2024-03-24-pm-budget-talk",
    "2024/2024-03-25-am-a-new-week",
    "2025/2025-11-18-pm-rain-patience",
    "2025/2025-11-19-am-salaries-bonds-r-d-notes",
    "2025/2025-11-21-pm-water-and-wages",
    "2025/2025-11-24-am-one-border-post-at-a-time",
    "2025/2025-11-25-pm-the-dollar-and-the-dams",
    "2025/2025-11-26-am-quiet-ports",
    "2025/2025-11-27-pm-oil-on-time",
]


def test_every_archive_sample_is_covered_here():
    assert (
        sorted(
            [COMMENTS, EMPTY, JSON_SCRIPT, RELATIVE, COPY, PAGE, ATOM, RSS, MHTML, TAKEOUT, FORMS]
        )
        == ARCHIVE_SAMPLES
    )


def test_all_the_archive_samples_in_one_run_then_again_then_from_raw(archive, capsys):
    """Two blogs' samples in one archive: Dinar Notes' post 2201 is not Sample Desk's
    post 2201 (their addresses are on other sites, at other paths)."""
    sources = [put(archive, name) for name in ARCHIVE_SAMPLES]
    status, lines = ingest(capsys, *sources)
    assert status == 0, lines
    assert lines[-1] == summary(created=11, unchanged=1, skipped=8)
    created = sorted(
        line.removeprefix("created posts/") for line in lines[:-1] if line.startswith("created ")
    )
    assert created == [f"{post}.md" for post in ALL_POSTS]
    assert front(archive / "posts/2024/2024-03-22-pm-dollar-sales.md")["blogger_id"] == "2201"
    assert front(archive / f"posts/{ALL_POSTS[7]}.md")["blogger_id"] == "2201"
    before = files(archive)
    status, lines = ingest(capsys, *sources)
    assert (status, lines[-1]) == (0, summary(unchanged=12, skipped=8))
    assert files(archive) == before
    # README: `bottomline ingest raw/*/*` imports everything again, and nothing changes.
    raws = sorted(name for name in before if name.startswith("raw/"))
    assert len(raws) == len(ALL_POSTS)
    status, lines = ingest(capsys, *raws)
    assert (status, lines[-1]) == (0, summary(unchanged=11))
    assert files(archive) == before


def test_a_retitled_post_of_the_same_blog_is_still_one_post(archive, capsys):
    """The same post id at another path is skipped when it is the same blog's post."""
    ingest(capsys, put(archive, ATOM))
    retitled = sample(ATOM).replace(b"One Border Post at a Time November", b"Border Posts November")
    status, lines = ingest(capsys, put(archive, "retitled.atom.xml", retitled))
    assert lines[0] == (
        "skipped inputs/retitled.atom.xml entry 1 (\"What's New in Iraq: Border Posts November "
        '24, AM") (Blogger post 2201 is already '
        "posts/2025/2025-11-24-am-one-border-post-at-a-time.md; use --force to import it again "
        "as posts/2025/2025-11-24-am-border-posts.md)"
    )
    assert not (archive / "posts/2025/2025-11-24-am-border-posts.md").exists()


def test_a_blog_moved_to_its_own_domain_keeps_its_posts(archive, capsys):
    """The same post id at another host but the same path is the same blog's post."""
    ingest(capsys, put(archive, ATOM))
    moved = sample(ATOM).replace(b"sampledesk.example.blogspot.com", b"www.sampledesk.example")
    moved = moved.replace(b"One Border Post at a Time November", b"Border Posts November")
    status, lines = ingest(capsys, put(archive, "moved.atom.xml", moved))
    assert lines[0].endswith(
        "(Blogger post 2201 is already posts/2025/2025-11-24-am-one-border-post-at-a-time.md; "
        "use --force to import it again as posts/2025/2025-11-24-am-border-posts.md)"
    )
    assert (status, lines[-1]) == (0, summary(skipped=1))
