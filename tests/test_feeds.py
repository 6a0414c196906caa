"""Atom feeds: the archive's, each actor's and each outlet's (``sphinxext/feeds.py``).

Built on ``tests/roots/test-feeds`` (three updates, two actors, two outlets); every feed is
parsed with feedparser and checked against the rules of RFC 4287 a validator checks, with
lxml (no Atom validator package is on the registry).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from bottomline.sphinxext.feeds import TAG
from helpers import read_html

ROOT = Path(__file__).parent / "roots" / "test-feeds"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
FIRST, SECOND, THIRD = (
    "posts/2025/2025-03-01-am-first-update",
    "posts/2025/2025-03-01-pm-second-update",
    "posts/2025/2025-03-05-am-third-update",
)


def atom_problems(path: Path) -> list[str]:
    """What RFC 4287 forbids in the feed at ``path`` (an empty list: valid)."""
    problems: list[str] = []
    root = etree.parse(str(path)).getroot()
    if root.tag != f"{ATOM}feed":
        return [f"root element is {root.tag}, not atom:feed"]

    def one(element: etree._Element, name: str, where: str) -> etree._Element | None:
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where} has {len(found)} atom:{name}, must have exactly one")
            return None
        return found[0]

    def check_links(element: etree._Element, where: str) -> None:
        alternates: dict[tuple[str, str], int] = {}
        for link in element.findall(f"{ATOM}link"):
            if not link.get("href"):
                problems.append(f"{where} has an atom:link without href")
            if link.get("rel", "alternate") == "alternate":
                key = (link.get("type", ""), link.get("hreflang", ""))
                alternates[key] = alternates.get(key, 0) + 1
        if any(count > 1 for count in alternates.values()):
            problems.append(f"{where} has more than one alternate link of one type")

    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    check_links(root, "feed")
    if not [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]:
        problems.append("feed has no rel=self link")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for i, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {i}"
        for name in ("title", "updated"):
            one(entry, name, where)
        entry_id = one(entry, "id", where)
        if entry_id is not None:
            ids.append(entry_id.text)
        check_links(entry, where)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where} has no author and the feed has none")
        content = entry.find(f"{ATOM}content")
        if content is None and not [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate")
        ]:
            problems.append(f"{where} has neither content nor an alternate link")
        if content is not None and content.get("type", "text") not in ("text", "html", "xhtml"):
            problems.append(f"{where} content type {content.get('type')!r}")
    for stamp in root.iter(f"{ATOM}updated", f"{ATOM}published"):
        if not RFC3339.fullmatch(stamp.text or ""):
            problems.append(f"date {stamp.text!r} is not RFC 3339")
    if len(ids) != len(set(ids)):
        problems.append("entry ids are not unique")
    return problems


def parse(path: Path) -> feedparser.FeedParserDict:
    """The feed as feedparser reads it, relative links resolved against its address."""
    url = "https://example.org/" + path.as_posix().split("/_out/", 1)[-1]
    parsed = feedparser.parse(
        path.read_bytes(),
        response_headers={"content-location": url, "content-type": "application/atom+xml"},
    )
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def build(src: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> None:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", "-n", "-W"]
    command += ["--keep-going", "-d", str(out.parent / (out.name + "-doctrees")), *args]
    result = subprocess.run(
        [*command, str(src), str(out)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh build of the root in ``tmp_path/_out``."""
    out = tmp_path / "_out"
    build(ROOT, out)
    return out


def test_archive_feed_has_every_update_newest_first(site: Path):
    feed = parse(site / "feeds" / "atom.xml")
    assert feed.version == "atom10"
    assert feed.feed.title == "Feed test: latest updates"
    assert feed.feed.author == "Feed test maintainers"
    assert [e.title for e in feed.entries] == ["Third Update", "Second Update", "First Update"]
    third, second, first = feed.entries
    # Ids: the Blogger post id where the import kept one, else the post's docname.
    assert first.id == f"{TAG}blogger-post-1234567890"
    assert second.id == f"{TAG}{SECOND}"
    # Updated: the edition's time on the post's date, never the build time.
    assert first.updated == "2025-03-01T07:00:00+03:00"
    assert second.updated == "2025-03-01T19:00:00+03:00"
    assert feed.feed.updated == third.updated == "2025-03-05T07:00:00+03:00"
    assert first.link == f"https://example.org/{FIRST}.html"
    assert feed.feed.link == "https://example.org/index.html"


def test_entry_content_is_escaped_bottom_line_and_meaning(site: Path):
    first = parse(site / "feeds" / "atom.xml").entries[2]
    (content,) = first.content
    assert content.type == "text/html"
    html = content.value
    assert "1 March 2025, AM edition" in html
    # The post's text stays text: its angle brackets are escaped once, never markup.
    assert "Prices &lt;rose&gt; &amp; &quot;fell&quot; on the same day." in html
    assert "<li>The first point of meaning.</li>" in html
    assert "&lt;b&gt;no markup&lt;/b&gt;" in html and "<b>" not in html
    assert first.summary == 'Prices <rose> & "fell" on the same day.'
    assert [t.term for t in first.tags] == ["sample-ministry"]
    second = parse(site / "feeds" / "atom.xml").entries[1]
    assert "<p>Only a paragraph of meaning.</p>" in second.content[0].value


def test_actor_and_outlet_feeds(site: Path):
    actor = parse(site / "feeds" / "actors" / "sample-ministry.xml")
    # The role in the second update's bottom line counts, as on the actor's page.
    assert [e.title for e in actor.entries] == ["Second Update", "First Update"]
    assert actor.feed.link == "https://example.org/actors/sample-ministry.html"
    # No update mentions the council: no feed (and no link to one, below).
    assert not (site / "feeds" / "actors" / "quiet-council.xml").exists()
    reuters = parse(site / "feeds" / "outlets" / "reuters.xml")
    assert [e.title for e in reuters.entries] == ["Third Update", "First Update"]
    # The outlet page (a page without a source) is the feed's alternate link.
    assert reuters.feed.link == "https://example.org/outlets/reuters.html"
    assert (site / "outlets" / "reuters.html").is_file()
    monitor = parse(site / "feeds" / "outlets" / "al-monitor.xml")
    assert [e.title for e in monitor.entries] == ["Second Update"]
    # The same post has the same id in every feed.
    archive_ids = {e.title: e.id for e in parse(site / "feeds" / "atom.xml").entries}
    assert {e.title: e.id for e in reuters.entries}.items() <= archive_ids.items()


def test_every_feed_is_valid_atom(site: Path):
    feeds = sorted((site / "feeds").rglob("*.xml"))
    assert len(feeds) == 4
    for path in feeds:
        assert atom_problems(path) == [], path


def test_atom_checker_finds_problems(tmp_path: Path):
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<updated>yesterday</updated><entry><id>x</id><id>y</id></entry></feed>"
    )
    problems = atom_problems(bad)
    assert "feed has 0 atom:id, must have exactly one" in problems
    assert "entry 0 has 2 atom:id, must have exactly one" in problems
    assert "feed has no rel=self link" in problems
    assert "date 'yesterday' is not RFC 3339" in problems
    assert "entry 0 has no author and the feed has none" in problems


@pytest.mark.sphinx(
    "html", testroot="feeds", srcdir="feeds-short", confoverrides={"bottomline_feed_length": 2}
)
def test_feed_length(app):
    app.build()
    feed = parse(Path(app.outdir) / "feeds" / "atom.xml")
    assert [e.title for e in feed.entries] == ["Third Update", "Second Update"]


@pytest.mark.sphinx(
    "html",
    testroot="feeds",
    srcdir="feeds-site",
    confoverrides={"site_url": "https://example.org/a"},
)
def test_feed_links_are_absolute_under_site_url(app):
    app.build()
    root = etree.parse(str(Path(app.outdir) / "feeds" / "atom.xml")).getroot()
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert hrefs[:2] == ["https://example.org/a/feeds/atom.xml", "https://example.org/a/index.html"]
    assert f"https://example.org/a/{FIRST}.html" in hrefs
    # Ids do not depend on the address.
    assert root.findtext(f"{ATOM}id") == f"{TAG}feeds/atom.xml"


def alternates(path: Path) -> list[tuple[str, str]]:
    soup = read_html(path)
    return [
        (link["title"], link["href"])
        for link in soup.select('head link[rel=alternate][type="application/atom+xml"]')
    ]


def test_pages_link_the_feeds_that_concern_them(site: Path):
    archive = ("Feed test: latest updates", "feeds/atom.xml")
    assert alternates(site / "index.html") == [archive]
    assert alternates(site / "actors" / "sample-ministry.html") == [
        ("Feed test: latest updates", "../feeds/atom.xml"),
        ("Feed test: Sample Ministry", "../feeds/actors/sample-ministry.xml"),
    ]
    assert alternates(site / "actors" / "quiet-council.html") == [
        ("Feed test: latest updates", "../feeds/atom.xml")
    ]
    assert alternates(site / f"{FIRST}.html") == [
        ("Feed test: latest updates", "../../feeds/atom.xml"),
        ("Feed test: Sample Ministry", "../../feeds/actors/sample-ministry.xml"),
    ]
    # Every link leads to a feed that was written.
    for page in (site / "index.html", site / f"{FIRST}.html"):
        for _, href in alternates(page):
            assert (page.parent / href).resolve().is_file(), href


def test_subscribe_links_on_the_landing_page_and_actor_pages(site: Path):
    landing = read_html(site / "index.html").select_one("a.bl-feed-link")
    assert landing.get_text() == "Atom feed"
    assert landing["href"] == "feeds/atom.xml"
    actor = read_html(site / "actors" / "sample-ministry.html")
    link = actor.select_one(".bl-subscribe a.bl-feed-link")
    assert link["href"] == "../feeds/actors/sample-ministry.xml"
    assert (site / "actors" / link["href"]).resolve().is_file()
    quiet = read_html(site / "actors" / "quiet-council.html")
    assert quiet.select_one(".bl-subscribe") is None


def test_dirhtml_links(tmp_path: Path):
    out = tmp_path / "_out"
    build(ROOT, out, "-b", "dirhtml")
    feed = parse(out / "feeds" / "atom.xml")
    assert feed.entries[2].link == f"https://example.org/{FIRST}/"
    assert alternates(out / "actors" / "sample-ministry" / "index.html")[1] == (
        "Feed test: Sample Ministry",
        "../../feeds/actors/sample-ministry.xml",
    )


@pytest.mark.sphinx("text", testroot="feeds", srcdir="feeds-text")
def test_no_feeds_for_other_builders(app):
    app.build()
    assert not (Path(app.outdir) / "feeds").exists()


def test_feeds_are_the_same_bytes_on_every_build(tmp_path: Path):
    """Two fresh builds, at different times and with SOURCE_DATE_EPOCH set or not."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    first, second = tmp_path / "one", tmp_path / "two"
    build(ROOT, first, env=env)
    build(ROOT, second, "-E", env={**env, "SOURCE_DATE_EPOCH": "86400"})
    files = sorted(p.relative_to(first) for p in (first / "feeds").rglob("*.xml"))
    assert len(files) == 4
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def outputs(out: Path) -> dict[str, bytes]:
    """Every page, feed, redirect page and the sitemap of a build."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".xml") and p.is_file()
    }


def test_incremental_feeds_sitemap_and_redirects_equal_a_fresh_build(tmp_path: Path):
    """Add an update, delete one, drop the only mention of an actor, reword a "What it all
    means": an incremental build's feeds, sitemap, redirect pages and pages equal a fresh
    ``-E -j 2`` build's, and feeds and redirects no longer wanted are gone."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    site_url = ("-D", "site_url=https://example.org/archive/")
    incremental, fresh = tmp_path / "incremental", tmp_path / "fresh"
    build(src, incremental, *site_url)
    assert (incremental / "feeds" / "outlets" / "al-monitor.xml").is_file()
    assert (incremental / "2025" / "03" / "first-update.html").is_file()

    (src / "posts" / "2025" / "2025-03-01-pm-second-update.md").unlink()
    first = src / "posts" / "2025" / "2025-03-01-am-first-update.md"
    first.write_text(
        first.read_text(encoding="utf-8")
        .replace("actors:\n- sample-ministry\n", "")
        .replace("/2025/03/first-update.html", "/2025/03/first-update-renamed.html"),
        encoding="utf-8",
    )
    (src / "posts" / "2025" / "2025-04-02-pm-fourth-update.md").write_text(
        "---\ntitle: Fourth Update\ndate: 2025-04-02\nedition: PM\n"
        "source_url: http://example-archive.blogspot.com/2025/04/fourth.html\n---\n\n"
        "# Fourth Update\n\n:::{bottom-line}\nThe {actor}`Quiet Council` spoke.\n:::\n\n"
        "## Section\n\n- A bullet. ({outlet}`Shafaq News`)\n\n"
        ":::{what-it-means}\n- Something new.\n:::\n",
        encoding="utf-8",
    )
    third = src / "posts" / "2025" / "2025-03-05-am-third-update.md"
    # Only "What it all means" changes: no record does, the feeds must all the same.
    third.write_text(
        third.read_text(encoding="utf-8").replace("- Third meaning.", "- Third meaning, revised."),
        encoding="utf-8",
    )
    build(src, incremental, *site_url)
    build(src, fresh, "-E", "-j", "2", *site_url)
    got, want = outputs(incremental), outputs(fresh)
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name] == want[name], name
    feeds = {name for name in want if name.startswith("feeds/")}
    assert feeds == {
        "feeds/atom.xml",
        "feeds/actors/quiet-council.xml",
        "feeds/outlets/reuters.xml",
        "feeds/outlets/shafaq-news.xml",
    }
    assert "2025/04/fourth.html" in want and "2025/03/first-update-renamed.html" in want
    assert "2025/03/first-update.html" not in got
    assert b"fourth-update.html</loc>" in want["sitemap.xml"]
    assert b"Third meaning, revised." in got["feeds/outlets/reuters.xml"]


def test_the_real_site_feeds_sharing_and_labels(tmp_path: Path):
    """The repository's own site, published at an address: every feed valid and complete,
    every post shared with its bottom line, every post in the sitemap, label redirects."""
    site_root = Path(__file__).resolve().parent.parent
    out = tmp_path / "_out"
    build(site_root, out, "-D", "site_url=https://example.org/")
    posts = sorted(p.relative_to(site_root) for p in (site_root / "posts").glob("*/*.md"))
    assert posts
    feeds = sorted((out / "feeds").rglob("*.xml"))
    assert len(feeds) > 10
    for path in feeds:
        assert atom_problems(path) == [], path
        assert parse(path).entries, path
    archive = parse(out / "feeds" / "atom.xml")
    assert len(archive.entries) == min(50, len(posts))
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for post in posts:
        page = out / post.with_suffix(".html")
        soup = read_html(page)
        shared = soup.select_one('meta[property="og:description"]')["content"]
        bottom_line = " ".join(
            soup.select_one(".bottom-line > p:not(.admonition-title)").get_text().split()
        )
        assert bottom_line.startswith(shared.rstrip("…")), page
        url = f"https://example.org/{post.with_suffix('.html').as_posix()}"
        assert f"<loc>{url}</loc>" in sitemap
        assert soup.select_one('link[rel="canonical"]')["href"] == url
    label = out / "search" / "label" / "Central Bank of Iraq.html"
    assert redirect_target(label) == "../../actors/central-bank-of-iraq.html"


def redirect_target(path: Path) -> str:
    refresh = read_html(path).select_one('meta[http-equiv="refresh"]')["content"]
    return refresh.partition("; url=")[2]
