"""Defence in depth: each layer stops its attack alone (``sphinxext/safety.py``).

The test root's ``conf.py`` sets ``myst_disable_syntax = []`` the way a careless one might;
each page tries one attack.  Every test also builds with the layers turned off
(``bottomline_allow_raw_and_include = True``) and sees the attack get through, so a test
passes only because its layer stopped it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PWNED = "window.pwned"
SECRET = "SECRETTOKEN4711"
OPEN = {"bottomline_allow_raw_and_include": True}


def _page(app, name: str) -> str:
    return (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")


def _live(html: str) -> list[str]:
    """Scripts and event handlers that a browser would run."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(s) for s in soup.find_all("script") if PWNED in s.get_text()]
    found += [str(t) for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    return found


def _warnings_for(app, name: str) -> list[str]:
    return [line for line in app.warning.getvalue().splitlines() if f"{name}.md" in line]


@pytest.mark.sphinx("html", testroot="safety")
def test_myst_raw_html_is_off_whatever_conf_py_says(app):
    app.build()
    html = _page(app, "html")
    assert not _live(html)
    assert "&lt;script&gt;window.pwned" in html, "the HTML is shown as text"
    assert "html_block" in app.config.myst_disable_syntax
    assert "html_inline" in app.config.myst_disable_syntax


@pytest.mark.sphinx("html", testroot="safety", confoverrides=OPEN)
def test_without_the_layer_myst_raw_html_gets_through(app):
    app.build()
    html = _page(app, "html")
    assert len(_live(html)) == 2


@pytest.mark.sphinx("html", testroot="safety")
def test_the_raw_directive_is_a_warning_and_outputs_nothing(app):
    app.build()
    html = _page(app, "raw")
    assert PWNED not in html and not _live(html)
    warnings = _warnings_for(app, "raw")
    assert len(warnings) == 2, warnings
    assert all('"raw" directive disabled' in line for line in warnings), warnings


@pytest.mark.sphinx("html", testroot="safety", confoverrides=OPEN)
def test_without_the_layer_the_raw_directive_gets_through(app):
    app.build()
    html = _page(app, "raw")
    assert 'window.pwned = "raw-directive"' in html
    assert 'window.pwned = "eval-rst-raw"' in html


@pytest.mark.sphinx("html", testroot="safety")
def test_include_literalinclude_and_csv_file_insert_nothing(app):
    app.build()
    html = _page(app, "include")
    assert SECRET not in html
    warnings = _warnings_for(app, "include")
    assert len(warnings) == 3, warnings
    assert all("disabled" in line or "deactivated" in line for line in warnings), warnings


@pytest.mark.sphinx("html", testroot="safety", confoverrides=OPEN)
def test_without_the_layer_files_are_inserted(app):
    app.build()
    assert _page(app, "include").count(SECRET) == 3


@pytest.mark.sphinx("html", testroot="safety", parallel=2)
def test_the_layers_hold_in_parallel_readers(app):
    app.build()
    for name in ("html", "raw", "include"):
        html = _page(app, name)
        assert not _live(html) and SECRET not in html
