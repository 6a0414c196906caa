extensions = ["bottomline.sphinxext"]
