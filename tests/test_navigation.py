"""The sidebar's table of contents, made once per folder: the same HTML as Sphinx's own."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.testing.util import SphinxTestApp

from bottomline.bench import generate_archive
from bottomline.sphinxext.navigation import SharedNavigation
from conftest import ROOT


def _build(srcdir: Path, builddir: Path, builder: str = "html") -> dict[str, bytes]:
    app = SphinxTestApp(
        builder, srcdir=srcdir, builddir=builddir, status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    outdir = builddir / builder
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*.html")}


def _count_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages Sphinx resolved a table of contents for (a test-only look inside)."""
    made: list[str] = []
    resolve = StandaloneHTMLBuilder._get_local_toctree

    def counted(self, docname, *args, **kwargs):
        made.append(docname)
        return resolve(self, docname, *args, **kwargs)

    monkeypatch.setattr(StandaloneHTMLBuilder, "_get_local_toctree", counted)
    return made


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_page_gets_the_table_of_contents_sphinx_would_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builder: str
):
    project = tmp_path / "archive"
    generate_archive(40, project, ROOT)
    made = _count_made(monkeypatch)
    shared = _build(project, tmp_path / "shared", builder)
    shared_made = len(made)
    with monkeypatch.context() as patch:
        patch.setattr(SharedNavigation, "page_context", lambda *args: None)
        own = _build(project, tmp_path / "own", builder)
    assert len(own) > 40 and shared == own
    sphinx_made = len(made) - shared_made
    if builder == "html":
        # Posts share a folder per month: far fewer tables made than pages written.
        assert shared_made < sphinx_made / 3, (shared_made, sphinx_made)
    else:
        assert shared_made == sphinx_made  # a folder per page: nothing to share


def test_pages_a_table_of_contents_lists_are_marked_current_as_sphinx_does(tmp_path: Path):
    """Listed pages (``self``, Sphinx's ``genindex``, a page in a folder) are left to Sphinx;
    unlisted ones in two folders share, and the HTML is Sphinx's own."""
    project = tmp_path / "site"
    (project / "notes").mkdir(parents=True)
    (project / "conf.py").write_text(
        'extensions = ["bottomline.sphinxext"]\nhtml_theme = "furo"\n', encoding="utf-8"
    )
    (project / "index.md").write_text(
        "# Home\n\n```{toctree}\nself\nabout\nnotes/listed\ngenindex\n```\n", encoding="utf-8"
    )
    pages = {"about": "About", "notes/listed": "Listed", "one": "One", "notes/two": "Two"}
    for name, title in pages.items():
        orphan = "" if name in ("about", "notes/listed") else "---\norphan: true\n---\n"
        (project / f"{name}.md").write_text(f"{orphan}# {title}\n", encoding="utf-8")
    shared = _build(project, tmp_path / "shared")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SharedNavigation, "page_context", lambda *args: None)
        own = _build(project, tmp_path / "own")
    assert shared == own
    assert b"current" in shared["genindex.html"] and b"current" in shared["notes/listed.html"]
