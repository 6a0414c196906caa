"""Drafts (``draft: true``): in the preview build with a banner, nowhere in the published one.

``tests/roots/test-drafts`` has three published posts (two on one story) and one draft
whose title, words and outlet ("Zebracorn Wire") appear nowhere else, so a scan of every
output file for "zebracorn" finds every place the draft leaked to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bottomline.records import parse_post_meta
from bottomline.sphinxext.drafts import is_draft_source
from helpers import read_html, search_index, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-drafts"
DRAFT = "posts/2025/2025-04-02-am-zebracorn-harvest"
STRICT = ("-n", "-W", "--keep-going")


def build(srcdir: Path, out: Path, *args: str) -> Path:
    result = sphinx_build(srcdir, out / "html", *STRICT, *args, doctrees=out / "doctrees")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out / "html"


def leaks(html: Path) -> list[str]:
    """Every output file (pages, search index, feeds, sitemap, sources...) naming the draft."""
    found = []
    for path in sorted(html.rglob("*")):
        if path.is_file() and b"zebracorn" in path.read_bytes().lower():
            found.append(path.relative_to(html).as_posix())
    return found


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy)
    return copy


def test_a_draft_is_in_no_published_output(srcdir: Path, tmp_path: Path):
    html = build(srcdir, tmp_path / "out")
    assert leaks(html) == []
    assert not (html / f"{DRAFT}.html").exists()  # its address is a 404
    assert not (html / "2025/04").exists()  # no month holds only a draft
    assert not (html / "outlets/zebracorn-wire.html").exists()
    assert (html / "posts/2025/2025-03-05-pm-second-harvest.html").is_file()


def test_the_preview_shows_a_draft_with_a_banner_and_lists_it_nowhere(srcdir: Path, tmp_path: Path):
    html = build(srcdir, tmp_path / "out", "-D", "bottomline_drafts=1")
    page = read_html(html / f"{DRAFT}.html")
    banner = page.select_one(".bl-draft-banner")
    assert banner is not None and "Draft" in banner.get_text()
    # The draft shows the published posts it relates to; no other page shows the draft.
    related = [a.get_text() for a in page.select(".bl-related a.bl-post-link")]
    assert related == ["Test Update: First Harvest", "Test Update: Second Harvest"]
    allowed = {f"{DRAFT}.html", f"_sources/{DRAFT}.md.txt", "bottomline-phrases/0.js"}
    # The preview's search index may find the draft (the preview is for its authors).
    assert {leak for leak in leaks(html) if "search" not in leak} <= allowed
    second = read_html(html / "posts/2025/2025-03-05-pm-second-harvest.html")
    assert second.select_one("a.bl-next") is None  # no neighbour in time either


def test_publishing_and_unpublishing_a_draft_incrementally(srcdir: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(srcdir, out)
    draft = srcdir / f"{DRAFT}.md"
    draft.write_text(draft.read_text().replace("draft: true\n", ""))
    html = build(srcdir, out)
    assert (html / f"{DRAFT}.html").is_file()
    assert (html / "2025/04/index.html").is_file()
    assert "Zebracorn Harvest" in (html / "index.html").read_text()
    # Back to a draft: its page, month and outlet pages go, no listing names it.
    draft.write_text(draft.read_text().replace("actors:\n", "draft: yes\nactors:\n"))
    html = build(srcdir, out)
    assert not (html / f"{DRAFT}.html").exists()
    # Stock Sphinx keeps the words of a page it forgot in searchindex.js, each with no page
    # (as for a deleted page): the search finds nothing there.
    assert leaks(html) == ["searchindex.js"]
    index = search_index(html)
    assert DRAFT not in index["docnames"]
    assert index["terms"].get("zebracorn", []) == []


def test_draft_flags_in_front_matter(tmp_path: Path):
    page = tmp_path / "post.md"
    for text, expected in [
        ("draft: true", True),
        ("draft: yes", True),
        ("draft: false", False),
        ("title: no draft key", False),
        ("draft: maybe", True),  # unreadable: kept out of the published site
    ]:
        page.write_text(f"---\n{text}\n---\n\n# A post\n", encoding="utf-8")
        assert is_draft_source(page) is expected, text
    meta = {"title": "T", "date": "2025-04-02", "edition": "AM", "draft": "maybe"}
    record, problems = parse_post_meta(meta, "posts/2025/2025-04-02-am-t")
    assert record is not None and record.draft
    assert problems == ["post front matter 'draft' must be true or false, got 'maybe'"]
    record, problems = parse_post_meta({**meta, "draft": "False"}, "posts/2025/2025-04-02-am-t")
    assert record is not None and not record.draft and problems == []
