"""The bottomline Sphinx extension: ``extensions = ["bottomline.sphinxext"]``.

One module per feature (``posts``, ``actors``, ``listings``, ``search``, ``related``,
``chronology``, ``outlet_pages`` with ``pages``, ``drafts``, ``feeds``, ``sharing``,
``redirects``, ``navigation``), each with its own
``setup_<feature>(app)``; they share :mod:`.state` (the records and their derived view) and
:mod:`.shared` (small helpers), never each other.  :mod:`.incremental` plans which pages an
incremental build rewrites.  This ``setup`` only wires them together.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from bottomline import __version__
from bottomline.sphinxext.actors import setup_actors
from bottomline.sphinxext.drafts import setup_drafts
from bottomline.sphinxext.fastyaml import setup_fastyaml
from bottomline.sphinxext.feeds import setup_feeds
from bottomline.sphinxext.incremental import setup_incremental
from bottomline.sphinxext.listings import setup_listings
from bottomline.sphinxext.navigation import setup_navigation
from bottomline.sphinxext.pages import setup_pages
from bottomline.sphinxext.posts import setup_posts
from bottomline.sphinxext.redirects import setup_redirects
from bottomline.sphinxext.safety import setup_safety
from bottomline.sphinxext.search import setup_search
from bottomline.sphinxext.shared import (
    HandedDoctrees,
    ReadPages,
    add_package_paths,
    freeze_heap,
    release_doctree,
    release_merged_env,
    thaw_heap,
    write_asset,
)
from bottomline.sphinxext.sharing import setup_sharing
from bottomline.sphinxext.state import DATA_VERSION, DOMAINS, ReaderProcesses

#: The stylesheet of every HTML page (posts, actor pages, listings), and its parts in ``assets/``.
STYLESHEET = "bottomline.css"
CSS_PARTS = ("bottomline-posts.css", "bottomline-actors.css")


def add_stylesheet(app: Sphinx) -> None:
    """``builder-inited``: the extension's stylesheet, for every builder that writes HTML."""
    if app.builder.format == "html":
        app.add_css_file(write_asset(app.builder, STYLESHEET, CSS_PARTS))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    for domain in DOMAINS:
        app.add_domain(domain)
    app.connect("config-inited", add_package_paths)
    app.connect("env-before-read-docs", freeze_heap)
    app.connect("source-read", ReadPages().note, priority=100)
    readers = ReaderProcesses()
    app.connect("env-before-read-docs", readers.start)
    app.connect("source-read", readers.note, priority=50)
    app.connect("env-merge-info", release_merged_env, priority=999)
    app.connect("write-started", freeze_heap, priority=900)
    app.connect("html-page-context", release_doctree, priority=999)
    handed = HandedDoctrees()
    app.connect("write-started", handed.start)
    app.connect("doctree-resolved", handed.note, priority=999)
    app.connect("build-finished", handed.stop, priority=800)
    app.connect("build-finished", thaw_heap, priority=900)
    app.connect("builder-inited", add_stylesheet)
    setup_safety(app)
    setup_fastyaml(app)
    setup_posts(app)
    setup_actors(app)
    setup_listings(app)
    setup_pages(app)
    setup_drafts(app)
    setup_search(app)
    setup_navigation(app)
    setup_sharing(app)
    setup_feeds(app)
    setup_redirects(app)
    setup_incremental(app)
    return {
        "version": __version__,
        "env_version": DATA_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
