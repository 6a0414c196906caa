"""Writing posts (bottomline.importer.write): paths, raw originals, idempotency, refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bottomline.importer import write as write_module
from bottomline.importer.myst import sha256
from bottomline.importer.read_html import read_html
from bottomline.importer.read_text import read_text
from bottomline.importer.write import BloggerIndex, write_update
from helpers import RAW

TEXT = RAW / "2025-11-03-am-ports-tariffs.txt"
PAGE = RAW / "2025-11-07-pm-power-before-winter.html"


def text_update(data: bytes | None = None):
    update = read_text(data if data is not None else TEXT.read_bytes(), "ports.txt")
    update.date, update.edition = date(2025, 11, 3), "AM"
    return update


def page_update(data: bytes | None = None):
    update = read_html(data if data is not None else PAGE.read_bytes(), "power.html")[0].update
    update.date, update.edition = date(2025, 11, 7), "PM"
    return update


@pytest.fixture
def posts(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "posts"


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def test_paths_and_the_raw_original(posts):
    outcome = write_update(text_update(), posts)
    post = posts / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.md"
    raw = posts.parent / "raw" / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.txt"
    assert (outcome.status, outcome.subject, outcome.path) == (
        "created",
        "posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md",
        post,
    )
    assert raw.read_bytes() == TEXT.read_bytes()
    meta = front(post)
    assert meta["raw_sha256"] == sha256(TEXT.read_bytes())
    assert meta["raw_file"] == "raw/2025/2025-11-03-am-ports-tariffs-and-the-dinar.txt"


def test_html_pages_are_kept_as_html(posts):
    write_update(page_update(), posts)
    raw = posts.parent / "raw" / "2025" / "2025-11-07-pm-power-before-winter.html"
    assert raw.read_bytes() == PAGE.read_bytes()
    meta = front(posts / "2025" / "2025-11-07-pm-power-before-winter.md")
    assert meta["blogger_id"] == "3141592653589793238"
    assert meta["source_url"].endswith("/2025/11/power-before-winter.html")


def test_the_same_source_twice_is_unchanged_and_byte_identical(posts):
    write_update(text_update(), posts)
    post = posts / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.md"
    first = post.read_bytes()
    mtime = post.stat().st_mtime_ns
    outcome = write_update(text_update(), posts)
    assert outcome.status == "unchanged"
    assert post.read_bytes() == first
    assert post.stat().st_mtime_ns == mtime  # not even rewritten


def test_a_hand_edited_post_is_not_overwritten_without_force(posts):
    write_update(text_update(), posts)
    post = posts / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.md"
    edited = post.read_text().replace("Morning, all.", "Morning, all (edited).")
    post.write_text(edited)
    outcome = write_update(text_update(), posts)
    assert outcome.status == "skipped"
    assert outcome.reason == (
        "posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md was edited by hand "
        "(body differs from what the importer wrote); use --force to overwrite"
    )
    assert post.read_text() == edited
    forced = write_update(text_update(), posts, force=True)
    assert (forced.status, forced.reason) == ("updated", "forced")
    assert "(edited)" not in post.read_text()


def test_a_page_the_importer_did_not_write_is_not_overwritten(posts):
    post = posts / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: Mine\n---\n\n# Mine\n")
    outcome = write_update(text_update(), posts)
    assert outcome.status == "skipped"
    assert "was not written by the importer (no body_sha256)" in outcome.reason
    assert post.read_text().startswith("---\ntitle: Mine")


def test_a_different_post_at_the_same_path_is_a_failure(posts):
    write_update(page_update(), posts)
    post = posts / "2025" / "2025-11-07-pm-power-before-winter.md"
    before = post.read_bytes()
    other = page_update(PAGE.read_bytes().replace(b"3141592653589793238", b"2718281828459045235"))
    outcome = write_update(other, posts)
    assert outcome.status == "failed"
    assert outcome.reason == (
        "posts/2025/2025-11-07-pm-power-before-winter.md already holds a different post "
        "(Blogger post 3141592653589793238, this is 2718281828459045235); use --force to overwrite"
    )
    assert post.read_bytes() == before
    assert write_update(other, posts, force=True).status == "updated"
    assert front(post)["blogger_id"] == "2718281828459045235"


def test_a_different_text_at_the_same_path_is_a_failure(posts):
    write_update(text_update(), posts)
    other = TEXT.read_bytes().replace(b"Importers in Basra", b"Shippers in Umm Qasr")
    outcome = write_update(text_update(other), posts)
    assert outcome.status == "failed"
    assert "already holds a different post" in outcome.reason
    assert "raw/2025/2025-11-03-am-ports-tariffs-and-the-dinar.txt" in outcome.reason


def test_the_same_blogger_post_updated_on_the_blog_is_updated(posts):
    write_update(page_update(), posts)
    changed = PAGE.read_bytes().replace(b"Evening, everyone.", b"Good evening, everyone.")
    outcome = write_update(page_update(changed), posts)
    assert outcome.status == "updated"
    post = posts / "2025" / "2025-11-07-pm-power-before-winter.md"
    assert "Good evening, everyone." in post.read_text()
    raw = posts.parent / "raw" / "2025" / "2025-11-07-pm-power-before-winter.html"
    assert raw.read_bytes() == changed


def test_text_of_a_post_imported_from_its_page_does_not_replace_it(posts):
    write_update(page_update(), posts)
    as_text = read_text((RAW / "2025-11-07-pm-power-before-winter.txt").read_bytes(), "p.txt")
    as_text.date, as_text.edition = date(2025, 11, 7), "PM"
    outcome = write_update(as_text, posts)
    assert outcome.status == "skipped"
    assert outcome.reason.startswith(
        "the same post as posts/2025/2025-11-07-pm-power-before-winter.md"
    )


def test_a_blogger_post_already_imported_under_another_name_is_skipped(posts):
    write_update(page_update(), posts)
    retitled = PAGE.read_bytes().replace(
        b"Power Before Winter November", b"Power and Winter November"
    )
    outcome = write_update(page_update(retitled), posts, index=BloggerIndex(posts))
    assert outcome.status == "skipped"
    assert (
        "Blogger post 3141592653589793238 is already "
        "posts/2025/2025-11-07-pm-power-before-winter.md" in outcome.reason
    )
    assert not (posts / "2025" / "2025-11-07-pm-power-and-winter.md").exists()


def test_dry_run_writes_nothing(posts):
    outcome = write_update(text_update(), posts, dry_run=True)
    assert outcome.status == "created"
    assert not posts.parent.joinpath("posts").exists()
    assert not posts.parent.joinpath("raw").exists()


def test_a_failed_write_leaves_no_partial_file(posts, monkeypatch):
    write_update(text_update(), posts)
    post = posts / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.md"
    before = post.read_bytes()

    real_replace = write_module.os.replace

    def broken_replace(source, target):
        if str(target).endswith(".md"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(write_module.os, "replace", broken_replace)
    changed = TEXT.read_bytes().replace(b"Morning, all.", b"Morning.")
    with pytest.raises(OSError):
        write_update(text_update(changed), posts, force=True)
    assert post.read_bytes() == before
    leftovers = [p.name for p in posts.parent.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_front_matter_added_by_hand_is_an_edit_too(posts):
    write_update(text_update(), posts)
    post = posts / "2025" / "2025-11-03-am-ports-tariffs-and-the-dinar.md"
    edited = post.read_text().replace("edition: AM\n", "edition: AM\nfeatured: true\n")
    post.write_text(edited)
    changed = TEXT.read_bytes().replace(b"Morning, all.", b"Morning, all!")
    outcome = write_update(text_update(changed), posts)
    assert outcome.status == "skipped"
    assert "front matter has featured, which the importer does not write" in outcome.reason
    assert post.read_text() == edited


def test_paths_are_shown_relative_to_the_working_directory(tmp_path, monkeypatch):
    from bottomline.importer.write import display

    (tmp_path / "work" / "posts").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "work" / "link").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path / "work")
    assert display(tmp_path / "work" / "posts" / "a.md") == "posts/a.md"
    assert display(Path("posts") / "a.md") == "posts/a.md"
    assert display(Path("posts/../posts/a.md")) == "posts/a.md"
    assert display(tmp_path / "work" / "link" / "b.md") == "link/b.md"
    assert display(tmp_path / "elsewhere" / "c.md") == (tmp_path / "elsewhere" / "c.md").as_posix()
    # Under the working directory only once resolved (the working directory named by a link).
    monkeypatch.chdir(tmp_path / "work" / "link")
    assert display(tmp_path / "elsewhere" / "c.md") == "c.md"
