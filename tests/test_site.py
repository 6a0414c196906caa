"""The real archive: the repository's own conf.py, posts and actors, built as nox builds it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bottomline import publish
from conftest import ROOT
from helpers import read_html, search_index, sphinx_build


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path} has no front matter"
    return yaml.safe_load(text.split("---\n", 2)[1])


POSTS = sorted((ROOT / "posts").glob("*/*.md"))
NEWEST_FIRST = sorted(
    POSTS,
    key=lambda p: (str(_front_matter(p)["date"]), _front_matter(p)["edition"]),
    reverse=True,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh (-E), strict, parallel build of the repository into a temporary directory."""
    out = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(
        ROOT, out, "-E", "-n", "-W", "--keep-going", "-j", "auto",
        doctrees=out.parent / "doctrees",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def _html(site: Path, post: Path) -> Path:
    return site / post.relative_to(ROOT).with_suffix(".html")


def test_there_are_sample_posts():
    assert len(POSTS) >= 3


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.stem)
def test_every_post_has_both_admonitions(site: Path, post: Path):
    html = _html(site, post).read_text(encoding="utf-8")
    assert '<div class="admonition bottom-line">' in html
    assert '<div class="admonition what-it-means">' in html


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.stem)
def test_every_post_shows_date_edition_actors_outlets(site: Path, post: Path):
    meta = _front_matter(post)
    soup = read_html(_html(site, post))
    # The title first, then date and edition, then the bottom line.
    article = soup.select_one("article")
    order = [
        tag
        for tag in article.find_all(True)
        if tag.name == "h1" or {"bl-post-meta", "bottom-line"} & set(tag.get("class", []))
    ]
    assert [t.name for t in order] == ["h1", "p", "div"]
    assert order[1].select_one("time")["datetime"] == str(meta["date"])
    assert order[1].select_one(".bl-edition").get_text() == meta["edition"]
    assert soup.select_one("header.bl-post-header") is None  # no badges above the title
    # Actors and outlets: one line at the end.
    tags = soup.select("p.bl-post-tags")
    assert len(tags) == 1
    actor_links = {a["href"].rsplit("/", 1)[-1] for a in tags[0].select("a.bl-actor-link")}
    assert actor_links == {f"{slug}.html" for slug in meta.get("actors", [])}
    outlets = [a.get_text() for a in tags[0].select("a.bl-outlet-link")]
    assert set(meta.get("outlets", [])) <= set(outlets)


def test_previous_and_next_follow_time(site: Path):
    oldest_first = NEWEST_FIRST[::-1]
    for i, post in enumerate(oldest_first):
        soup = read_html(_html(site, post))
        prev = soup.select_one("nav.bl-post-nav a.bl-prev")
        nxt = soup.select_one("nav.bl-post-nav a.bl-next")
        if i == 0:
            assert prev is None
        else:
            assert prev["href"].endswith(oldest_first[i - 1].stem + ".html")
        if i == len(oldest_first) - 1:
            assert nxt is None
        else:
            assert nxt["href"].endswith(oldest_first[i + 1].stem + ".html")


def test_landing_page_lists_every_post_newest_first_with_bottom_line(site: Path):
    soup = read_html(site / "index.html")
    cards = soup.select(".bl-latest .bl-card")
    expected = NEWEST_FIRST[:20]
    hrefs = [c.select_one("a.bl-post-link")["href"] for c in cards]
    assert hrefs == [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in expected]
    for card, post in zip(cards, expected, strict=True):
        page = read_html(_html(site, post))
        bottom_line = page.select_one("div.bottom-line").get_text()
        bottom_line = "".join(bottom_line.split()).removeprefix("Thebottomline")
        assert "".join(card.select_one(".bl-bottom-line").get_text().split()) == bottom_line
        assert card.select_one(".bl-edition").get_text() == _front_matter(post)["edition"]
    links = {a["href"] for a in soup.select("article a")}
    assert "archive.html" in links
    assert "actors/index.html" in links


def test_every_post_is_on_its_month_and_year_page(site: Path):
    for post in POSTS:
        day = _front_matter(post)["date"]
        href = post.relative_to(ROOT).with_suffix(".html").as_posix()
        for page, prefix in (
            (f"{day:%Y}/{day:%m}/index.html", "../../"),
            (f"{day:%Y}/index.html", "../"),
        ):
            links = [a["href"] for a in read_html(site / page).select("a.bl-post-link")]
            assert prefix + href in links, (post.name, page)
    archive = read_html(site / "archive.html")
    months = {a["href"] for a in archive.select(".bl-archive-months a")}
    assert all((site / m).is_file() for m in months)


def test_search_page_and_index_exist(site: Path):
    assert (site / "search.html").is_file()
    index = search_index(site)
    # No post title says "bottom line": those words come only from the admonition titles.
    assert not {"bottom", "line"} & set(index["titleterms"])
    assert all(f"posts/{p.parent.name}/{p.stem}" in index["docnames"] for p in POSTS)


def test_posts_stay_out_of_the_sidebar(site: Path):
    soup = read_html(site / "index.html")
    sidebar = soup.select_one(".sidebar-tree")
    assert sidebar is not None
    assert not [a for a in sidebar.select("a") if "posts/" in a["href"]]


def test_pages_fit_a_phone(site: Path):
    soup = read_html(_html(site, POSTS[0]))
    viewport = soup.select_one('meta[name="viewport"]')
    assert viewport is not None and "width=device-width" in viewport["content"]
    css = (site / "_static" / "bottomline.css").read_text()
    assert "@media (max-width" in css


def test_the_sources_rebuilt_elsewhere_give_the_site_byte_for_byte(site: Path, tmp_path: Path):
    """What SECURITY.md's verification relies on: a serial build of a copy of the sources in
    another folder gives every published file of the parallel build, the same bytes."""
    copy = tmp_path / "sources"
    skip = shutil.ignore_patterns(".nox", ".git", "_build", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT, copy, ignore=skip)
    said: list[str] = []
    assert publish.verify(copy, site, ["-q"], say=said.append) == 0, said
