extensions = ["bottomline.sphinxext"]
exclude_patterns = ["_build", "raw"]
# Every MyST extension the site might enable, so escaping is tested against all of them.
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline", "dollarmath"]
myst_substitutions = {"name": "SUBSTITUTED"}
myst_disable_syntax = ["html_block", "html_inline"]
# Text must come out as written: no typographic quotes or dashes in the comparison.
smartquotes = False

try:
    import linkify_it  # noqa: F401  (optional: myst's linkify needs linkify-it-py)
except ImportError:
    pass
else:
    myst_enable_extensions.append("linkify")
