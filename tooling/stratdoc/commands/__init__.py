"""One module per CLI command, each a thin layer over the parts. Imports: any part."""
