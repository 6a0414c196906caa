"""The site's table of contents in the sidebar, made once per folder for pages outside it.

The theme asks every page for the whole table of contents (furo: every level, hidden
entries too), and Sphinx resolves it afresh each time: at thousands of posts, seconds of a
full build, for the same few links.  A post is in no table of contents, so its copy differs
from another's only by where the links start from: pages outside the tables of contents
that sit in one output folder get the same HTML.  :class:`SharedNavigation` makes it once
per folder and set of arguments, and leaves every other page (those in a table of
contents, whose own entry is marked current) to Sphinx.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

#: Builders whose links from a page depend on its output folder only.
BUILDERS = frozenset({"html", "dirhtml"})


def pages_in_tables_of_contents(env: BuildEnvironment) -> set[str]:
    """Every page a table of contents links (and the root page): the pages whose own
    entry Sphinx marks current.  Also Sphinx's generated pages listed by name
    (``genindex``, ``search``), which no other record names."""
    inside = {env.config.root_doc, *env.toctree_includes}
    for children in env.toctree_includes.values():
        inside.update(children)
    # Where Sphinx reads them: the root page's own doctree, the others' recorded contents.
    trees = [env.master_doctree, *(env.tocs[d] for d in inside if d in env.tocs)]
    for tree in trees:
        for toctree in tree.findall(addnodes.toctree):
            inside.update(ref for _, ref in toctree["entries"])
    return inside


class SharedNavigation:
    """``write-started`` and ``html-page-context``: one table of contents per folder.

    Per build and per process (each ``-j`` writer keeps its own): nothing is shared
    between processes or builds.
    """

    def __init__(self) -> None:
        self.made: dict[tuple[str, str], str] = {}
        self.inside: set[str] = set()

    def start(self, app: Sphinx, builder: Builder) -> None:
        self.made = {}
        self.inside = pages_in_tables_of_contents(app.env)

    def page_context(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        make = context.get("toctree")
        if make is None or pagename in self.inside or app.builder.name not in BUILDERS:
            return
        folder = posixpath.dirname(app.builder.get_target_uri(pagename))
        context["toctree"] = self._shared(folder, make)

    def _shared(self, folder: str, make: Callable[..., str]) -> Callable[..., str]:
        made = self.made

        def toctree(**kwargs: Any) -> str:
            key = (folder, repr(sorted(kwargs.items())))
            html = made.get(key)
            if html is None:
                html = made[key] = make(**kwargs)
            return html

        return toctree


def setup_navigation(app: Sphinx) -> None:
    shared = SharedNavigation()
    app.connect("write-started", shared.start)
    # Before the theme's handler (500), which asks for the table of contents.
    app.connect("html-page-context", shared.page_context, priority=400)
