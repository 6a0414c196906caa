"""The query runner behind ``nox -s search-check``: its file format, verdicts and errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bottomline.search_check import Query, SearchCheckError, judge, load_queries, main

TESTS = Path(__file__).resolve().parent


def test_judge_checks_first_top_and_absent():
    query = Query(q="x", first="a", top=["b"], absent=["z"])
    assert judge(query, ["a", "c", "b", "d"], "page").ok
    assert judge(query, ["c", "a", "b"], "page").problems == ["a is not first"]
    assert judge(query, ["a", "c", "d", "b"], "page").problems == ["b is not in the top 3"]
    assert judge(query, ["a", "b", "z"], "box").problems == ["z appears (position 3)"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[query]]\ntop = 'a'\n", "query #1: 'q' (the text to type) is required"),
        ("[[query]]\nq = 'x'\ntopp = 'a'\n", "query #1: unknown keys ['topp']"),
        ("[[query]]\nq = 'x'\ntop = 'a'\nfilters = { month = '1' }\n", "filters may only be"),
        ("[[query]]\nq = 'x'\n", "give 'top', 'first' or 'absent'"),
        ("[[query]\n", "cannot read query file"),
        ("", "no [[query]] entries"),
    ],
)
def test_bad_query_files_get_one_line_errors_naming_the_file(tmp_path, text, message):
    path = tmp_path / "queries.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SearchCheckError) as error:
        load_queries(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_query_files_load():
    assert len(load_queries(TESTS / "queries.toml")) >= 30
    assert load_queries(TESTS / "queries-site.toml")


def test_an_unbuilt_site_is_a_clear_error(tmp_path, capsys):
    assert main(["--site", str(tmp_path), str(TESTS / "queries.toml")]) == 2
    assert "no searchindex.js here; build the site first" in capsys.readouterr().err


def test_browser_tests_fail_not_skip_without_chromium(tmp_path):
    """CI must not go green by skipping: a missing Chromium fails the browser tests."""
    env = {**os.environ, "BOTTOMLINE_CHROMIUM": str(tmp_path / "no-chromium")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q",
         f"{TESTS / 'test_fold_parity.py'}::test_table_folds_the_same_in_python_and_javascript"],
        capture_output=True, text=True, env=env, cwd=TESTS.parent, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Chromium not found" in result.stdout
    assert "skipped" not in result.stdout
