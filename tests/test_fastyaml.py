"""Front matter through libyaml (``sphinxext/fastyaml.py``): the same data, the same errors."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.util.console import strip_escape_sequences

from bottomline.sphinxext import fastyaml

SAMPLES = [
    "title: What’s New\ndate: 2025-11-03\nedition: AM\nactors:\n- kataib-hezbollah\n",
    "a: [1, 2.5, null, true, '0x1F', 0o17, 1_000]\nb: {c: ~}\n",
    "when: 2025-11-03T08:15:00-05:00\ntext: |\n  two\n  lines\n",
    "anchors: &x [1]\nagain: *x\n",
    "",
    "- just\n- a list\n",
]
BROKEN = ["title: [unclosed\n", "a: b: c\n", "x: !!python/object:os.system ls\n", "\tindent: tab\n"]


def _outcome(load, text):
    try:
        return "ok", load(text)
    except Exception as error:  # noqa: BLE001 (compared, not handled)
        return type(error), str(error)


@pytest.mark.parametrize("text", SAMPLES + BROKEN)
def test_same_data_and_same_errors_as_pyyaml(text):
    assert _outcome(fastyaml.safe_load, text) == _outcome(fastyaml.PURE_SAFE_LOAD, text)


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=8,
    )
)
def test_round_trips_like_pyyaml(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    assert _outcome(fastyaml.safe_load, text) == _outcome(fastyaml.PURE_SAFE_LOAD, text)


@pytest.mark.sphinx("html", testroot="front-matter-yaml")
def test_a_build_reads_front_matter_with_libyaml(app, warning):
    assert yaml.__with_libyaml__, "PyYAML is installed without its libyaml binding"
    assert yaml.safe_load is fastyaml.safe_load
    app.build()
    meta = app.env.metadata["index"]
    assert meta["title"] == "Front matter: read with libyaml"
    assert meta["keywords"] == '["dinar", "budget, 2026", null]'
    # MyST's own warning for front matter that is not YAML, as with PyYAML's loader.
    assert "broken.md:1: WARNING: Malformed YAML [myst.topmatter]" in strip_escape_sequences(
        warning.getvalue()
    )
