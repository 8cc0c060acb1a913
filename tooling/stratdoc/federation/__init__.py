"""Other networks: fetching, pinning and storing their published files. Imports: core."""
