"""`stratdoc vote`: a steering-committee member's vote, bound to the content fingerprint."""

from __future__ import annotations

import datetime as dt
import json

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import fingerprint
from stratdoc.governance.roster import actor_ids, load
from stratdoc.governance.tally import VOTES
from stratdoc.governance.votes import VOTES_DIR


@click.command(name="vote")
@click.argument("version")
@click.option("--member", required=True, help="Member id from governance/roster.toml.")
@click.option("--vote", "kind", required=True, type=click.Choice(VOTES))
@click.option("--objection-to-procedure", is_flag=True, help="Object to the Umlaufverfahren.")
@click.option("--comment", default="", help="Optional comment recorded with the vote.")
@click.pass_context
def command(
    ctx: click.Context,
    version: str,
    member: str,
    kind: str,
    objection_to_procedure: bool,
    comment: str,
) -> None:
    """Record and commit a vote for VERSION with your configured git identity."""
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(f"{project.root}: not a Git repository; votes are commits")
    gov = load(project, actor_ids(project))
    seat = gov.members.get(member)
    if seat is None:
        raise StratdocError(f"governance/roster.toml: no member '{member}'")
    who = gitrepo.author_identity(repo)
    if who is None or who not in seat.identities:
        raise StratdocError(f"identity {who} is not allowed to vote for '{member}' (roster.toml)")
    if gitrepo.is_dirty(repo, ["strategy", "conf.py", "ubproject.toml"]):
        raise StratdocError("uncommitted content changes: commit them first, votes bind to commits")
    now = dt.datetime.now(dt.UTC)
    rel = f"{VOTES_DIR}/{version}/{now:%Y%m%dT%H%M%S%f}-{member}.toml"
    lines = [
        f'fassung = "{version}"',
        f'member = "{member}"',
        f'vote = "{kind}"',
        f'fingerprint = "{fingerprint(repo)}"',
        f'commit = "{repo.head.commit.hexsha}"',
        f'date = "{now:%Y-%m-%dT%H:%M:%SZ}"',
        f"objection_to_procedure = {'true' if objection_to_procedure else 'false'}",
    ]
    if comment:
        # a JSON string is a valid TOML basic string
        lines.append(f"comment = {json.dumps(comment, ensure_ascii=False)}")
    path = project.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gitrepo.commit_paths(repo, [rel], f"Stimme {member} zu Fassung {version}: {kind}")
    click.echo(f"{rel}: {kind} recorded for {version}")
