"""A small site for incremental-build tests: a handful of posts and actors, every listing."""

extensions = ["bottomline.sphinxext"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
templates_path = ["_templates"]
