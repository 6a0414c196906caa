"""The planner: which pages an incremental build must rewrite, exactly.

Stock Sphinx rewrites the pages it re-reads.  Our pages also show other pages: a post its
neighbours and its actors, an actor page its timeline, a listing every post.  So before
reading, the planner keeps the records the last build wrote every page from; after reading,
if any record changed, it computes every page's *view* from both and returns from
``env-updated`` exactly the pages whose view changed.  Sphinx writes those too.

A page's view is everything generated on it: the post header and previous / next links,
where its ``{actor}`` roles and outlet citations link, and each placeholder's view
(timeline, related actors, glossary, listings).  Views are plain, comparable data, and
renderers use nothing else, so "same view" means "same HTML".
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Mapping, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bottomline.sphinxext import actors, listings, posts, related, state
from bottomline.sphinxext.shared import Part, fill_placeholders, placeholder, skip_node
from bottomline.sphinxext.state import Derived, PartRef, Records

logger = logging.getLogger(__name__)

#: Every generated part, by placeholder kind: one dispatch table for filling and planning.
PARTS: dict[str, Part] = {**actors.PARTS, **listings.PARTS, **posts.PARTS, **related.PARTS}

PageView = tuple[Any, ...]


def page_view(
    view: Derived, docname: str, parts: tuple[PartRef, ...], cited: tuple[str, ...]
) -> PageView:
    """Everything generated on ``docname``, as plain data."""
    return (
        posts.nav_view(view, docname),
        actors.refs_view(view, docname),
        posts.outlet_refs_view(view, docname, cited),
        tuple(PARTS[part.kind].view(view, docname, dict(part.options)) for part in parts),
    )


def page_views(
    view: Derived,
    docnames: Iterable[str],
    parts: Mapping[str, tuple[PartRef, ...]],
    citers: Mapping[str, tuple[str, ...]],
) -> dict[str, PageView]:
    """The view of each page of ``docnames``."""
    return {d: page_view(view, d, parts.get(d, ()), citers.get(d, ())) for d in docnames}


def changed_pages(before: Mapping[str, PageView], after: Mapping[str, PageView]) -> list[str]:
    """Pages of ``after`` whose view is new or differs from ``before`` (sorted)."""
    return sorted(d for d, v in after.items() if d not in before or before[d] != v)


def views_of(
    records: Records,
    view: Derived | None = None,
    related_memo: dict[str, Any] | None = None,
    skip: Set[str] = frozenset(),
) -> dict[str, PageView]:
    """The view of every page the records describe but ``skip`` (``view``: their derived
    view, if made; ``related_memo``: where a ranking of related updates may be kept,
    ``Derived.related``)."""
    view = view or records.derive(related_memo)
    docnames = [d for d in records.docnames if d not in skip]
    return page_views(view, docnames, records.parts, records.citers)


def pages_to_rewrite(
    before: Records,
    after: Records,
    view: Derived | None = None,
    related_memo: dict[str, Any] | None = None,
    written: Set[str] = frozenset(),
) -> list[str]:
    """The pages whose generated content differs between two moments' records, of those
    not in ``written`` (pages the build writes anyway: the ones it read).

    Views are pure functions of the records, so unchanged records mean unchanged pages (an
    edited profile sentence, a reworded bullet): nothing to compute.  A full build reads
    every page: nothing to compute either.
    """
    if before.inputs() == after.inputs() or after.docnames <= written:
        return []
    return changed_pages(
        views_of(before, related_memo=related_memo, skip=written),
        views_of(after, view, skip=written),
    )


class Planner:
    """Per application: the records of the last build, from ``env-get-outdated`` to
    ``env-updated`` of one build (never pickled)."""

    def __init__(self) -> None:
        self.before: Records | None = None
        self.reading: frozenset[str] = frozenset()

    def note_outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """``env-get-outdated``: the last moment the last build's records are all there.

        They are what the last build's pages were written from; their views are computed
        only if reading changes any record.
        """
        state.forget_derived(env)
        # Always (shallow copies are cheap): another extension's env-get-outdated handler may
        # have Sphinx re-read pages that are not in these sets.
        self.before = state.records(env)
        return []

    def note_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: the pages this build reads, and so writes anyway."""
        state.forget_derived(env)  # records change from here on
        self.reading = frozenset(docnames)

    def pages_to_write(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: every page whose generated content changed (of those not read)."""
        before, self.before = self.before, None
        reading, self.reading = self.reading, frozenset()
        view = state.derived(env)
        pages = (
            []
            if before is None
            else pages_to_rewrite(
                before, state.records(env), view, state.related_memo(env), written=reading
            )
        )
        if any(
            p.kind == related.RELATED for parts in state.page_parts(env).values() for p in parts
        ):
            # Ranked now, before the environment is pickled, so that the next build finds
            # the ranking of the records it starts from kept (``Derived.related``).
            view.related  # noqa: B018
        return pages


def remove_stale_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: delete the HTML (and source copy) of pages whose source is gone.

    Stock Sphinx leaves them, so a deleted post or actor page would stay on the published
    site with stale links.  Only the builder's own output files are removed, never a source.
    """
    builder = app.builder
    outfile = getattr(builder, "get_outfilename", None)
    if outfile is None or builder.format != "html":
        return []
    outdir = Path(builder.outdir)
    for docname in sorted(removed):
        stale = [Path(outfile(docname))]
        sources = outdir / "_sources" / docname
        stale += sources.parent.glob(glob.escape(sources.name) + ".*")
        for path in stale:
            if path.is_file() and path.resolve().is_relative_to(outdir.resolve()):
                path.unlink()
                logger.info("removed %s: its source is gone", path.relative_to(outdir))
    return []


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every placeholder, rendered from its view."""
    fill_placeholders(app, doctree, docname, PARTS, state.derived(app.env))


def setup_incremental(app: Sphinx) -> None:
    """Register the placeholder node, its filling, and the planner."""
    skip = (skip_node, None)
    app.add_node(placeholder, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    planner = Planner()
    app.connect("env-get-outdated", planner.note_outdated)
    app.connect("env-get-outdated", remove_stale_pages)
    app.connect("env-before-read-docs", planner.note_reading)
    app.connect("env-updated", planner.pages_to_write)
    app.connect("doctree-resolved", fill)
