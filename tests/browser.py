"""Browser fixtures: headless Chromium (system binary) and the search test site, served.

Loaded as a pytest plugin from conftest.py.  Browser tests never skip: without Chromium
or Playwright they fail with a message that says what to install.
"""

from __future__ import annotations

import io
import multiprocessing
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from bottomline.search_check import SearchCheckError, launch_chromium, serve

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install playwright", pytrace=False)
    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except SearchCheckError as error:
            pytest.fail(str(error), pytrace=False)
        yield browser
        browser.close()
        end_forked_helpers()


def end_forked_helpers() -> None:
    """End the processes that Sphinx apps built in this process forked and left running.

    sphinx-sitemap starts a ``multiprocessing`` manager per build; a fork inherits the
    Playwright driver's pipe, and while one lives the driver never sees its input close, so
    leaving ``sync_playwright()`` waits forever (a whole CI run was lost to it).
    """
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(timeout=10)


def build_root(name: str, destination: Path, **confoverrides: Any) -> tuple[Path, str]:
    """Copy ``tests/roots/test-<name>`` to ``destination`` and build it: (outdir, warnings)."""
    srcdir = destination / "src"
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, warning=warnings, status=io.StringIO(), confoverrides=confoverrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), warnings.getvalue()


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``tests/roots/test-search`` built once: (outdir, warnings)."""
    return build_root("search", tmp_path_factory.mktemp("search-site"))


@pytest.fixture(scope="session")
def search_url(search_site: tuple[Path, str]) -> Iterator[str]:
    """The search test site on a local http server (file:// cannot fetch page sources)."""
    with serve(search_site[0]) as url:
        yield url


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh page; any uncaught JavaScript error fails the test."""
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
