"""`stratdoc release`: tag an adopted Fassung and build its immutable edition."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core.i18n import _
from stratdoc.governance.release import release


@click.command(
    name="release",
    help=_("Release VERSION such as 1.0 if the committee adopted the current content."),
)
@click.argument("version")
@click.pass_context
def command(ctx: click.Context, version: str) -> None:
    project = project_from(ctx)
    target = release(project, version)
    click.echo(
        _("released Fassung {version}: tag v{version}, edition {edition}").format(
            version=version, edition=project.relative(target)
        )
    )
