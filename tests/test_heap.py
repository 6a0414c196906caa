"""The build's garbage-collection handling (``shared.freeze_heap`` / ``release_doctree``):
written doctrees are freed while the build writes, and nothing stays frozen after it."""

from __future__ import annotations

import gc
import weakref

import pytest
from docutils import nodes


def _watch_nodes(app) -> list[weakref.ref]:
    """Weak references to every element of every doctree as it is resolved."""
    refs: list[weakref.ref] = []

    def watch(app, doctree: nodes.document, docname: str) -> None:
        refs.extend(weakref.ref(node) for node in doctree.findall(nodes.Element))

    app.connect("doctree-resolved", watch)
    return refs


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_written_doctrees_are_freed_while_writing(app):
    refs = _watch_nodes(app)
    alive_at_finish: list[int] = []

    def count(app, exception) -> None:
        gc.collect()  # what writing left (young, unfrozen) goes; frozen cycles would stay
        # Nodes Sphinx replaced while resolving (a pending_xref) still point at their old
        # parent: the parent may stay, but as an empty shell, holding none of the page.
        kept = [node for node in (ref() for ref in refs) if node is not None and node.__dict__]
        alive_at_finish.append(len(kept))

    app.connect("build-finished", count, priority=100)
    app.build()
    assert len(refs) > 100
    # Serially read doctrees are frozen before writing; without being taken apart after
    # their page is written they would all still be alive (frozen cycles are never
    # collected).
    assert alive_at_finish == [0]
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_the_pages_are_whole_after_their_doctrees_are_released(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "</html>" in html
    post = next(app.outdir.glob("posts/**/*.html"))
    text = post.read_text(encoding="utf-8")
    assert "bottom-line" in text and "Related updates" in text
