"""The bottomline Sphinx extension: ``extensions = ["bottomline.sphinxext"]``.

One module per feature, each with its own ``setup_<feature>(app)``; this ``setup`` only
wires them together.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from bottomline import __version__
from bottomline.sphinxext.actors import setup_actors
from bottomline.sphinxext.listings import setup_listings
from bottomline.sphinxext.posts import setup_posts
from bottomline.sphinxext.search import setup_search

#: Bump whenever the shape of any domain's data changes, so old pickled envs are dropped.
ENV_VERSION = 1


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_posts(app)
    setup_actors(app)
    setup_listings(app)
    setup_search(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
