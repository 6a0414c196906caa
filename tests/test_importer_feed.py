"""A Blogger Atom feed or export -> one entry per post (bottomline.importer.read_feed)."""

from __future__ import annotations

import pytest

from bottomline.importer.read_feed import read_feed
from bottomline.importer.read_html import read_html
from bottomline.model import RAW_FEED_ENTRY, ImportFailure, NotAnUpdate
from helpers import DINARDESK, RAW


@pytest.fixture(scope="module")
def feed():
    return read_feed((RAW / "sampledesk-2025-11.atom.xml").read_bytes(), "feed.xml")


def test_three_updates_and_one_announcement(feed):
    assert len(feed) == 4
    updates = [entry.update for entry in feed if entry.update is not None]
    assert [u.title for u in updates] == [
        "What's New in Iraq: Wheat and Water",
        "What's New in Iraq: The Wage Bill",
        "Iraq Update: The Street Rate",
    ]
    announcement = feed[1]
    assert announcement.update is None
    assert isinstance(announcement.problem, NotAnUpdate)
    assert "no bottom line" in str(announcement.problem)
    assert announcement.label == "feed.xml entry 2 ('Members Call Moves to Wednesday')"


def test_entry_metadata(feed):
    wheat = feed[0].update
    assert wheat.provenance.blogger_id == "9000000000000000004"
    assert (
        wheat.provenance.source_url
        == "https://sampledesk.example.blogspot.com/2025/11/wheat-and-water.html"
    )
    assert wheat.provenance.published.isoformat() == "2025-11-12T19:40:00-05:00"
    assert wheat.provenance.raw_kind == RAW_FEED_ENTRY


def test_entry_content_structure(feed):
    wheat, wages, rate = (entry.update for entry in feed if entry.update is not None)
    assert wheat.intro == ["Good evening."]
    assert [s.heading for s in wheat.sections] == ["Water and Wheat"]
    first, second = wheat.sections[0].items
    assert [c.text for c in first.children] == [
        "Farmers in the south say canals reached them weeks late."
    ]
    # Links inside the parenthesis: http kept, javascript: dropped.
    assert [(c.name, c.url) for c in second.sources] == [
        ("Rudaw", "https://example.org/dams"),
        ("Reuters", None),
    ]
    assert wages.bottom_line == [
        "the cabinet wants a smaller wage bill next year, "
        "but no one in an election year will vote for it."
    ]
    top = wages.sections[0].items
    assert [item.text for item in top] == [
        "The planning ministry said public wages take more than half of current spending.",
        "Unions warned against any cut to allowances.",
    ]
    assert [c.name for c in top[0].children[0].sources] == ["Al Mada", "The National"]
    assert [c.name for c in top[1].sources] == ["Baghdad Today"]
    assert [i.text for i in wages.takeaway] == ["Any real cut waits for the next government."]
    # No year and no edition in the title: both come from <published> later.
    assert (rate.title_date.edition, rate.title_date.year) == (None, None)
    assert [(i.text, i.bullet) for i in rate.takeaway] == [
        (
            "A narrower gap makes the official rate more believable, "
            "which is what the central bank wants.",
            False,
        )
    ]


def test_each_entry_is_kept_as_a_page_with_its_metadata_that_reads_back(feed):
    wheat = feed[0].update
    kept = wheat.provenance.raw.decode("utf-8")
    assert "9000000000000000004" in kept and "2025-11-12T19:40:00" in kept
    assert 'content="Sample Desk"' in kept  # the author, among the entry's metadata
    assert '<a href="javascript:alert(1)">Reuters</a>' in kept  # the content, unchanged
    again = read_html(wheat.provenance.raw, "kept.html")[0].update
    assert again.sections == wheat.sections
    assert again.provenance.blogger_id == wheat.provenance.blogger_id
    assert again.provenance.raw_kind == RAW_FEED_ENTRY


def test_a_broken_entry_does_not_stop_the_others():
    entries = read_feed((RAW / "feed-with-broken-entry.atom.xml").read_bytes(), "f.xml")
    assert [entry.update is not None for entry in entries] == [True, False, True]
    assert isinstance(entries[1].problem, ImportFailure)
    assert "no closing 'What It All Means' section" in str(entries[1].problem)


def test_a_blogger_export_holds_posts_pages_comments_and_drafts():
    entries = read_feed((RAW / "blog-export.xml").read_bytes(), "export.xml")
    # Settings and comments are not posts at all; the page and the draft are reported.
    assert len(entries) == 3
    assert entries[0].update is not None
    assert entries[0].update.provenance.blogger_id == "9200000000000000001"
    assert str(entries[1].problem) == "a Blogger page, not a post"
    assert str(entries[2].problem) == "a draft post"
    assert all(isinstance(e.problem, NotAnUpdate) for e in entries[1:])


def test_rss_items_are_read_too():
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>
<guid>tag:blogger.com,1999:blog-1.post-77</guid><pubDate>Sat, 08 Nov 2025 07:30:00 -0500</pubDate>
<title>X: Rates November 8</title><link>https://x.example/rates.html</link>
<description>&lt;p&gt;The bottom line is that x.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Part&lt;/b&gt;&lt;/p&gt;
&lt;ul&gt;&lt;li&gt;One. (AP)&lt;/li&gt;&lt;/ul&gt;
&lt;p&gt;&lt;b&gt;What It Means&lt;/b&gt;&lt;/p&gt;&lt;p&gt;So.&lt;/p&gt;</description>
</item></channel></rss>"""
    [entry] = read_feed(rss, "r.xml")
    assert entry.update.provenance.blogger_id == "77"
    assert entry.update.provenance.published.hour == 7
    assert entry.update.provenance.source_url == "https://x.example/rates.html"


def test_entities_and_dtds_are_never_resolved():
    evil = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>post-1</id><title>X: A November 1, AM</title>
<content type="html">&lt;p&gt;The bottom line is that &secret;.&lt;/p&gt;</content>
</entry></feed>"""
    [entry] = read_feed(evil.encode(), "evil.xml")
    assert entry.update is None
    assert "no closing" in str(entry.problem)  # read, with the entity left out
    assert "root:" not in str(entry.problem)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the feed is empty"),
        (b"<feed><entry>", "not well-formed XML"),
        (b"<?xml version='1.0'?><html><body/></html>", "not an Atom or RSS feed"),
        (b"\x00\x00\x00binary", "binary"),
    ],
)
def test_feeds_that_cannot_be_read_fail_clearly(data, message):
    with pytest.raises(ImportFailure, match=message):
        read_feed(data, "bad.xml")


def test_feed_samples_with_three_updates_and_an_announcement_read():
    # The repository's own sample feed, and the Dinar Desk set's.
    feeds = [
        RAW / "sampledesk-2025-11.atom.xml",
        *sorted(DINARDESK.glob("*.xml")),
    ]
    for path in feeds:
        entries = read_feed(path.read_bytes(), path.name)
        assert sum(e.update is not None for e in entries) == 3
        assert sum(isinstance(e.problem, NotAnUpdate) for e in entries) == 1


def test_an_escaped_html_title_is_read_as_text():
    feed = """<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>post-5</id>
<title type="html">X: Oil &amp;amp; Gas &amp;lt;b&amp;gt; November 1, AM</title>
<content type="html">&lt;p&gt;The bottom line is that x.&lt;/p&gt;&lt;h3&gt;S&lt;/h3&gt;
&lt;ul&gt;&lt;li&gt;a&lt;/li&gt;&lt;/ul&gt;
&lt;h3&gt;What It Means&lt;/h3&gt;&lt;p&gt;y&lt;/p&gt;</content>
</entry></feed>"""
    [entry] = read_feed(feed, "t.xml")
    assert entry.update.title == "X: Oil & Gas <b>"
