"""`stratdoc propose`: a partner's staged change on its own branch, attributed and checked."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.findings import counted, render
from stratdoc.core.i18n import _
from stratdoc.proposals.propose import CheckFailed, propose


@click.command(
    name="propose",
    help=_(
        "Put the staged change under strategy/ on its own branch, attributed to PARTNER.\n\n"
        "Runs the check on exactly the staged content first and refuses a failing change. "
        "Your current branch, HEAD and working files stay as they are; the change is no "
        "longer staged there."
    ),
)
@click.option("--partner", required=True, metavar="AK_ID", help=_("The proposing organisation."))
@click.option("--message", "-m", required=True, help=_("What the change does (commit message)."))
@click.option("--branch", default=None, help=_("Branch name (default: vorschlag/<message>)."))
@click.pass_context
def command(ctx: click.Context, partner: str, message: str, branch: str | None) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise EnvironmentProblem(
            _("{root}: not a git repository; clone the strategy first").format(root=project.root)
        )
    try:
        result = propose(project, repo, partner, message, branch)
    except CheckFailed as exc:
        click.echo(render(exc.findings, "text"))
        click.echo(
            _(
                "stratdoc: refused: {counted} in the staged change; "
                "fix them, stage again and rerun propose"
            ).format(counted=counted(exc.findings)),
            err=True,
        )
        raise click.exceptions.Exit(1) from exc
    short = result.commit[:7]
    click.echo(
        _("Proposed on branch {branch} ({commit}) for {partner}, author {author}.").format(
            branch=result.branch, commit=short, partner=result.partner, author=result.author
        )
    )
    click.echo(
        _(
            "Your branch {current} is unchanged; the change is no longer "
            "staged there but stays in your working files ({count} file(s))."
        ).format(current=gitrepo.current_branch(repo), count=len(result.paths))
    )
    click.echo(
        _(
            "Next: git push -u origin {branch} and open a pull request; "
            "see what it changes with: stratdoc review {branch}"
        ).format(branch=result.branch)
    )
