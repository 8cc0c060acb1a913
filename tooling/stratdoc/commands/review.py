"""`stratdoc review REV`: what a proposal branch changes, need by need, and the check verdict."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.proposals.report import as_markdown, as_text
from stratdoc.proposals.review import review


@click.command(
    name="review",
    help=_(
        "Show what REV changes against its merge-base with --base, and whether it passes "
        "check.\n\nExit 0 when REV passes the check, 1 when it does not, 2 for an unknown "
        "revision."
    ),
)
@click.argument("rev")
@click.option("--base", default="main", show_default=True, help=_("Branch the proposal targets."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    help=_("text for the terminal; markdown for a pull-request comment or job summary."),
)
@click.pass_context
def command(ctx: click.Context, rev: str, base: str, fmt: str) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise EnvironmentProblem(
            _("{root}: not a git repository; clone the strategy first").format(root=project.root)
        )
    result = review(project, repo, rev, base)
    click.echo(as_markdown(result) if fmt == "markdown" else as_text(result), nl=fmt == "text")
    if not result.report.ok:
        raise click.exceptions.Exit(1)
