extensions = ["bottomline.sphinxext"]
myst_disable_syntax = []  # as a careless conf.py might say; the extension disables raw HTML anyway
