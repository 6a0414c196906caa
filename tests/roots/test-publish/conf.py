project = "publish"
exclude_patterns = ["_build"]
