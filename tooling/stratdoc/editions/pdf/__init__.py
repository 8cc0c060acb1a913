"""The PDF edition: print HTML, then WeasyPrint. Imports as editions: check, history, core."""
