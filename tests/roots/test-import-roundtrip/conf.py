extensions = ["bottomline.sphinxext"]
exclude_patterns = ["_build", "raw"]
