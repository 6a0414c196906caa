"""One import at a time per archive, and the leftovers of a killed one cleared.

``bottomline ingest`` holds an exclusive ``flock`` on ``.bottomline-ingest.lock`` in the
archive folder (the posts folder's parent, where ``raw/`` is too) while it writes.  The
kernel releases the lock when the process ends however it ends, so a crash or a SIGKILL
never leaves a lock that blocks the next run: the file stays, with the old pid in it, and
the next run takes it over and says so.  While the lock is held nobody else writes, so the
temporary files a killed run left (``.<name>.<random>.tmp``, see ``write.atomic_write``) can
be removed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".bottomline-ingest.lock"

# What write.atomic_write's tempfile.mkstemp(prefix=".<name>.", suffix=".tmp") makes.
_TEMPORARY_RE = re.compile(r"\..+\.[A-Za-z0-9_]{6,}\.tmp")


class ImportRunning(Exception):
    """Another ``ingest`` holds the archive's lock."""


def _read_pid(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 64).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def ingest_lock(archive: Path, say: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the archive's import lock; :class:`ImportRunning` when another run has it."""
    import fcntl  # POSIX only; imported here so the rest of the importer runs anywhere

    archive.mkdir(parents=True, exist_ok=True)
    path = archive / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            holder = f"pid {pid}" if pid else "pid unknown"
            raise ImportRunning(
                f"another import is running ({holder}) on this archive ({path}); "
                "run this one again when it has finished"
            ) from None
        stale = _read_pid(fd)
        if stale is not None and stale != os.getpid():
            say(f"notice: the import with pid {stale} stopped without finishing; continuing")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # empty: the run finished; the lock itself goes with the fd
    finally:
        os.close(fd)


def remove_leftovers(folders: list[Path]) -> int:
    """Remove the temporary files a killed import left; how many (hold the lock first)."""
    removed = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob(".*.tmp"):
            if _TEMPORARY_RE.fullmatch(path.name) and path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
