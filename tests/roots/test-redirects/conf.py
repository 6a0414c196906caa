extensions = ["bottomline.sphinxext"]
project = "Redirect test"
smartquotes = False
