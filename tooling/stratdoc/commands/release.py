"""`stratdoc release`: tag an adopted Fassung and build its immutable edition."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.governance.release import release


@click.command(name="release")
@click.argument("version")
@click.pass_context
def command(ctx: click.Context, version: str) -> None:
    """Release VERSION such as 1.0 if the committee adopted the current content."""
    project = project_from(ctx)
    target = release(project, version)
    click.echo(f"released Fassung {version}: tag v{version}, edition {project.relative(target)}")
