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
    assert build(site, out) == 0
    before = tree(out)
    for number in range(0, 150, 3):
        (pages / f"p{number:03}.rst").write_text(f"Page {number}\n=========\n\nNew {number}.\n")
    (site / "index.rst").write_text((site / "index.rst").read_text().replace("first", "third"))
    command = [sys.executable, "-m", "bottomline.publish", "build", str(site), str(out)]
    command += ["--doctrees", str(out.parent / "doctrees"), "--", *STRICT]
    # Its own process group, so the kill takes Sphinx too, as a Ctrl+C or an OOM kill would.
    child = subprocess.Popen(command, start_new_session=True)
    staging = publish.staging_dir(out)
    started = time.time()
    deadline = time.monotonic() + 120
    # Killed while writing pages, the most dangerous moment: once some page is new.
    while child.poll() is None and time.monotonic() < deadline:
        written = [p for p in staging.glob("pages/*.html") if p.stat().st_mtime > started]
        if len(written) > random.randint(0, 3):
            break
        time.sleep(0.005)
    assert child.poll() is None, "the build finished before it could be killed"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert tree(out) == before, "a killed build changed the published site"
    assert (out.parent / "doctrees" / publish.UNFINISHED_MARKER).exists()
    notices: list[str] = []
    assert (
        publish.build_atomically(site, out, out.parent / "doctrees", STRICT, say=notices.append)
        == 0
    )
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
