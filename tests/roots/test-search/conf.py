extensions = ["bottomline.sphinxext"]
exclude_patterns = ["_build"]
html_theme = "furo"
