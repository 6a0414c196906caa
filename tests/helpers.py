"""Small helpers shared by the tests (not fixtures: plain functions)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from bottomline.model import Item

#: The importer's raw samples (tests/fixtures/raw/README.md says what each one is).
RAW = Path(__file__).parent / "fixtures" / "raw"
#: A second, separate set of samples from another (fictional) blog: a batch of its own.
DINARDESK = RAW / "dinardesk"


def read_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def search_index(outdir: Path) -> dict[str, Any]:
    """The data Sphinx wrote into ``searchindex.js``."""
    text = (Path(outdir) / "searchindex.js").read_text(encoding="utf-8")
    match = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.DOTALL)
    assert match, "searchindex.js is not a Search.setIndex(...) call"
    return json.loads(match.group(1))


def sphinx_build(
    srcdir: Path, outdir: Path, *args: str, doctrees: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build -b html`` in a subprocess, as the nox session does."""
    # --no-color: nox sets FORCE_COLOR, and tests read the output.
    command = [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", *args]
    if doctrees is not None:
        command += ["-d", str(doctrees)]
    command += [str(srcdir), str(outdir)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def article(path: Path) -> str:
    """The main content of a built page (what the page says, without theme chrome)."""
    soup = read_html(path)
    main = soup.select_one("article[role=main]")
    assert main is not None, f"{path} has no <article role=main>"
    return str(main)


def outline(items: list[Item], depth: int = 0) -> list[tuple[int, str, list[str]]]:
    """Every item as (depth, text, outlets cited), depth first; a paragraph has depth -1."""
    found = []
    for item in items:
        found.append((depth if item.bullet else -1, item.text, [c.name for c in item.sources]))
        found += outline(item.children, depth + 1)
    return found
