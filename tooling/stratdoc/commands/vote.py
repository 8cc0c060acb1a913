"""`stratdoc vote`: a seat's vote on the open call, bound to the content fingerprint, signed."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import CONTENT_PATHS, fingerprint
from stratdoc.core.i18n import _
from stratdoc.governance import signing
from stratdoc.governance.adoption import call_records, open_call
from stratdoc.governance.calls import Call, deadline_passed
from stratdoc.governance.closing import closing_records
from stratdoc.governance.closing import find as find_closing
from stratdoc.governance.inforce import InForce, governance_at, in_force, refuse_version
from stratdoc.governance.tally import VOTES
from stratdoc.governance.votes import VOTES_DIR

if TYPE_CHECKING:
    import git


def _refuse_closed(
    repo: git.Repo, version: str, call: Call, force: InForce, draft: dict, today: str
) -> None:
    """An Umlauf takes no vote after its deadline or its Eingangsvermerk."""
    if deadline_passed(call, today):
        raise StratdocError(
            _(
                "the deadline {deadline} of the Umlaufverfahren on Fassung {version} has passed; "
                "a vote now would not count"
            ).format(deadline=call.day, version=version)
        )
    if call.procedure == "umlauf":
        found = closing_records(repo, "HEAD", version)
        closed, _problems = find_closing(repo, found, version, call, force, draft)
        if closed is not None:
            raise StratdocError(
                _(
                    "the Umlaufverfahren on Fassung {version} was closed by the project office "
                    "(commit {commit}); a vote now would not count"
                ).format(version=version, commit=closed.commit[:7])
            )


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
    refuse_version(repo, version)  # a released Fassung takes no more votes
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
    _refuse_closed(repo, version, call, force, draft, now.date().isoformat())
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
