"""The build's garbage-collection handling (``shared.freeze_heap`` / ``release_doctree``):
written doctrees are freed while the build writes, and nothing stays frozen after it."""

from __future__ import annotations

import contextlib
import gc
import io
import weakref
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import frontend, nodes
from docutils.utils import new_document
from sphinx.testing.util import SphinxTestApp

from bottomline.bench import generate_archive
from bottomline.sphinxext.shared import HandedDoctrees, ReadPages
from conftest import ROOT


@contextlib.contextmanager
def _built(
    project: Path, builddir: Path, *, parallel: int = 1, handlers=(), **confoverrides
) -> Iterator[SphinxTestApp]:
    """``project`` built as HTML into ``builddir``; ``handlers``: (event, handler, priority)."""
    app = SphinxTestApp(
        "html",
        srcdir=project,
        builddir=builddir,
        parallel=parallel,
        confoverrides=confoverrides,
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    try:
        for event, handler, priority in handlers:
            app.connect(event, handler, priority=priority)
        app.build()
        yield app
    finally:
        app.cleanup()


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


# -- the main process of a parallel write ----------------------------------------------------


class _Builder:
    """What :class:`HandedDoctrees` asks of the builder."""

    def __init__(self, outdir: Path, parallel_ok: bool = True) -> None:
        self.outdir = outdir
        self.parallel_ok = parallel_ok

    def get_outfilename(self, docname: str) -> str:
        return str(self.outdir / f"{docname}.html")


def _doctree(text: str) -> nodes.document:
    doctree = new_document("test", frontend.get_default_settings())
    doctree += nodes.paragraph(text, text)
    return doctree


def test_the_main_process_takes_apart_only_the_pages_written_since(tmp_path: Path):
    builder = _Builder(tmp_path)
    app = SimpleNamespace(builder=builder)
    (tmp_path / "old.html").write_text("from the last build")
    handed = HandedDoctrees()
    handed.EVERY = 1_000  # released by hand below
    handed.start(app, builder)
    new, old, waiting = _doctree("new"), _doctree("old"), _doctree("waiting")
    handed.note(app, new, "new")
    handed.note(app, old, "old")
    handed.note(app, waiting, "waiting")
    handed.release_written()
    # No writer has written them yet: an older file is not this build's page.
    assert all(doctree.__dict__ for doctree in (new, old, waiting))
    (tmp_path / "new.html").write_text("written")
    (tmp_path / "old.html").write_text("written again")
    handed.release_written()
    assert not new.__dict__ and not old.__dict__
    assert waiting.astext() == "waiting"
    assert [doctree for doctree, *_ in handed.pending] == [waiting]


def test_a_serial_write_hands_nothing_over(tmp_path: Path):
    builder = _Builder(tmp_path, parallel_ok=False)
    app = SimpleNamespace(builder=builder)
    handed = HandedDoctrees()
    handed.start(app, builder)
    page = _doctree("page")
    handed.note(app, page, "page")
    (tmp_path / "page.html").write_text("written")
    handed.release_written()
    assert handed.pending == [] and page.astext() == "page"


def test_a_parallel_build_writes_what_a_serial_one_does(tmp_path: Path, monkeypatch):
    """The same pages and sitemap (whose writers' addresses stay in the writers)."""
    # Released after every page, so a page taken apart before its writer had it would show.
    monkeypatch.setattr(HandedDoctrees, "EVERY", 1)
    project = tmp_path / "archive"
    generate_archive(60, project, ROOT)
    pages = {}
    for jobs in (1, 2):
        with _built(
            project, tmp_path / f"build-{jobs}", parallel=jobs, site_url="https://archive.example/"
        ):
            pass
        outdir = tmp_path / f"build-{jobs}" / "html"
        pages[jobs] = {
            path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in [*outdir.rglob("*.html"), outdir / "sitemap.xml"]
        }
    assert len(pages[2]) > 60
    assert pages[2] == pages[1]
    assert pages[2]["sitemap.xml"].count(b"<url>") > 60
    assert gc.get_freeze_count() == 0


class _Cycle:
    """Garbage only a collection frees: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_a_serial_read_collects_and_freezes_every_few_pages(tmp_path: Path, monkeypatch):
    """Frozen at every eighth page read, after a collection: a cycle dropped meanwhile is
    freed, not frozen with what the build keeps."""
    monkeypatch.setattr(ReadPages, "EVERY", 8)
    project = tmp_path / "archive"
    generate_archive(30, project, ROOT)
    frozen: list[int] = []
    dropped: list[weakref.ref] = []

    def note(app, docname: str, source: list[str]) -> None:
        frozen.append(gc.get_freeze_count())
        cycle = _Cycle()
        dropped.append(weakref.ref(cycle))

    # Only the collections the build makes: with the automatic ones a young cycle is
    # often freed anyway, and a freeze without its collection would go unnoticed.
    gc.disable()
    try:
        # After ReadPages (priority 100).
        with _built(project, tmp_path / "build", handlers=[("source-read", note, 900)]):
            pass
    finally:
        gc.enable()
    assert len(frozen) > 30
    # The pages (counted from 1) at whose reading more was frozen than before.
    grew = [page for page in range(2, len(frozen) + 1) if frozen[page - 1] > frozen[page - 2]]
    assert grew == list(range(8, len(frozen) + 1, 8))
    # Every cycle dropped before the last freeze was collected first.
    last = grew[-1]
    assert all(ref() is None for ref in dropped[: last - 1])
    assert gc.get_freeze_count() == 0


def test_parallel_readers_send_back_only_their_own_records(tmp_path: Path):
    """A reader forked after earlier chunks were merged forgets their records, and the
    merged records are a serial read's."""
    project = tmp_path / "archive"
    generate_archive(60, project, ROOT)
    tables = (("post", "posts"), ("actor", "mentions"))
    merges: list[tuple[int, set[str]]] = []

    def merged(app, env, docnames, other) -> None:
        foreign = set()
        for domain, table in tables:
            foreign |= set(other.domaindata[domain][table]) - set(docnames)
        merges.append((len(env.domaindata["post"]["posts"]), foreign))

    records = {}
    for jobs in (1, 2):
        handlers = [("env-merge-info", merged, 100)]
        with _built(project, tmp_path / f"build-{jobs}", parallel=jobs, handlers=handlers) as app:
            records[jobs] = {table: dict(app.env.domaindata[d][table]) for d, table in tables}
    assert len(merges) > 2
    assert any(before > 0 for before, _ in merges)  # readers forked with records merged
    assert all(not foreign for _, foreign in merges)
    assert records[2] == records[1]
    assert len(records[2]["posts"]) == 60
