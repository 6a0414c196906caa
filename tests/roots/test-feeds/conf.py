extensions = ["bottomline.sphinxext"]
project = "Feed test"
author = "Feed test maintainers"
smartquotes = False
