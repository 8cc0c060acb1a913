"""`stratdoc check`: is the strategy consistent and safe to publish?"""

from __future__ import annotations

import click

from stratdoc.check.run import run_check
from stratdoc.cli import project_from
from stratdoc.core.findings import counted, render
from stratdoc.core.i18n import _


@click.command(
    name="check",
    help=_("Check traceability, values and content safety of the working tree."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "gitlab"]),
    default="text",
    help=_(
        "text: path:line: severity[code] message; json: findings and summary; "
        "github: workflow annotations; gitlab: a Code Quality report (JSON)."
    ),
)
@click.pass_context
def command(ctx: click.Context, fmt: str) -> None:
    report = run_check(project_from(ctx))
    output = render(report.findings, fmt)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(counted(report.findings), err=True)
    if not report.ok:
        raise click.exceptions.Exit(1)
