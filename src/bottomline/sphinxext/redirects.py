"""Redirects from the old Blogger addresses, so the archive can be hosted at the old domain.

- A post whose ``source_url`` is a Blogger post address (``http(s)://host/YYYY/MM/slug.html``)
  gets a static page at ``YYYY/MM/slug.html`` that sends the reader to the post.
- Blogger label pages (``/search/label/<Label>``) for labels that name an actor go to the
  actor's page.  The import does not keep a post's labels in its front matter, so every
  name and alias of every actor gets one, spelt as Blogger spells a label in its address
  (the label text itself: the host decodes ``%20`` to a space): ``search/label/<Label>.html``
  for hosts that serve ``/x`` from ``x.html``, and ``search/label/<Label>/index.html`` for
  the others.

A redirect page is plain HTML: a meta refresh, a canonical link and a link to follow, no
script.  ``source_url`` is untrusted: only http(s) addresses whose path has exactly the
Blogger shape are used, and every text is escaped.  A redirect never replaces a page of the
site: one whose path a page already has is skipped with a warning naming the post.  Pages
are written at ``build-finished``; the redirect pages of an earlier build that are no longer
wanted are removed (they are listed in the doctree folder), so an incremental build's output
equals a fresh one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from bottomline.records import ActorRecord, PostRecord
from bottomline.sphinxext import state

logger = logging.getLogger(__name__)

#: The builders that get redirect pages.
REDIRECT_BUILDERS = ("html", "dirhtml")
#: A Blogger post's path: ``/2025/10/some-slug.html``.
BLOGGER_POST_PATH = re.compile(
    r"/(?P<year>\d{4})/(?P<month>0[1-9]|1[0-2])/(?P<slug>[A-Za-z0-9][A-Za-z0-9_-]{0,199})\.html"
)
LABEL_DIR = "search/label"
#: What a label may be to become a file name: no path separators, nothing hidden.
UNSAFE_LABEL = re.compile(r"[/\\\x00-\x1f\x7f<>:\"|?*]|^\.|^$")
#: Marks a file as one of ours: only such files are ever replaced or removed.
MARKER = "<!-- bottomline: redirect page -->"
#: The list of redirect pages written, in the doctree folder.
MANIFEST = "bottomline-redirects.txt"


class Redirect(NamedTuple):
    path: str  # in the output folder, e.g. ``2025/10/slug.html``
    docname: str  # the page it sends the reader to
    title: str  # what that page is


def blogger_path(source_url: str) -> str | None:
    """``YYYY/MM/slug.html`` for a Blogger post address, else ``None`` (anything that is
    not http(s), not that exact path shape, or has ``..``, a query-free path only)."""
    try:
        parts = urlsplit(source_url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    match = BLOGGER_POST_PATH.fullmatch(parts.path)
    return parts.path[1:] if match else None


def post_redirects(posts: Mapping[str, PostRecord], order: Iterable[str]) -> list[Redirect]:
    """A redirect per published post with a Blogger address, oldest first (pure)."""
    result = []
    for docname in order:
        post = posts[docname]
        path = blogger_path(post.source_url) if post.source_url else None
        if path is not None:
            result.append(Redirect(path, docname, post.title))
    return result


def label_redirects(actors: Mapping[str, ActorRecord], lookup: object) -> list[Redirect]:
    """Two redirects (``<Label>.html``, ``<Label>/index.html``) per name and alias of each
    actor, for the names that lead to that actor (pure; ``lookup`` is ``Derived.lookup``)."""
    result = []
    for docname in sorted(actors):
        actor = actors[docname]
        for name in actor.names:
            label = " ".join(name.split())
            if UNSAFE_LABEL.search(label) or len(label) > 200:
                continue
            if lookup(label) != docname:  # type: ignore[operator]
                continue  # the name leads elsewhere (an alias two actors claim)
            title = actor.display_title
            result.append(Redirect(f"{LABEL_DIR}/{label}.html", docname, title))
            result.append(Redirect(f"{LABEL_DIR}/{label}/index.html", docname, title))
    return result


def redirect_html(target: str, canonical: str, title: str) -> str:
    """The page: meta refresh, canonical link and a plain link; every value escaped."""
    target, canonical, title = escape(target), escape(canonical), escape(title)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
        f"{MARKER}\n"
        f"<title>Moved: {title}</title>\n"
        '<meta name="robots" content="noindex" />\n'
        f'<link rel="canonical" href="{canonical}" />\n'
        f'<meta http-equiv="refresh" content="0; url={target}" />\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{target}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _is_ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return MARKER.encode() in handle.read(512)
    except OSError:
        return False


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write every redirect page that does not collide with a page."""
    if exception is not None or app.builder is None or app.builder.name not in REDIRECT_BUILDERS:
        return
    builder, env = app.builder, app.env
    view = state.derived(env)
    site_url = app.config.site_url or ""
    outdir = Path(app.outdir)
    pages = {builder.get_target_uri(doc).rstrip("/") for doc in env.all_docs}
    pages |= {uri + "/index.html" for uri in pages}  # dirhtml writes x/index.html
    wanted = [
        *post_redirects(view.posts, view.order),
        *label_redirects(view.actors, view.lookup),
    ]
    written: dict[str, str] = {}
    made: set[Path] = set()  # directories made so far (a mkdir is a system call per page)
    for redirect in wanted:
        where = (
            f"post {redirect.docname!r}"
            if redirect.docname in view.posts
            else (f"actor {redirect.docname!r}")
        )
        if redirect.path in pages or redirect.path.removesuffix(".html") in pages:
            logger.warning(
                "no redirect from the old address /%s: a page of the site has that path",
                redirect.path,
                location=redirect.docname,
                type="bottomline",
                subtype="redirect",
            )
            continue
        if redirect.path in written:
            logger.warning(
                "no redirect from the old address /%s to %s: it already goes to %r",
                redirect.path,
                where,
                written[redirect.path],
                location=redirect.docname,
                type="bottomline",
                subtype="redirect",
            )
            continue
        target_path = outdir / redirect.path
        if target_path.exists() and not _is_ours(target_path):
            logger.warning(
                "no redirect from the old address /%s: a file the build wrote is there",
                redirect.path,
                location=redirect.docname,
                type="bottomline",
                subtype="redirect",
            )
            continue
        target_uri = builder.get_target_uri(redirect.docname)
        target = relative_uri(redirect.path, target_uri)
        canonical = site_url + target_uri if site_url else target
        data = redirect_html(target, canonical, redirect.title).encode()
        written[redirect.path] = redirect.docname
        if target_path.is_file() and target_path.read_bytes() == data:
            continue
        if target_path.parent not in made:
            target_path.parent.mkdir(parents=True, exist_ok=True)
            made.add(target_path.parent)
        target_path.write_bytes(data)
    _remove_stale(Path(app.doctreedir) / MANIFEST, outdir, written)


def _remove_stale(manifest: Path, outdir: Path, written: Mapping[str, str]) -> None:
    """Remove the redirect pages an earlier build wrote that this one did not."""
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line and line not in written and ".." not in line.split("/"):
                old = outdir / line
                if old.is_file() and _is_ours(old):
                    old.unlink()
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text("".join(f"{path}\n" for path in sorted(written)), encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    """Write the redirect pages at the end of an HTML build."""
    app.connect("build-finished", write_redirects)
