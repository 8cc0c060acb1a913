"""`stratdoc vote`: a seat's vote on the open call, bound to the content fingerprint, signed."""

from __future__ import annotations

import datetime as dt
import json

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import CONTENT_PATHS, fingerprint
from stratdoc.core.i18n import _
from stratdoc.governance import signing
from stratdoc.governance.adoption import call_records, open_call
from stratdoc.governance.inforce import governance_at, in_force
from stratdoc.governance.tally import VOTES
from stratdoc.governance.votes import VOTES_DIR


@click.command(
    name="vote", help=_("Record VERSION's vote of seat MEMBER as a commit signed with your key.")
)
@click.argument("version")
@click.option("--member", required=True, help=_("Seat id from governance/roster.toml."))
@click.option(
    "--vote",
    "kind",
    required=True,
    type=click.Choice(VOTES),
    help=_("The seat's vote: approval, rejection or abstention."),
)
@click.option("--objection-to-procedure", is_flag=True, help=_("Object to the Umlaufverfahren."))
@click.option("--comment", default="", help=_("Optional comment recorded with the vote."))
@click.pass_context
def command(
    ctx: click.Context,
    version: str,
    member: str,
    kind: str,
    objection_to_procedure: bool,
    comment: str,
) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{root}: not a Git repository; votes are commits").format(root=project.root)
        )
    force = in_force(repo, version, "HEAD", None)
    seat = force.governance.members.get(member)
    if seat is None:
        raise StratdocError(
            _("no seat '{member}' in the roster in force ({source})").format(
                member=member, source=force.source
            )
        )
    signing.require(
        repo,
        {member: seat.keys},
        _("a key of seat '{member}' in the roster in force ({source})").format(
            member=member, source=force.source
        ),
    )
    if gitrepo.is_dirty(repo, list(CONTENT_PATHS)):
        raise StratdocError(
            _("uncommitted content changes: commit them first, votes bind to commits")
        )
    draft = governance_at(repo, "HEAD").signers()
    call, _ignored = open_call(repo, call_records(repo, "HEAD", version), version, force, draft)
    if call is None:
        raise StratdocError(
            _("no open call for Fassung {version}: `stratdoc call {version} …` opens one").format(
                version=version
            )
        )
    now = dt.datetime.now(dt.UTC)
    rel = f"{VOTES_DIR}/{version}/{now:%Y%m%dT%H%M%S%f}-{member}.toml"
    lines = [
        f'fassung = "{version}"',
        f'member = "{member}"',
        f'vote = "{kind}"',
        f'call = "{call.commit}"',
        f'fingerprint = "{fingerprint(repo)}"',
        f'commit = "{repo.head.commit.hexsha}"',
        f'date = "{now:%Y-%m-%dT%H:%M:%SZ}"',
        f"objection_to_procedure = {'true' if objection_to_procedure else 'false'}",
    ]
    if comment:
        # a JSON string is a valid TOML basic string
        lines.append(f"comment = {json.dumps(comment, ensure_ascii=False)}")
    gitrepo.commit_new_file(
        repo, rel, "\n".join(lines) + "\n", f"Stimme {member} zu Fassung {version}: {kind}"
    )
    click.echo(
        _("{path}: {vote} recorded for {version} ({call}), signed").format(
            path=rel, vote=kind, version=version, call=call.line()
        )
    )
