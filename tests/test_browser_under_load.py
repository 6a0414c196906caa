"""The browser tests hold on a busy machine: every core is kept busy while they run.

The search tests wait for conditions (a selector, a data attribute, an auto-retrying
``expect``), never for a time, so a slow machine makes them slower, not red.  This runs
them in a child pytest while one busy-loop process per core competes for the CPU, and
checks that the load was real (each hog got a good share of a core).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
#: The browser test files run under load (the end-to-end box, header and results tests,
#: and the table-driven scripts).
UNDER_LOAD = ("test_search_ui.py", "test_search_js.py")

pytestmark = pytest.mark.browser


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_browser_tests_pass_with_every_core_busy(tmp_path: Path):
    cores = os.cpu_count() or 1
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cores)]
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "--basetemp", str(tmp_path / "run"), *(str(TESTS / f) for f in UNDER_LOAD)],
            cwd=TESTS.parent, capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
        busy = [cpu_seconds(hog.pid) for hog in hogs]
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    wall = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
    # The hogs really competed: each had at least a tenth of a core for the whole run (the
    # machine may be shared with more than this test).
    assert min(busy) >= 0.1 * wall, (busy, wall)
