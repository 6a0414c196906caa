extensions = ["bottomline.sphinxext"]
project = "Sharing test"
site_url = "https://example.org/archive"
smartquotes = False
