"""One module per CLI command, each a thin layer over the library modules."""
