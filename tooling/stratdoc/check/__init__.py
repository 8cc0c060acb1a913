"""`stratdoc check`: its Sphinx pass, cache, diagnostics and rules. Imports: core."""
