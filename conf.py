"""Sphinx configuration for the bottomline archive."""

project = "bottomline"
author = "the bottomline maintainers"
copyright = "2025–2026, the bottomline maintainers"
language = "en"

extensions = ["bottomline.sphinxext"]

root_doc = "index"
exclude_patterns = [
    "_build",
    ".nox",
    ".venv",
    ".git",
    ".github",
    ".ci",
    "raw",
    "src",
    "tests",
    "notes",
    "docs",
    "README.md",
    "BENCHMARKS.md",
    "CONTRIBUTING.md",
    "SECURITY.md",
    "**/README.md",
]
templates_path = ["_templates"]

# MyST: only the syntax posts need. Raw HTML is off: a post is text, never markup.
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 2

# Where the archive is published ("https://example.org/archive/"). Canonical links, the
# OpenGraph and Twitter card tags, the sitemap and absolute links in the Atom feeds all come
# from this one setting. Empty (a local or preview build): no canonical links, OpenGraph
# tags or sitemap, and feeds and redirect pages link relatively. The published build sets it
# with `sphinx-build -D site_url=https://…/` or here.
site_url = ""

html_theme = "furo"
html_title = "bottomline: What's New in Iraq, archived"
html_short_title = "bottomline"
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False

# Show quotes and dashes as the author wrote them (the importer keeps them as written).
smartquotes = False
