"""Project, model, needs, findings, snapshots; the only doors to Git and Sphinx. Imports: core."""
