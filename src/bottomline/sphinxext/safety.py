"""Defence in depth: pages cannot hold raw HTML, raw output or file includes.

The importer escapes everything a raw update says, so no post it writes holds markup.  If
that ever failed (a bug, a page edited by hand, a pasted snippet), three more layers stop
the markup, each on its own (``tests/test_safety.py`` shows each one alone):

- MyST's raw HTML (``html_block``, ``html_inline``) is always disabled, whatever
  ``conf.py`` says: MyST turns such HTML into docutils ``raw`` nodes that no setting checks.
- docutils' ``raw_enabled`` is off: the ``raw`` directive (also inside ``{eval-rst}``) is a
  warning, which fails the strict build, and outputs nothing.
- docutils' ``file_insertion_enabled`` is off: ``include``, ``literalinclude`` and
  ``csv-table :file:`` are warnings and insert nothing (``/etc/passwd`` stays where it is).

``bottomline_allow_raw_and_include = True`` in ``conf.py`` turns the three off, for a site
whose every page is trusted.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

#: MyST syntax that would pass raw HTML through.
RAW_HTML_SYNTAX = ("html_block", "html_inline")


def _disable_raw_html(app: Sphinx, config: Config) -> None:
    if config.bottomline_allow_raw_and_include:
        return
    disabled = list(config.myst_disable_syntax)
    config.myst_disable_syntax = disabled + [s for s in RAW_HTML_SYNTAX if s not in disabled]


def _set_raw_and_include(app: Sphinx) -> None:
    allowed = bool(app.config.bottomline_allow_raw_and_include)
    # Sphinx passes env.settings to docutils for every page it reads (also in -j readers,
    # which fork after this).  Set both ways: the settings live in the pickled environment.
    app.env.settings["raw_enabled"] = allowed
    app.env.settings["file_insertion_enabled"] = allowed


def setup_safety(app: Sphinx) -> None:
    app.add_config_value("bottomline_allow_raw_and_include", False, "env", bool)
    # MyST reads the list when the builder starts, after every config-inited handler.
    app.connect("config-inited", _disable_raw_html, priority=400)
    app.connect("builder-inited", _set_raw_and_include)
