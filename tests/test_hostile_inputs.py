"""Hostile raw updates: huge, pathological, escaping slugs, odd characters, unsafe links.

Beside the property test (``test_importer_properties.py``: any text in any field renders
literally), these are the inputs an attacker or a broken copy would try.  Each goes through
the real importer (``bottomline ingest`` as the CLI runs it) and, where it produces a post, a
strict Sphinx build of it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bottomline import cli
from bottomline.formats import parse_post_path
from bottomline.importer.batch import read_source
from helpers import sphinx_build

ROOTS = Path(__file__).parent / "roots"

#: Seconds one update may take to import, however it is built (a slow shared machine
#: included); anything slower is a denial of service.
TIME_BOUND = 20.0


def copied(title: str, body: str, bottom: str = "Calm markets.") -> str:
    """Text in the shape a maintainer copies from a post page."""
    return (
        f"{title}\n\nThe Bottom Line: {bottom}\n\nSection One\n\n{body}\n\n"
        "What it all means:\n\nA closing point.\n"
    )


TITLE = "What's New in Iraq 11-3-25 AM: Ports"


def ingest(tmp_path: Path, text: str | bytes, name: str = "update.txt") -> tuple[int, float]:
    source = tmp_path / name
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    started = time.perf_counter()
    status = cli.main(
        ["ingest", str(source), "--posts-dir", str(tmp_path / "posts"), "--year", "2025"]
    )
    return status, time.perf_counter() - started


def posts(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "posts").rglob("*.md"))


@pytest.mark.parametrize(
    "body",
    [
        "- " + ("?c_" * 100_000) + "c_",
        "- " + "*" * 50_000,
        ">" * 10_000 + " deep",
        "\n".join(f"- point {n}" for n in range(100_000)),
        "- " + "[" * 20_000 + "x" + "]" * 20_000,
        "- " + "`" * 30_000,
        "- " + "{actor}`" * 10_000,
    ],
    ids=["c_-run", "stars", "nested-quotes", "100k-bullets", "brackets", "backticks", "roles"],
)
def test_pathological_runs_finish_in_bounded_time(tmp_path: Path, body: str, capsys):
    status, seconds = ingest(tmp_path, copied(TITLE, body))
    output = capsys.readouterr()
    assert seconds < TIME_BOUND, f"{seconds:.1f} s for one update"
    if status == 0:
        [post] = posts(tmp_path)
        started = time.perf_counter()
        _build_post(tmp_path, post)
        assert time.perf_counter() - started < TIME_BOUND * 3, "the post builds too slowly"
    else:  # refused: one clear line naming the source
        assert "update.txt" in output.out + output.err


def test_a_5_mb_update_is_imported_and_built_in_bounded_time(tmp_path: Path, capsys):
    paragraph = "The committee met again and postponed the vote on the budget tables. "
    body = "\n".join(f"- {paragraph * 4}(Shafaq News)" for _ in range(18_000))
    text = copied(TITLE, body)
    assert len(text.encode()) > 5_000_000
    status, seconds = ingest(tmp_path, text)
    output = capsys.readouterr()
    assert seconds < TIME_BOUND * 3, f"{seconds:.1f} s for a 5 MB update"
    assert status == 0, output
    [post] = posts(tmp_path)
    started = time.perf_counter()
    html = _build_post(tmp_path, post)
    assert time.perf_counter() - started < TIME_BOUND * 6, "a 5 MB post builds too slowly"
    assert html.count("<li>") >= 18_000


@pytest.mark.parametrize(
    "title",
    [
        "../conf",
        "../../etc/passwd",
        "search",
        "genindex",
        "_static",
        "index",
        "/absolute/path",
        "..",
        "CON",
        "x" * 300,
        "\u202egnp.exe",
    ],
)
def test_slugs_stay_inside_posts_and_never_take_a_site_name(tmp_path: Path, title: str, capsys):
    status, _ = ingest(tmp_path, copied(f"What's New in Iraq 11-3-25 AM: {title}", "- A point."))
    assert status == 0, capsys.readouterr()
    [post] = posts(tmp_path)
    assert post.resolve().is_relative_to((tmp_path / "posts" / "2025").resolve())
    assert post.parent == tmp_path / "posts" / "2025"
    assert len(post.name.encode()) <= 255
    # Every post is posts/<YYYY>/<date>-<edition>-<slug>.md: it can never be a site page
    # (search, genindex, _static, conf) whatever its slug.
    assert parse_post_path(str(post.relative_to(tmp_path / "posts"))) is not None, post.name
    slug = post.stem.split("-", 4)[-1]
    assert slug and not slug.startswith((".", "_")) and "\u202e" not in slug


def test_titles_differing_only_in_case_do_not_overwrite_each_other(tmp_path: Path, capsys):
    ingest(tmp_path, copied(f"{TITLE} Budget", "- First."), "one.txt")
    status, _ = ingest(
        tmp_path, copied(f"{TITLE} BUDGET", "- Second, a different post."), "two.txt"
    )
    output = capsys.readouterr().out
    files = posts(tmp_path)
    # Either two posts, or the second is refused with a reason: never a silent overwrite.
    if len(files) == 1:
        assert "First." in files[0].read_text()
        assert "two.txt" in output and ("skipped" in output or "failed" in output)
    else:
        assert len(files) == 2 and status == 0


ODD = {
    "nul": "\x00",
    "bom": "\ufeff",
    "bare-cr": "one\rtwo",
    "line-separator": "one\u2028two",
    "paragraph-separator": "one\u2029two",
    "rtl-override": "\u202eevil",
    "zero-width": "a\u200bb",
}


@pytest.mark.parametrize("odd", ODD.values(), ids=ODD.keys())
def test_odd_characters_in_every_field_build_cleanly(tmp_path: Path, odd: str, capsys):
    text = copied(
        f"{TITLE} {odd}",
        f"{odd}Heading{odd}\n\n- A point{odd} here. (Shafaq{odd} News)\n  - Sub{odd} point.",
        bottom=f"Calm{odd} markets.",
    ).replace("A closing point.", f"A closing{odd} point.")
    status, _ = ingest(tmp_path, text)
    output = capsys.readouterr().out
    if odd == "\x00":  # NUL marks a binary file: refused, in one line naming it
        assert status == 1 and not posts(tmp_path)
        [line] = [line for line in output.splitlines() if line.startswith("failed")]
        assert "update.txt" in line and "binary" in line
        return
    assert status == 0, output
    [post] = posts(tmp_path)
    built = _build_post(tmp_path, post)
    assert "\x00" not in built and "\u202e" not in built.replace("&#8238;", "")


def test_lone_surrogates_from_a_json_feed_are_not_a_crash(tmp_path: Path):
    entry = {
        "id": {"$t": "tag:blogger.com,1999:blog-1.post-2"},
        "published": {"$t": "2025-11-03T08:00:00.000-05:00"},
        "title": {"$t": "What's New in Iraq 11-3-25 AM: Ports \ud800"},
        "content": {
            "$t": "<p>The Bottom Line: Calm \udfff markets.</p><h3>Ports</h3>"
            "<ul><li>A point \ud83d.</li></ul><p>What it all means:</p><p>Wait.</p>"
        },
        "link": [{"rel": "alternate", "href": "https://x.blogspot.com/2025/11/ports.html"}],
    }
    data = json.dumps({"feed": {"entry": [entry]}}).encode()
    assert b"\\ud800" in data  # JSON escapes: a lone surrogate once decoded
    [read] = read_source(data, "feed.json")
    if read.update is not None:
        for text in (read.update.title, *read.update.bottom_line):
            text.encode("utf-8")  # would raise on a lone surrogate


def test_a_javascript_source_url_never_becomes_a_link(tmp_path: Path, capsys):
    page = (
        "<!DOCTYPE html><html><head><title>x</title>"
        '<link rel="canonical" href="javascript:alert(document.cookie)">'
        '<meta property="og:url" content="javascript:alert(1)"></head><body>'
        f'<div class="post"><h3 class="post-title">{TITLE}</h3>'
        '<div class="post-body"><p>The Bottom Line: Calm.</p><h3>Ports</h3>'
        "<ul><li>A point.</li></ul><p>What it all means:</p><p>Wait.</p></div></div>"
        "</body></html>"
    )
    status, _ = ingest(tmp_path, page, "page.html")
    assert status == 0, capsys.readouterr()
    [post] = posts(tmp_path)
    assert "javascript:" not in post.read_text().lower()
    built = _build_post(tmp_path, post)
    assert "javascript:" not in built.lower()


def _build_post(tmp_path: Path, post: Path) -> str:
    """Build the imported post in a small strict site; its HTML."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "conf.py").write_text((ROOTS / "test-import-escaping" / "conf.py").read_text())
    (site / "index.md").write_text("# Index\n\n```{toctree}\n:glob:\nposts/*/*\n```\n")
    target = site / "posts" / post.parent.name / post.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(post.read_bytes())
    done = sphinx_build(site, tmp_path / "html", "-n", "-W", "--keep-going", "-q")
    assert done.returncode == 0, done.stderr[-3000:]
    return (
        tmp_path / "html" / "posts" / post.parent.name / post.with_suffix(".html").name
    ).read_text()
