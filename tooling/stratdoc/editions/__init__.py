"""The HTML and PDF editions and the site, with their assets. Imports: check, history, core."""
