extensions = ["bottomline.sphinxext"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
