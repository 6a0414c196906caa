"""Publishing never leaves a half-written or failed site: ``bottomline.publish``.

Each test injects the fault for real: a warning that fails the build, a SIGKILL in the
middle of one, a file system without an atomic exchange, a source broken while the preview
server runs.
"""

from __future__ import annotations

import ctypes
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bottomline import publish

ROOT = Path(__file__).parent / "roots" / "test-publish"
STRICT = ["-n", "-W", "--keep-going", "-q"]


#: Stock Sphinx's incremental search index keeps a removed word with no pages (``"see":[]``)
#: where a clean build has none: Sphinx's own behaviour, in place or not.
_NOT_COMPARED = {".buildinfo", "searchindex.js"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in _NOT_COMPARED
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    return source


def build(source: Path, out: Path, *extra: str) -> int:
    return publish.build_atomically(
        source, out, out.parent / "doctrees", [*STRICT, *extra], say=print
    )


def fresh_build(source: Path, folder: Path) -> dict[str, bytes]:
    """What a clean build of ``source`` gives, for comparison."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-d", str(folder / "dt")]
        + [str(source), str(folder / "html")],
        check=True,
    )
    assert done.returncode == 0
    return tree(folder / "html")


def break_page(source: Path) -> None:
    """A reference to a page that does not exist: a warning, so ``-W`` fails the build."""
    page = source / "pages" / "one.rst"
    page.write_text(page.read_text() + "\nSee :doc:`missing-page`.\n")


def test_a_good_build_is_published_and_leaves_nothing_beside_it(site: Path, tmp_path: Path):
    out = tmp_path / "build" / "html"
    assert build(site, out) == 0
    assert "The first good build" in (out / "index.html").read_text()
    assert not publish.staging_dir(out).exists()
    assert not (tmp_path / "build" / "doctrees" / publish.UNFINISHED_MARKER).exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["doctrees", "html"]


def test_a_failed_build_leaves_the_published_site_as_it_was(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "build" / "html"
    assert build(site, out) == 0
    before = tree(out)
    (site / "index.rst").write_text((site / "index.rst").read_text().replace("first", "second"))
    break_page(site)
    assert build(site, out) == 1
    assert tree(out) == before, "a failed build changed the published site"
    assert "still holds the last good build" in capsys.readouterr().out
    # Fixed, the next build publishes, and it is what a clean build gives.
    page = site / "pages" / "one.rst"
    page.write_text(page.read_text().replace("See :doc:`missing-page`.", "Fixed."))
    assert build(site, out) == 0
    published = tree(out)
    assert "The second good build" in published["index.html"].decode()
    assert published == fresh_build(site, tmp_path / "fresh")


def test_a_build_killed_midway_leaves_the_old_site_and_the_next_build_is_full(
    site: Path, tmp_path: Path
):
    pages = site / "pages"
    for number in range(150):  # enough pages for the writing to take a while
        (pages / f"p{number:03}.rst").write_text(f"Page {number}\n=========\n\nText {number}.\n")
    out = tmp_path / "build" / "html"
    doctrees = out.parent / "doctrees"
    assert build(site, out) == 0
    staging = publish.staging_dir(out)
    # On a busy machine the kill may land only after Sphinx has finished (the build is then
    # published whole or not at all): edit and try again until it lands mid-build.
    for attempt in range(6):
        before = tree(out)
        for number in range(attempt % 3, 150, 3):
            page = pages / f"p{number:03}.rst"
            page.write_text(f"Page {number}\n=========\n\nNew {number}, try {attempt}.\n")
        (site / "index.rst").write_text(
            re.sub(
                r"The \w+ good build",
                f"The third good build {attempt}",
                (site / "index.rst").read_text(),
            )
        )
        command = [sys.executable, "-m", "bottomline.publish", "build", str(site), str(out)]
        command += ["--doctrees", str(doctrees), "--", *STRICT]
        # Its own process group, so the kill takes Sphinx too, as a Ctrl+C or an OOM kill would.
        child = subprocess.Popen(command, start_new_session=True)
        started = time.time()
        deadline = time.monotonic() + 120
        # Killed while writing pages, the most dangerous moment: once some page is new.
        while child.poll() is None and time.monotonic() < deadline:
            written = [p for p in staging.glob("pages/*.html") if p.stat().st_mtime > started]
            if len(written) > random.randint(0, 3):
                break
            time.sleep(0.005)
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        if (doctrees / publish.UNFINISHED_MARKER).exists():
            break  # killed while Sphinx ran
        after = tree(out)
        new_index = f"The third good build {attempt}" in after["index.html"].decode()
        assert after == before or new_index, "a late kill published part of a build"
        assert build(site, out) == 0
    else:
        pytest.fail("the kill never landed while Sphinx was running")
    assert tree(out) == before, "a killed build changed the published site"
    notices: list[str] = []
    assert publish.build_atomically(site, out, doctrees, STRICT, say=notices.append) == 0
    assert len(notices) == 1 and "did not finish" in notices[0]
    assert tree(out) == fresh_build(site, tmp_path / "fresh")


def test_exchange_swaps_two_folders(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "old").write_text("old")
    (second / "new").write_text("new")
    publish.exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["new"]
    assert [p.name for p in second.iterdir()] == ["old"]


def test_exchange_without_renameat2_falls_back_to_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    class NoRenameat2:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __getattr__(self, name: str) -> object:
            raise AttributeError(name)

    monkeypatch.setattr(ctypes, "CDLL", NoRenameat2)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "old").write_text("old")
    (second / "new").write_text("new")
    publish.exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["new"]
    assert [p.name for p in second.iterdir()] == ["old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


def _wait_for_line(lines: queue.Queue[str], pattern: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"no line matching {pattern!r} within {timeout} s") from None
        if re.search(pattern, line):
            return line


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_the_preview_server_keeps_serving_the_last_good_build_while_a_broken_one_fails(
    site: Path, tmp_path: Path
):
    out = tmp_path / "build" / "serve"
    command = [sys.executable, "-u", "-m", "bottomline.publish", "serve", str(site), str(out)]
    command += ["--doctrees", str(tmp_path / "build" / "dt"), "--port", "0", "--", *STRICT]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(server.stdout, lines), daemon=True).start()
    try:
        url = _wait_for_line(lines, r"Serving .* on (http://\S+)").split(" on ")[1].split()[0]
        assert "The first good build" in _get(url + "index.html")
        (site / "index.rst").write_text((site / "index.rst").read_text().replace("first", "broken"))
        break_page(site)
        _wait_for_line(lines, r"still holds the last good build")
        assert "The first good build" in _get(url + "index.html")
        page = site / "pages" / "one.rst"
        page.write_text(page.read_text().replace("See :doc:`missing-page`.", "Fixed."))
        _wait_for_line(lines, r"Rebuilt")
        assert "The broken good build" in _get(url + "index.html")
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- verifying a published site against its sources -------------------------------------------


def test_verify_accepts_the_site_its_sources_build_and_names_every_changed_file(
    site: Path, tmp_path: Path, capsys
):
    out = tmp_path / "build" / "html"
    assert build(site, out, "-E") == 0
    capsys.readouterr()
    assert publish.verify(site, out, ["-q"]) == 0
    assert "byte for byte" in capsys.readouterr().out
    # Tampered with after the build: a script slipped into a page, a page added, one removed.
    index = out / "index.html"
    index.write_text(index.read_text().replace("</body>", "<script>steal()</script></body>"))
    (out / "extra.html").write_text("<p>not from the sources</p>")
    (out / "pages" / "one.html").unlink()
    assert publish.main(["verify", str(site), str(out), "--", "-q"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "differs: index.html" in lines
    assert "not made by the sources: extra.html" in lines
    assert "missing from the published site: pages/one.html" in lines
    assert lines[-1].endswith("3 files differ")


def test_verify_says_when_the_sources_do_not_build(site: Path, tmp_path: Path, capsys):
    out = tmp_path / "build" / "html"
    assert build(site, out) == 0
    break_page(site)
    capsys.readouterr()
    assert publish.verify(site, out, ["-q", "-W"]) == 2
    assert "the fresh build" in capsys.readouterr().out
