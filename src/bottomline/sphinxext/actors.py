"""actors feature of the bottomline extension."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_actors(app: Sphinx) -> None:
    """Register the actors feature."""
