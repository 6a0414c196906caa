"""The query file runs against the search test site in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bottomline.search_check import load_queries, run_queries

QUERIES = Path(__file__).resolve().parent / "queries.toml"


@pytest.mark.browser
def test_query_file_passes(page: Any, search_url: str):
    outcomes = run_queries(page, search_url, load_queries(QUERIES))
    failures = [
        f"[{o.where}] {o.query.label}: {'; '.join(o.problems)} (got {o.results[:5]})"
        for o in outcomes
        if not o.ok
    ]
    assert failures == []
    assert len(outcomes) > len(load_queries(QUERIES)), "the as-you-type box was not checked"
