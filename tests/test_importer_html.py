"""A Blogger post page -> Update (bottomline.importer.read_html), no Sphinx."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bottomline.importer.myst import render_body
from bottomline.importer.read_html import PageMeta, entry_page, read_html
from bottomline.importer.read_text import read_text
from bottomline.model import RAW_FEED_ENTRY, RAW_HTML, ImportFailure, NotAnUpdate
from helpers import DINARDESK, RAW

PAGE = RAW / "2025-11-07-pm-power-before-winter.html"


def only_update(data: bytes | str):
    entries = read_html(data, "page.html")
    assert len(entries) == 1
    assert entries[0].problem is None, entries[0].problem
    return entries[0].update


@pytest.fixture(scope="module")
def power():
    return only_update(PAGE.read_bytes())


def test_metadata_comes_from_the_page_structure(power):
    assert power.title == "What's New in Iraq: Power Before Winter"
    assert (power.title_date.month, power.title_date.day, power.title_date.edition) == (11, 7, "PM")
    provenance = power.provenance
    assert provenance.blogger_id == "3141592653589793238"
    assert (
        provenance.source_url
        == "https://sampledesk.example.blogspot.com/2025/11/power-before-winter.html"
    )
    assert provenance.published == datetime(
        2025, 11, 7, 18, 5, tzinfo=timezone(timedelta(hours=-5))
    )
    assert provenance.raw_kind == RAW_HTML
    assert provenance.raw == PAGE.read_bytes()


def test_post_body_only_no_page_chrome(power):
    words = " ".join(
        [*power.intro, *power.bottom_line, *(s.heading for s in power.sections)]
        + [item.text for item in power.all_items()]
    )
    for chrome in ("Sample Desk", "Loading", "Email This", "Great post", "Popular Posts",
                   "Newer Post", "Powered by", "MEMBERS AREA", "Search This Blog",
                   "7766554433221100998",
                   "power lines baghdad", "UA-000"):  # fmt: skip
        assert chrome not in words
    assert power.intro == [
        "Evening, everyone. The heaters are coming out, so tonight is about electricity."
    ]


def test_ul_nesting_headings_and_sources(power):
    assert [s.heading for s in power.sections] == ["Gas and the Grid", "Paying for It"]
    grid = power.sections[0].items
    assert [len(item.children) for item in grid] == [2, 0]
    assert grid[0].children[0].sources[0].name == "Al-Monitor"
    assert grid[0].children[1].text == "Some provinces are back to rationing power at night."
    paying = power.sections[1].items
    assert [c.name for c in paying[0].sources] == ["The New Region"]
    assert paying[1].sources == []  # "(about 4 trillion dinars)." is part of the sentence


def test_a_link_wrapping_the_source_keeps_its_http_url(power):
    terminal = power.sections[0].items[1]
    assert (
        terminal.text == "A floating gas terminal in the south is still months away from working."
    )
    assert [(c.name, c.url) for c in terminal.sources] == [
        ("Iraqi News", "https://example.org/terminal-story")
    ]


@pytest.mark.parametrize(
    "stem",
    [
        "2025-11-07-pm-power-before-winter",
        # Paragraphs after the closing bullets, then a related post with a picture.
        "2025-11-17-pm-rain-and-patience",
    ],
)
def test_the_same_update_as_text_and_as_html_gives_the_same_post_body(stem):
    as_page = only_update((RAW / f"{stem}.html").read_bytes())
    as_text = read_text((RAW / f"{stem}.txt").read_bytes())
    assert render_body(as_text) == render_body(as_page)
    assert as_text.title == as_page.title
    assert as_text.title_date == as_page.title_date


def test_closing_paragraphs_are_in_the_what_it_means_admonition():
    update = only_update((RAW / "2025-11-17-pm-rain-and-patience.html").read_bytes())
    assert [(item.text[:30], item.bullet) for item in update.takeaway] == [
        ("No tables means no new spendin", True),
        ("Rain matters to farmers first ", True),
        ("Some of you asked why these no", False),
        ("Patience is a position too. Se", False),
    ]
    body, _ = render_body(update)
    closing = body.split(":::{what-it-means}\n", 1)[1]
    assert closing.endswith("\n\nPatience is a position too. See you in the morning.\n:::\n")
    assert "Dam Question" not in body and "teaser" not in body


def page(body: str, title: str = "X: A Page November 1, AM", extra_head: str = "") -> str:
    return (
        f"<html><head>{extra_head}</head><body><div class='post hentry'>"
        f"<h3 class='post-title'>{title}</h3>"
        f"<div class='post-body entry-content'>{body}</div></div></body></html>"
    )


BODY = """<p>The bottom line is that x.</p>
<h3>Part</h3>{bullets}
<p><b>What It Means</b></p><ul><li>It matters.</li></ul>"""


def test_margin_left_divs_are_nested_bullets():
    bullets = """
<div style="margin-left: 20px;">• Top one. (Rudaw)</div>
<div style="margin-left: 40px;">• Under it. (Reuters)</div>
<div style="margin: 0 0 0 4em">• Deeper still.</div>
<div style="margin-left: 20px;">• Top two.</div>"""
    update = only_update(page(BODY.format(bullets=bullets)))
    top = update.sections[0].items
    assert [item.text for item in top] == ["Top one.", "Top two."]
    assert [child.text for child in top[0].children] == ["Under it."]
    assert [child.text for child in top[0].children[0].children] == ["Deeper still."]


def test_bold_paragraph_and_styled_div_headings():
    body = """<div><b>Bottom line:</b> inline label.</div>
<p><b>First Part</b></p><ul><li>One.</li></ul>
<div style="font-weight: bold;">Second Part</div><ul><li>Two.</li></ul>
<h4>What It All Means</h4><p>A paragraph takeaway.</p>"""
    update = only_update(page(body))
    assert update.bottom_line == ["inline label."]  # as written
    assert [s.heading for s in update.sections] == ["First Part", "Second Part"]
    assert [(i.text, i.bullet) for i in update.takeaway] == [("A paragraph takeaway.", False)]


def test_scripts_images_forms_and_hidden_text_are_not_content():
    body = BODY.format(
        bullets="<ul><li>Seen.<script>alert('x')</script><img alt='alt text 123456789012345'>"
        "<span style='display:none'>hidden</span><form><input value='v'></form></li></ul>"
    )
    update = only_update(page(body))
    assert update.sections[0].items[0].text == "Seen."


def test_a_second_paragraph_inside_one_li_continues_that_bullet():
    body = BODY.format(bullets="<ul><li><p>First half,</p><p>second half. (AP)</p></li></ul>")
    item = only_update(page(body)).sections[0].items[0]
    assert (item.text, [c.name for c in item.sources]) == ("First half, second half.", ["AP"])


def test_a_page_with_several_posts_gives_one_entry_each():
    post = (
        "<div class='post hentry'><meta itemprop='postId' content='{id}'>"
        "<h3 class='post-title'><a href='https://x.example/{id}.html'>"
        "X: Post {id} November {id}, AM</a></h3>"
        "<div class='post-body'>" + BODY.format(bullets="<ul><li>One.</li></ul>") + "</div></div>"
    )
    html = "<html><body>" + post.format(id=1) + post.format(id=2) + "</body></html>"
    entries = read_html(html, "home.html")
    assert [e.update.provenance.blogger_id for e in entries] == ["1", "2"]
    assert [e.update.provenance.source_url for e in entries] == [
        "https://x.example/1.html",
        "https://x.example/2.html",
    ]
    assert [e.update.title_date.day for e in entries] == [1, 2]
    # Each post is kept on its own, not as the whole page.
    assert b"Post 2" not in entries[0].update.provenance.raw


def test_a_kept_feed_entry_reads_back_to_the_same_update():
    content = "<p>Intro.</p>" + BODY.format(bullets="<ul><li>One. (Rudaw)</li></ul>")
    meta = PageMeta(
        title="X: Kept November 3, PM",
        published=datetime(2025, 11, 3, 20, 0, tzinfo=UTC),
        blogger_id="42",
        url="https://x.example/kept.html",
    )
    kept = entry_page(content, meta, RAW_FEED_ENTRY, {"bottomline:author": "Someone"})
    update = only_update(kept)
    assert update.provenance.raw == kept
    assert update.provenance.raw_kind == RAW_FEED_ENTRY
    assert (update.provenance.blogger_id, update.provenance.source_url) == ("42", meta.url)
    assert update.provenance.published == meta.published
    assert update.intro == ["Intro."]
    assert [c.name for c in update.sections[0].items[0].sources] == ["Rudaw"]


def test_kept_content_that_closes_its_divs_early_stays_inside_the_post():
    content = "</div></div><div class='post-body'><p>Fake.</p></div>" + BODY.format(
        bullets="<ul><li>Real.</li></ul>"
    )
    kept = entry_page(content, PageMeta(title="X: Kept November 3, PM"), RAW_FEED_ENTRY)
    update = only_update(kept)
    assert update.intro == ["Fake."]
    assert update.sections[0].items[0].text == "Real."


def test_an_announcement_page_is_not_an_update():
    entries = read_html(page("<p>The call moves to Thursday.</p>"), "call.html")
    assert isinstance(entries[0].problem, NotAnUpdate)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the page is empty"),
        (
            b"<html><body><p>The bottom line is that x.</p></body></html>",
            r"no Blogger post body \(div.post-body\)",
        ),
        (b"\x00\x01\x02\xff<html>", "binary"),
    ],
)
def test_pages_that_cannot_be_read_fail_clearly(data, message):
    with pytest.raises(ImportFailure, match=message):
        read_html(data, "bad.html")


def test_a_post_without_a_title_fails():
    entries = read_html(page(BODY.format(bullets="<ul><li>x</li></ul>"), title=""), "t.html")
    assert isinstance(entries[0].problem, ImportFailure)
    assert "no title" in str(entries[0].problem)


def test_post_page_samples_read():
    # The repository's own post pages, and the Dinar Desk set's.
    pages = sorted(RAW.glob("2025-*.html")) + sorted(DINARDESK.glob("*.html"))
    assert len(pages) >= 2
    for path in pages:
        update = only_update(path.read_bytes())
        assert update.provenance.blogger_id and update.provenance.source_url
        assert update.sections and update.takeaway
