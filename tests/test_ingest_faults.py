"""``bottomline ingest`` under faults: killed midway, two at once, a full disk.

Every fault is injected for real (SIGKILL to a running import, a second process holding the
lock, a 64 KiB tmpfs, an ``OSError(ENOSPC)`` from a write) and the archive is compared file by
file with what an undisturbed import gives.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bottomline import cli
from bottomline.bench import Writer
from bottomline.bench_ingest import as_atom_feed, raw_updates
from bottomline.importer import write
from bottomline.importer.lock import LOCK_NAME, ingest_lock

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def updates() -> list:
    writer = Writer.for_archive(REPO, REPO / "actors", seed=13)
    return raw_updates(200, writer)


def feed_file(folder: Path, name: str, updates: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(as_atom_feed(updates), encoding="utf-8")
    return path


def ingest_command(archive: Path, *feeds: Path) -> list[str]:
    command = [sys.executable, "-m", "bottomline", "ingest", *map(str, feeds)]
    return command + ["--posts-dir", str(archive / "posts"), "--actors-dir", str(REPO / "actors")]


def run_ingest(archive: Path, *feeds: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ingest_command(archive, *feeds), capture_output=True, text=True, check=False
    )


def archive_files(archive: Path) -> dict[str, bytes]:
    """Every post and raw file, by path (the lock file aside: it holds no content)."""
    return {
        str(path.relative_to(archive)): path.read_bytes()
        for path in sorted(archive.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, updates: list) -> dict[str, bytes]:
    """The archive one undisturbed import of the 200-update feed gives."""
    base = tmp_path_factory.mktemp("reference")
    feed = feed_file(base / "in", "feed.xml", updates)
    done = run_ingest(base / "archive", feed)
    assert done.returncode == 0, done.stderr
    files = archive_files(base / "archive")
    assert sum(name.endswith(".md") for name in files) == 200
    return files


def test_killed_at_random_points_every_file_is_whole_and_a_rerun_completes(
    tmp_path: Path, updates: list, reference: dict[str, bytes]
):
    feed = feed_file(tmp_path / "in", "feed.xml", updates)
    archive = tmp_path / "archive"
    rng = random.Random(2026)
    kills = 0
    for _ in range(4):
        child = subprocess.Popen(
            ingest_command(archive, feed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # Killed once this run has written a random number of new posts.
        before = len(list(archive.rglob("*.md"))) if archive.exists() else 0
        target = before + rng.randint(1, 40)
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            if archive.exists() and len(list(archive.rglob("*.md"))) >= target:
                break
            time.sleep(0.002)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait()
        # Whatever was on disk is whole: each file is the finished one, byte for byte.
        for name, data in archive_files(archive).items():
            if name.endswith(".tmp"):
                continue  # a temporary file the kill left; the next run removes it
            assert data == reference[name], f"{name} is not the complete file"
    assert kills >= 2, "the import finished before it could be killed: make the feed longer"
    done = run_ingest(archive, feed)
    assert done.returncode == 0, done.stderr
    assert archive_files(archive) == reference, "a re-run after kills lost or duplicated files"


def test_an_import_refuses_to_start_while_another_holds_the_lock(tmp_path: Path, updates: list):
    feed = feed_file(tmp_path / "in", "feed.xml", updates[:10])
    archive = tmp_path / "archive"
    with ingest_lock(archive):
        done = run_ingest(archive, feed)
    assert done.returncode == cli.EXIT_LOCKED
    [line] = done.stderr.strip().splitlines()
    assert f"another import is running (pid {os.getpid()})" in line
    assert not (archive / "posts").exists(), "a refused import wrote posts"


def test_a_lock_left_by_a_killed_import_is_taken_over(tmp_path: Path, updates: list):
    archive = tmp_path / "archive"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from pathlib import Path\n"
         "from bottomline.importer.lock import ingest_lock\n"
         "with ingest_lock(Path(sys.argv[1])):\n"
         "    print('locked', flush=True); time.sleep(600)\n", str(archive)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (archive / LOCK_NAME).read_text().strip() == str(holder.pid)
    done = run_ingest(archive, feed_file(tmp_path / "in", "feed.xml", updates[:5]))
    assert done.returncode == 0, done.stderr
    assert f"the import with pid {holder.pid} stopped without finishing" in done.stderr
    assert len(list((archive / "posts").rglob("*.md"))) == 5


def test_two_imports_at_once_lose_nothing(
    tmp_path: Path, updates: list, reference: dict[str, bytes]
):
    first = feed_file(tmp_path / "in", "first.xml", updates[:130])
    second = feed_file(tmp_path / "in", "second.xml", updates[70:])
    archive = tmp_path / "archive"
    runs = [
        (feed, subprocess.Popen(ingest_command(archive, feed), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True))
        for feed in (first, second)
    ]  # fmt: skip
    refused = []
    for feed, run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode in (0, cli.EXIT_LOCKED), errors
        if run.returncode == cli.EXIT_LOCKED:
            assert "another import is running (pid " in errors
            refused.append(feed)
    for feed in refused:  # what the maintainer does after the message: run it again
        assert run_ingest(archive, feed).returncode == 0
    assert archive_files(archive) == reference


def test_a_full_disk_stops_the_import_with_one_line_and_keeps_the_old_files(
    tmp_path: Path, updates: list, monkeypatch: pytest.MonkeyPatch, capsys
):
    feed = feed_file(tmp_path / "in", "old.xml", updates[:20])
    archive = tmp_path / "archive"
    posts = str(archive / "posts")
    assert cli.main(["ingest", str(feed), "--posts-dir", posts, "--actors-dir", "actors"]) == 0
    old = archive_files(archive)
    # The same posts, edited, and ten more: after five files the disk is full.
    edited = [
        type(update)(**{**update.__dict__, "bottom_line": update.bottom_line + " Revised."})
        for update in updates[:30]
    ]
    new_feed = feed_file(tmp_path / "in", "new.xml", edited)
    real_fdopen = os.fdopen
    written = []

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            if len(written) >= 5:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written.append(len(data))
            return self.stream.write(data)

    monkeypatch.setattr(write.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    capsys.readouterr()
    status = cli.main(["ingest", str(new_feed), "--posts-dir", posts, "--actors-dir", "actors"])
    assert status == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"error: {archive}") and "no space left on device" in line
    assert "run the same command again" in line
    now = archive_files(archive)
    assert not [name for name in now if name.endswith(".tmp")], "a temporary file was left"
    assert set(old) <= set(now), "a file was lost"
    changed = [name for name in old if now[name] != old[name]]
    assert len(changed) <= 5  # only the writes that went through
    monkeypatch.undo()
    assert cli.main(["ingest", str(new_feed), "--posts-dir", posts, "--actors-dir", "actors"]) == 0
    final = archive_files(archive)
    for name in changed:  # each one whole: the finished file
        assert now[name] == final[name], f"{name} was half-written"


def test_a_real_full_file_system_gives_the_same_one_line(tmp_path: Path, updates: list):
    """A 64 KiB tmpfs, mounted in a private mount namespace (root, as in CI)."""
    assert shutil.which("unshare"), "unshare (util-linux) is needed for this test"
    disk = tmp_path / "disk"
    disk.mkdir()
    feed = feed_file(tmp_path / "in", "feed.xml", updates[:60])
    command = " ".join(ingest_command(disk / "archive", feed))
    script = f"mount -t tmpfs -o size=64k tmpfs {disk} && {command}"
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stdout + done.stderr
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1 and "no space left on device" in errors[0], done.stderr
    assert "failed" not in done.stdout.replace("failed 0", "")
