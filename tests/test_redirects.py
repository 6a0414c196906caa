"""Redirects from old Blogger addresses (``sphinxext/redirects.py``).

``tests/roots/test-redirects`` has one post with a good Blogger address, posts whose old
path a page of the site already has (a maintainer's page, a generated month page), one
whose path another post already claimed, and posts with hostile addresses.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from bottomline.search_check import serve
from bottomline.sphinxext.redirects import MARKER, blogger_path, redirect_html
from helpers import read_html, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-redirects"
GOOD = "posts/2025/2025-03-01-am-good-post"
ACTOR = "actors/sample-ministry"


def redirect_of(path: Path) -> tuple[str, str, str]:
    """(meta refresh target, canonical, link) of a redirect page; it has no script."""
    soup = read_html(path)
    assert soup.find("script") is None
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    delay, _, target = refresh.partition("; url=")
    assert delay == "0"
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    return target, canonical, soup.select_one("body a")["href"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("redirects") / "html"
    result = sphinx_build(ROOT, out, "-n", "--keep-going")
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def test_old_post_address_redirects_to_the_post(site):
    out, _ = site
    page = out / "2025" / "03" / "good-post.html"
    target, canonical, link = redirect_of(page)
    assert target == canonical == link == f"../../{GOOD}.html"
    assert (page.parent / target).resolve() == (out / f"{GOOD}.html").resolve()
    assert "Good Post" in read_html(page).select_one("body a").get_text()


def test_label_pages_of_actor_names_and_aliases(site):
    out, _ = site
    labels = out / "search" / "label"
    for name in ("Sample Ministry", "The Ministry"):
        target, canonical, _ = redirect_of(labels / f"{name}.html")
        assert target == canonical == f"../../{ACTOR}.html"
        target, _, _ = redirect_of(labels / name / "index.html")
        assert target == f"../../../{ACTOR}.html"
        assert (labels / name / target).resolve() == (out / f"{ACTOR}.html").resolve()
    # Names that cannot be a file name safely (a slash, a leading dot, markup) get none.
    assert sorted(p.name for p in labels.iterdir()) == sorted(
        ["Sample Ministry", "Sample Ministry.html", "The Ministry", "The Ministry.html"]
    )


def test_a_redirect_never_replaces_a_page(site):
    out, warnings = site
    # The maintainer's page at an old post's path, and the generated month page, stay.
    assert "A maintainer" in (out / "2025" / "03" / "clash.html").read_text(encoding="utf-8")
    assert MARKER not in (out / "2025" / "03" / "index.html").read_text(encoding="utf-8")
    # And the first post to claim an old address keeps it.
    assert redirect_of(out / "2025" / "03" / "good-post.html")[0] == f"../../{GOOD}.html"
    found = re.findall(r"(\S+\.md): WARNING: (.*) \[bottomline\.redirect\]", warnings)
    assert [(Path(f).name, m) for f, m in found] == [
        (
            "2025-03-02-am-clashing-post.md",
            "no redirect from the old address /2025/03/clash.html: a page of the site has "
            "that path",
        ),
        (
            "2025-03-03-am-month-post.md",
            "no redirect from the old address /2025/03/index.html: a file the build wrote is there",
        ),
        (
            "2025-03-04-am-twin-post.md",
            "no redirect from the old address /2025/03/good-post.html to post "
            "'posts/2025/2025-03-04-am-twin-post': it already goes to "
            "'posts/2025/2025-03-01-am-good-post'",
        ),
    ]


def test_hostile_addresses_make_no_page(site):
    out, _ = site
    every = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    made = [p for p in every if not p.startswith(("posts/", "_"))]
    assert not [p for p in made if "script" in p or '"' in p or ".." in p]
    assert sorted(p for p in every if p.startswith("2025/03/")) == [
        "2025/03/clash.html",
        "2025/03/good-post.html",
        "2025/03/index.html",
    ]


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://old.blogspot.com/2025/03/good-post.html", "2025/03/good-post.html"),
        ("HTTP://old.blogspot.com/2025/12/a_b-1.html", "2025/12/a_b-1.html"),
        ("https://old.blogspot.com/2025/03/good-post.html?m=1", "2025/03/good-post.html"),
        ("javascript://old.blogspot.com/2025/03/x.html", None),
        ("data:text/html,/2025/03/x.html", None),
        ("https://old.blogspot.com/2025/03/../../index.html", None),
        ("https://old.blogspot.com/2025/03/%2e%2e.html", None),
        ("https://old.blogspot.com/2025/13/bad-month.html", None),
        ('https://old.blogspot.com/2025/03/x"><script>.html', None),
        ("https://old.blogspot.com/2025/03/x.html/extra", None),
        ("https://old.blogspot.com/p/about.html", None),
        ("//old.blogspot.com/2025/03/x.html", None),
        ("https://[broken/2025/03/x.html", None),
        ("", None),
    ],
)
def test_only_blogger_post_paths_of_http_addresses(url, path):
    assert blogger_path(url) == path


def test_redirect_html_escapes_everything():
    html = redirect_html('a"b<c>.html', "https://x/'y'", "<Title & co>")
    assert '"0; url=a&quot;b&lt;c&gt;.html"' in html
    assert 'href="https://x/&#x27;y&#x27;"' in html
    assert "&lt;Title &amp; co&gt;" in html and "<Title" not in html


def test_canonical_is_absolute_under_site_url(tmp_path: Path):
    out = tmp_path / "html"
    result = sphinx_build(ROOT, out, "-D", "site_url=https://example.org/")
    assert result.returncode == 0, result.stderr
    target, canonical, _ = redirect_of(out / "2025" / "03" / "good-post.html")
    assert target == f"../../{GOOD}.html"
    assert canonical == f"https://example.org/{GOOD}.html"
    # Redirect pages are not pages of the site: not in the sitemap.
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "org/2025/03/good-post.html" not in sitemap and "search/label" not in sitemap
    assert f"org/{GOOD}.html" in sitemap


def test_dirhtml_targets(tmp_path: Path):
    out = tmp_path / "dirhtml"
    result = sphinx_build(ROOT, out, "-b", "dirhtml")
    assert result.returncode == 0, result.stderr
    target, _, _ = redirect_of(out / "2025" / "03" / "good-post.html")
    assert target == f"../../{GOOD}/"
    assert (out / "2025" / "03" / target / "index.html").resolve().is_file()


@pytest.mark.browser
def test_browser_lands_on_the_post_and_the_subscribe_link_serves_atom(site, page):
    out, _ = site
    with serve(out) as base:
        url = base.rstrip("/")
        page.goto(f"{url}/2025/03/good-post.html")
        page.wait_for_url(f"{url}/{GOOD}.html")
        assert page.locator("h1").first.inner_text().startswith("Good Post")
        page.goto(f"{url}/search/label/The%20Ministry.html")
        page.wait_for_url(f"{url}/{ACTOR}.html")
        page.goto(f"{url}/search/label/The%20Ministry/")
        page.wait_for_url(f"{url}/{ACTOR}.html")
        href = page.locator(".bl-subscribe a.bl-feed-link").get_attribute("href")
        response = page.request.get(f"{url}/actors/{href}")
        assert response.ok
        body = response.body()
        assert body.startswith(b"<?xml") and b'<feed xmlns="http://www.w3.org/2005/Atom"' in body
        headers = {"content-type": response.headers["content-type"]}
        feed = feedparser.parse(body, response_headers=headers)
        assert not feed.bozo, feed.get("bozo_exception")
        assert [entry.title for entry in feed.entries] == ["Good Post"]
        # The landing page's subscribe link: followed by the browser, the whole archive's feed.
        page.goto(f"{url}/index.html")
        link = page.get_by_role("link", name="Atom feed")
        with page.expect_response(lambda r: r.url.endswith(".xml")) as served:
            link.click()
        response = served.value
        assert response.ok and response.url == f"{url}/feeds/atom.xml"
        feed = feedparser.parse(response.body(), response_headers=dict(response.headers))
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.title and "Good Post" in [entry.title for entry in feed.entries]
