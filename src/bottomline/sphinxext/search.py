"""search feature of the bottomline extension."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_search(app: Sphinx) -> None:
    """Register the search feature."""
