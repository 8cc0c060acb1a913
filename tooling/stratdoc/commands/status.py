"""`stratdoc status`: current Fassung, fingerprint, votes cast and what a release still needs."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import fingerprint
from stratdoc.governance.adoption import adoption
from stratdoc.governance.roster import actor_ids, load


def candidates(last: str | None) -> list[str]:
    """Next minor and major version after *last*."""
    if last is None:
        return ["1.0"]
    parts = [int(p) for p in last.split(".")]
    return [f"{parts[0]}.{(parts[1] if len(parts) > 1 else 0) + 1}", f"{parts[0] + 1}.0"]


@click.command(name="status")
@click.pass_context
def command(ctx: click.Context) -> None:
    """Show the current Fassung, the content fingerprint and the votes for the next one."""
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(f"{project.root}: not a Git repository")
    gov = load(project, actor_ids(project))
    tags = gitrepo.release_tags(repo)
    last = tags[-1] if tags else None
    fp = fingerprint(repo)
    click.echo(f"current Fassung: {last or 'none yet'}")
    click.echo(f"content fingerprint: {fp}")
    for version in candidates(last):
        result = adoption(gov, repo, "HEAD", version)
        missing = sorted(set(gov.members) - set(result.votes))
        click.echo(f"Fassung {version}: {result.tally.line()}")
        if missing:
            click.echo(f"  not voted: {', '.join(missing)}")
        reason = result.refusal
        click.echo(f"  release: {'possible' if reason is None else 'not yet, ' + reason}")
