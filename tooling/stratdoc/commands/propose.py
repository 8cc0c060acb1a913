"""`stratdoc propose`: a partner's staged change on its own branch, attributed and checked."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.findings import render, summary
from stratdoc.proposals.propose import CheckFailed, propose


@click.command(name="propose")
@click.option("--partner", required=True, metavar="AK_ID", help="The proposing organisation.")
@click.option("--message", "-m", required=True, help="What the change does (commit message).")
@click.option("--branch", default=None, help="Branch name (default: vorschlag/<message>).")
@click.pass_context
def command(ctx: click.Context, partner: str, message: str, branch: str | None) -> None:
    """Put the staged change under strategy/ on its own branch, attributed to PARTNER.

    Runs the check on exactly the staged content first and refuses a failing change.
    Your current branch, HEAD and working files stay as they are; the change is no
    longer staged there.
    """
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise EnvironmentProblem(f"{project.root}: not a git repository; clone the strategy first")
    try:
        result = propose(project, repo, partner, message, branch)
    except CheckFailed as exc:
        click.echo(render(exc.findings, "text"))
        counts = summary(exc.findings)
        click.echo(
            f"stratdoc: refused: {counts['errors']} error(s), {counts['warnings']} warning(s) "
            "in the staged change; fix them, stage again and rerun propose",
            err=True,
        )
        raise click.exceptions.Exit(1) from exc
    short = result.commit[:7]
    click.echo(
        f"Proposed on branch {result.branch} ({short}) for {result.partner}, "
        f"author {result.author}."
    )
    click.echo(
        f"Your branch {gitrepo.current_branch(repo)} is unchanged; the change is no longer "
        f"staged there but stays in your working files ({len(result.paths)} file(s))."
    )
    click.echo(
        f"Next: git push -u origin {result.branch} and open a pull request; "
        f"see what it changes with: stratdoc review {result.branch}"
    )
