"""Pages with no source: years, months and outlets (:mod:`.chronology`, :mod:`.outlet_pages`).

Written at ``html-collect-pages`` through the theme's ``page.html``, like Sphinx's own
``genindex``, from pure views of the state layer.  A page is rewritten when its view
changed since the last build, when its file is missing, or when anything every page shows
may have changed (the configuration, the templates, the site's toctree): the last build's
views and that stamp are kept in ``bottomline-pages.pickle`` in the doctree folder.  So an
incremental build writes exactly what a fresh one would, and a no-op build writes nothing.

A generated page never replaces a maintainer's: if a source has the same docname, the
source wins and the build warns.  A page the last build generated that has no view now
(a month left empty) is deleted: only files this module wrote are ever deleted.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK
from sphinx.util import logging

from bottomline.sphinxext import chronology, outlet_pages, state
from bottomline.sphinxext.shared import Generated, warn
from bottomline.sphinxext.state import Derived

logger = logging.getLogger(__name__)

STORE = "bottomline-pages.pickle"
#: Bump when a renderer changes, so pages written by an older one are rewritten.
RENDER_VERSION = 1


def generated_pages(view: Derived) -> list[Generated]:
    """Every page to generate, from the derived view (pure)."""
    return [*chronology.pages(view), *outlet_pages.pages(view)]


def _stamp(app: Sphinx) -> tuple[Any, ...]:
    """What every page shows besides its view: the configuration the HTML builder hashes,
    the newest template, the site's toctree and the titles in it (the theme's sidebar)."""
    builder: Any = app.builder
    env = app.env
    info = getattr(builder, "build_info", None)
    titles = {d: env.titles[d].astext() for d in env.toctree_includes if d in env.titles}
    for included in env.toctree_includes.values():
        for d in included:
            if d in env.titles:
                titles[d] = env.titles[d].astext()
    return (
        RENDER_VERSION,
        (getattr(info, "config_hash", ""), getattr(info, "tags_hash", "")),
        builder.templates.newest_template_mtime() if builder.templates else 0,
        sorted((d, tuple(i)) for d, i in env.toctree_includes.items()),
        sorted(titles.items()),
        env.config.root_doc,
    )


def _load(path: Path) -> tuple[Any, dict[str, Any]]:
    try:
        with path.open("rb") as f:
            stamp, views = pickle.load(f)
        return stamp, dict(views)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        return None, {}


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the generated pages whose output must be (re)written."""
    builder: Any = app.builder
    if builder.format != "html" or not hasattr(builder, "get_outfilename"):
        return
    env = app.env
    view = state.derived(env)
    store = Path(builder.doctreedir) / STORE
    old_stamp, old_views = _load(store)
    stamp = _stamp(app)
    # Any configuration change Sphinx re-reads every page for may change what they show.
    fresh = stamp != old_stamp or env.config_status != CONFIG_OK
    views: dict[str, Any] = {}
    outdir = Path(builder.outdir).resolve()
    for page in generated_pages(view):
        if page.docname in env.found_docs:
            warn(
                f"a page is generated at {page.docname!r}; this source takes its place",
                page.docname,
            )
            continue
        views[page.docname] = page.view
        target = Path(builder.get_outfilename(page.docname))
        if not fresh and old_views.get(page.docname) == page.view and target.is_file():
            continue
        title, body = page.render(builder, page.docname, page.view)
        yield page.docname, {"title": title, "body": body, "bl_generated": True}, "page.html"
    for docname in sorted(old_views.keys() - views.keys()):
        if docname in env.found_docs:
            continue  # a source took its place: Sphinx writes it
        target = Path(builder.get_outfilename(docname)).resolve()
        if target.is_file() and target.is_relative_to(outdir):
            target.unlink()
            logger.info("removed %s: no update shows it any more", target.relative_to(outdir))
    store.parent.mkdir(parents=True, exist_ok=True)
    with store.open("wb") as f:
        pickle.dump((stamp, views), f, pickle.HIGHEST_PROTOCOL)


def setup_pages(app: Sphinx) -> None:
    """Write the year, month and outlet pages."""
    app.connect("html-collect-pages", collect_pages)
