"""Drafts: ``draft: true`` in a post's front matter.

- Published build (``bottomline_drafts = False``, the default): a draft is never read, so
  it is nowhere: no page, no search entry, no listing, feed, sitemap entry, timeline or
  related update, and its URL does not exist (404).  Before reading, every new or changed
  post's front matter is checked (a text search first, YAML only if ``draft`` appears); a
  draft leaves Sphinx's set of documents, and a page that became a draft is removed like a
  deleted source (:func:`bottomline.sphinxext.incremental.remove_stale_pages` deletes its
  HTML).  Publishing it (``draft: false`` or no key) makes it a new page.
- Preview (``nox -s serve`` passes ``-D bottomline_drafts=1``): drafts are read, carry
  ``draft`` in their :class:`~bottomline.records.PostRecord`, show a "draft" banner, and
  :class:`~bottomline.sphinxext.state.Derived` leaves them out of every view across pages.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from bottomline.formats import split_front_matter
from bottomline.records import is_draft
from bottomline.sphinxext.posts import is_post


def is_draft_source(path: Path) -> bool:
    """Whether the page at ``path`` has ``draft`` set in its front matter.

    A page whose front matter is not YAML is no draft here: reading it reports the error.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    front = split_front_matter(text)
    if front is None or "draft" not in front.yaml:
        return False
    try:
        meta = yaml.safe_load(front.yaml)
    except yaml.YAMLError:
        return False
    return isinstance(meta, dict) and "draft" in meta and is_draft(meta)


def leave_out_drafts(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated`` (before the planner and the stale-page cleaner): in a published
    build, drafts are not documents."""
    if app.config.bottomline_drafts:
        return []
    for docname in sorted(added | changed):
        if not is_post(app.config, docname) or not is_draft_source(env.doc2path(docname)):
            continue
        added.discard(docname)
        changed.discard(docname)
        # The one place the extension edits Sphinx's set of documents: nothing reads, writes
        # or links a document that is not in it (tests/test_drafts.py).
        env.found_docs.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)  # it was published: Sphinx forgets it, its HTML is removed
    return []


def setup_drafts(app: Sphinx) -> None:
    """The ``bottomline_drafts`` setting (False: published build), and drafts left out."""
    app.add_config_value("bottomline_drafts", False, "env", types=[bool])
    app.connect("env-get-outdated", leave_out_drafts, priority=100)
