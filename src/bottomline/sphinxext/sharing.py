"""Sharing: canonical URLs, OpenGraph and Twitter card tags, a sitemap, from ONE setting.

``site_url`` in ``conf.py`` (the address the archive is published at, ``https://…/``) sets
``html_baseurl`` (Sphinx's ``<link rel="canonical">``), ``ogp_site_url``
(sphinxext-opengraph) and the sitemap's addresses (sphinx-sitemap, whose own setting it
is); the feeds (:mod:`.feeds`) and redirect pages (:mod:`.redirects`) link from it too.

When ``site_url`` is empty (a local or preview build) nothing claims an address: no
canonical link, no OpenGraph tags, no sitemap; feeds and redirect pages link relatively.

A post shares its bottom line as its description (``og:description`` and the
``<meta name="description">``) and is an ``article`` with its date.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import queue
import sys
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from bottomline.sphinxext import state

#: sphinx-sitemap's warning when there is no address; expected for a local build.
SITEMAP_WARNING = "sitemap.configuration"
#: The longest description shared; a longer bottom line is cut at a word.
DESCRIPTION_LENGTH = 300
#: Generated pages that are not content: not in the sitemap.
NOT_IN_SITEMAP = ("search.html", "genindex.html", "search/", "genindex/")
#: The pages without a source an earlier build put in the sitemap (in the doctree folder).
EXTRA_PAGES = "bottomline-sitemap-pages.txt"
#: sphinxext-opengraph's optional social-card module (private): it imports matplotlib.
SOCIAL_CARDS_MODULE = "sphinxext.opengraph._social_cards"

logger = logging.getLogger(__name__)


def normalise_site_url(value: Any) -> str:
    """``site_url`` as every user of it needs it: empty, or ``http(s)://host/path/``.

    Raises :class:`ConfigError` with the reason for anything else.
    """
    text = str(value or "").strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"site_url must be an http:// or https:// address such as "
            f"'https://example.org/archive/', got {text!r}"
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"site_url must not have a query or fragment, got {text!r}")
    return text if text.endswith("/") else text + "/"


def apply_site_url(app: Sphinx, config: Config) -> None:
    """``config-inited``: derive every address setting from ``site_url``."""
    site_url = normalise_site_url(config.site_url)
    config.site_url = site_url
    config.html_baseurl = site_url
    config.ogp_site_url = site_url
    config.sitemap_url_scheme = "{link}"  # not "{lang}{version}{link}": one language
    config.sitemap_excludes = [*config.sitemap_excludes, *NOT_IN_SITEMAP]
    if config.ogp_social_cards is None:
        # Social cards draw a PNG per page with matplotlib: slow, and not our look.
        config.ogp_social_cards = {"enable": False}
    elif config.ogp_social_cards.get("enable", True):
        logger.warning(
            "ogp_social_cards: the archive does not draw social cards (sphinxext-opengraph "
            "is loaded without them); the setting has no effect",
            type="bottomline",
            subtype="config",
        )
    twitter = '<meta name="twitter:card" content="summary" />'
    if twitter not in config.ogp_custom_meta_tags:
        config.ogp_custom_meta_tags = [*config.ogp_custom_meta_tags, twitter]
    if not site_url and SITEMAP_WARNING not in config.suppress_warnings:
        # Without an address sphinx-sitemap writes nothing and warns; that is the intent.
        config.suppress_warnings = [*config.suppress_warnings, SITEMAP_WARNING]


def description(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """``text`` cut at a word to at most ``length`` characters (an ellipsis says so)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def share_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``, before sphinxext-opengraph: a post's own description and
    type as per-page overrides (a copy of the page's metadata: the environment is not
    changed), or no OpenGraph at all without ``site_url``."""
    meta = dict(context.get("meta") or {})
    if not app.config.site_url:
        meta["ogp_disable"] = True
    post = state.posts(app.env).get(pagename)
    if post is not None and post.bottom_line:
        shared = description(post.bottom_line)
        # sphinxext-opengraph escapes only quotes in what it is given.
        meta["og:description"] = escape(shared, quote=False)
        meta["og:type"] = "article"
        context["metatags"] = (
            context.get("metatags", "")
            + f'<meta name="description" content="{escape(shared)}" />\n'
        )
        if app.config.site_url:
            context["metatags"] += (
                f'<meta property="article:published_time" content="{post.date.isoformat()}" />\n'
            )
    context["meta"] = meta


def sitemap_link(app: Sphinx, docname: str) -> str:
    """A page's address relative to ``site_url``, exactly as sphinx-sitemap writes it."""
    if app.builder.name == "dirhtml":
        if docname == "index":
            return ""
        return docname.removesuffix("index") if docname.endswith("/index") else docname + "/"
    return docname + (app.config.html_file_suffix or ".html")


def _page_file(outdir: Path, link: str) -> Path:
    return outdir / (link + "index.html" if link == "" or link.endswith("/") else link)


def keep_sitemap_links_here(app: Sphinx) -> None:
    """``builder-inited``, after sphinx-sitemap: its queue of written pages, in this process.

    sphinx-sitemap sends every written page's address through a multiprocessing manager,
    a round trip to another process per page (a second of a 1,000-update build, in the
    writer of a ``-j`` build).  :func:`complete_sitemap` lists every document itself and
    needs the queue only for the pages without a source, which Sphinx writes in the main
    process; a plain queue there is enough (what ``-j`` writers put in their copy is
    dropped with them).
    """
    if getattr(app, "sitemap_links", None) is not None:
        app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap writes: every published page, sorted.

    sphinx-sitemap lists the pages written in this build, in the order the writers finish:
    after an incremental build only the rewritten ones.  Here its queue (``app.sitemap_links``,
    the one piece of its internals used) gets every page, drafts left out, in a fixed order:
    every document, and the pages without a source (``genindex``, the year, month and outlet
    pages) written now or by an earlier build and still there (kept in ``EXTRA_PAGES`` in the
    doctree folder).
    """
    links = getattr(app, "sitemap_links", None)
    if exception is not None or not app.config.site_url or links is None:
        return
    from sphinx_sitemap import is_excluded

    written = set()
    while not links.empty():
        link, _ = links.get_nowait()
        written.add(link)
    docs = {sitemap_link(app, doc): doc for doc in app.env.all_docs}
    store = Path(app.doctreedir) / EXTRA_PAGES
    earlier = set(store.read_text(encoding="utf-8").splitlines()) if store.is_file() else set()
    outdir = Path(app.outdir)
    extra = {link for link in written if link not in docs}
    extra |= {link for link in earlier - docs.keys() if _page_file(outdir, link).is_file()}
    store.write_text("".join(f"{link}\n" for link in sorted(extra)), encoding="utf-8")
    view = state.derived(app.env)
    drafts = {doc for doc in state.posts(app.env) if doc not in view.position}
    found = {link for link, doc in docs.items() if doc not in drafts} | extra
    for link in sorted(found):
        if not is_excluded(link, app.config.sitemap_excludes):
            links.put((link, None))


def import_opengraph_without_social_cards() -> None:
    """Import sphinxext-opengraph without its social cards.

    Its module imports the social-card code, and so matplotlib, whenever matplotlib is
    installed: about a second of every build, for cards the archive never draws.  The one
    place that names its private module: blocked for the import (which opengraph allows:
    it then reports, on standard output, that cards are off, and that line is dropped).
    """
    if "sphinxext.opengraph" in sys.modules:
        return
    blocked = SOCIAL_CARDS_MODULE not in sys.modules
    if blocked:
        sys.modules[SOCIAL_CARDS_MODULE] = None  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            importlib.import_module("sphinxext.opengraph")
    finally:
        if blocked:
            del sys.modules[SOCIAL_CARDS_MODULE]


def setup_sharing(app: Sphinx) -> None:
    """Load sphinx-sitemap (which defines ``site_url``) and sphinxext-opengraph."""
    app.setup_extension("sphinx_sitemap")
    import_opengraph_without_social_cards()
    app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", apply_site_url)
    app.connect("html-page-context", share_tags, priority=400)
    app.connect("builder-inited", keep_sitemap_links_here, priority=600)
    app.connect("build-finished", complete_sitemap, priority=400)
