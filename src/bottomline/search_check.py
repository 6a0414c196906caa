"""Run a file of search queries against a built site in headless Chromium.

    python -m bottomline.search_check --site _build/html tests/queries-site.toml

Each query names the page that must be among the first results and the pages that must
not appear at all; every query runs on the results page (``search.html?q=…``, with its
filters in the URL) and, unless it has filters, in the as-you-type box too.  Prints one
line per query and check, and exits 1 if any fails.  The test suite runs the same code.

Query file (TOML)::

    [[query]]
    q = "Kata’ib Hezbollah"                 # what the reader types
    top = ["actors/kataib-hezbollah"]       # docnames that must all be in the top 3
    first = "actors/kataib-hezbollah"       # optional: the docname that must come first
    absent = ["actors/popular-mobilization-forces"]   # docnames that must not appear
    filters = { year = "2025", edition = "AM" }      # optional: year, edition, kind, actor
    where = "page"                          # optional: "page", "box" or "both" (default)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

#: Flags that keep Chromium quiet and offline in containers and CI.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
FILTER_NAMES = ("year", "edition", "kind", "actor")
TOP = 3
TIMEOUT_MS = 15_000


class SearchCheckError(Exception):
    """A problem that stops the check before any query runs (one line, for the user)."""


def find_chromium() -> str:
    """Chromium: ``$BOTTOMLINE_CHROMIUM`` when set, else ``/usr/bin/chromium``, else PATH."""
    explicit = os.environ.get("BOTTOMLINE_CHROMIUM", "")
    candidates = [explicit] if explicit else ["/usr/bin/chromium"]
    if not explicit:
        candidates += [shutil.which(n) or "" for n in ("chromium", "chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = explicit or "/usr/bin/chromium or on PATH"
    raise SearchCheckError(
        f"Chromium not found ({where}): install it (apt-get install -y chromium) or set "
        "BOTTOMLINE_CHROMIUM to its path; the search checks need a real browser"
    )


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium through Playwright, from the system binary (no download)."""
    return playwright.chromium.launch(
        executable_path=find_chromium(), headless=True, args=list(CHROMIUM_ARGS)
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the block runs; yields its URL.

    The search needs http: browsers refuse to fetch page sources from file:// URLs.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- queries -------------------------------------------------------------------------------


@dataclass
class Query:
    q: str
    top: list[str] = field(default_factory=list)
    first: str = ""
    absent: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)
    where: str = "both"

    @property
    def label(self) -> str:
        shown = repr(self.q)
        if self.filters:
            shown += " " + " ".join(f"{k}={v}" for k, v in sorted(self.filters.items()))
        return shown


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def load_queries(path: Path) -> list[Query]:
    """The queries of a TOML query file; a malformed entry is an error naming the file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SearchCheckError(f"{path}: cannot read query file: {error}") from error
    queries = []
    for number, entry in enumerate(data.get("query", []), start=1):
        where = f"{path}: query #{number}"
        if not isinstance(entry.get("q"), str):
            raise SearchCheckError(f"{where}: 'q' (the text to type) is required")
        unknown = set(entry) - {"q", "top", "first", "absent", "filters", "where"}
        if unknown:
            raise SearchCheckError(f"{where}: unknown keys {sorted(unknown)}")
        filters = {str(k): str(v) for k, v in dict(entry.get("filters", {})).items()}
        if set(filters) - set(FILTER_NAMES):
            raise SearchCheckError(f"{where}: filters may only be {', '.join(FILTER_NAMES)}")
        if entry.get("where", "both") not in ("page", "box", "both"):
            raise SearchCheckError(f"{where}: 'where' must be page, box or both")
        query = Query(
            q=entry["q"],
            top=_as_list(entry.get("top")),
            first=str(entry.get("first", "")),
            absent=_as_list(entry.get("absent")),
            filters=filters,
            where=entry.get("where", "both"),
        )
        if not (query.top or query.first or query.absent):
            raise SearchCheckError(f"{where}: give 'top', 'first' or 'absent'")
        queries.append(query)
    if not queries:
        raise SearchCheckError(f"{path}: no [[query]] entries")
    return queries


@dataclass
class Outcome:
    query: Query
    where: str  # "page" or "box"
    results: list[str]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def judge(query: Query, results: list[str], where: str) -> Outcome:
    """Compare the docnames a search showed (in order) with what the query expects."""
    problems = []
    if query.first and results[:1] != [query.first]:
        problems.append(f"{query.first} is not first")
    for docname in query.top:
        if docname not in results[:TOP]:
            problems.append(f"{docname} is not in the top {TOP}")
    for docname in query.absent:
        if docname in results:
            problems.append(f"{docname} appears (position {results.index(docname) + 1})")
    return Outcome(query, where, results, problems)


def results_on_page(page: Any, base_url: str, query: Query) -> list[str]:
    """Docnames the results page lists for ``query``, in order."""
    params = {"q": query.q, **query.filters}
    page.goto(f"{base_url}search.html?{urlencode(params)}")
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached", timeout=TIMEOUT_MS)
    return page.eval_on_selector_all(
        "ol.bl-results > li.bl-result", "items => items.map(i => i.dataset.docname)"
    )


def results_in_box(page: Any, base_url: str, query: Query) -> list[str]:
    """Docnames the as-you-type box offers for ``query``, typed into the sidebar search."""
    if not page.url.startswith(base_url) or "search.html" in page.url:
        page.goto(f"{base_url}index.html")
    box = page.locator("input.sidebar-search").first
    box.fill("")
    box.focus()
    page.evaluate("() => BottomlineSearch.ready()")
    box.fill(query.q)
    # The sidebar box's own list (a phone's header box has another).
    page.wait_for_function(
        """([q]) => { const i = document.querySelector('input.sidebar-search');
                      const l = i && i.form && i.form.querySelector('.bl-suggest');
                      return l && !l.hidden && l.dataset.query === q; }""",
        arg=[query.q],
        timeout=TIMEOUT_MS,
    )
    return box.evaluate(
        "i => [...i.form.querySelectorAll('.bl-suggest a.bl-result')].map(a => a.dataset.docname)"
    )


def run_queries(page: Any, base_url: str, queries: list[Query]) -> list[Outcome]:
    """Every query on the results page and (without filters) in the as-you-type box."""
    outcomes = []
    for query in queries:
        if query.where in ("page", "both"):
            outcomes.append(judge(query, results_on_page(page, base_url, query), "page"))
        if query.where in ("box", "both") and not query.filters:
            outcomes.append(judge(query, results_in_box(page, base_url, query), "box"))
    return outcomes


def check_site(site: Path, query_file: Path) -> list[Outcome]:
    """Serve ``site``, open Chromium, run the queries of ``query_file``."""
    from playwright.sync_api import sync_playwright

    site = Path(site)
    if not (site / "searchindex.js").is_file():
        raise SearchCheckError(f"{site}: no searchindex.js here; build the site first")
    if not (site / "bottomline-searchmeta.js").is_file():
        raise SearchCheckError(f"{site}: no bottomline-searchmeta.js; built without the extension?")
    queries = load_queries(query_file)
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            outcomes = run_queries(page, base_url, queries)
            if errors:
                raise SearchCheckError(f"JavaScript error in the site: {errors[0]}")
            return outcomes
        finally:
            browser.close()


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site", type=Path, default=Path("_build/html"), help="built HTML (_build/html)"
    )
    parser.add_argument("queries", type=Path, nargs="+", help="TOML query files")
    parser.set_defaults(func=run)


def add_search_check_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``bottomline search-check [--site DIR] QUERIES...``."""
    check = subparsers.add_parser(
        "search-check",
        help="run a query file against a built site in headless Chromium",
        description="Check that search queries keep finding the right pages.",
    )
    _add_arguments(check)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bottomline.search_check",
        description="Check that search queries keep finding the right pages.",
    )
    _add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Print PASS/FAIL per query and check; 0 all passed, 1 some failed, 2 could not run."""
    failed = 0
    total = 0
    try:
        for query_file in args.queries:
            for outcome in check_site(args.site, query_file):
                total += 1
                status = "PASS" if outcome.ok else "FAIL"
                line = f"{status} [{outcome.where}] {outcome.query.label}"
                if not outcome.ok:
                    failed += 1
                    line += ": " + "; ".join(outcome.problems)
                    line += f" (got {', '.join(outcome.results[:5]) or 'nothing'})"
                print(line)
    except SearchCheckError as error:
        print(f"search-check: {error}", file=sys.stderr)
        return 2
    print(f"{total - failed} of {total} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
