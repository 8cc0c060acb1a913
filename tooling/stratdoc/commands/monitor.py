"""`stratdoc monitor [REV]`: status and measured values per Fassung, from the history."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo, partners
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.history import monitoring


@click.command(
    name="monitor",
    help=_(
        "Each measure's status per Fassung and every change to it, with date and organisation, "
        "and each indicator's measured values: read from the Git history up to REV."
    ),
)
@click.argument("rev", default="HEAD")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    help=_(
        "text (the default) for reading, json or csv (semicolon-separated, UTF-8 with BOM) "
        "for tools."
    ),
)
@click.pass_context
def command(ctx: click.Context, rev: str, fmt: str) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None or not gitrepo.has_commit(repo):
        raise EnvironmentProblem(
            _("{root}: no Git history to report on; commit first").format(root=project.root)
        )
    data = monitoring.collect(repo, rev, partners=partners.load(project))
    for warning in data.warnings():
        click.echo(warning.text(), err=True)
    if fmt == "json":
        click.echo(monitoring.to_json(data.as_json()))
    elif fmt == "csv":
        click.echo(monitoring.as_csv(data), nl=False)
    else:
        click.echo(monitoring.as_text(data))
