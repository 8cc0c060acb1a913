"""Partners' proposals and their review. Imports: check, history, core."""
