"""`stratdoc overview`: one static German site over many networks' published data."""
