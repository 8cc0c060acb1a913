"""The editions site: assembly, banner, build cache, landing page. Imports as editions."""
