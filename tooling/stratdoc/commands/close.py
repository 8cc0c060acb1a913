"""`stratdoc close`: the project office closes an Umlauf with its signed Eingangsvermerk."""

from __future__ import annotations

import datetime as dt

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _, ngettext
from stratdoc.governance import calls, signing
from stratdoc.governance.adoption import decide
from stratdoc.governance.closing import CLOSINGS_DIR, record_text
from stratdoc.governance.inforce import refuse_version
from stratdoc.governance.roster import OFFICE


@click.command(
    name="close",
    help=_(
        "Close the Umlauf on Fassung VERSION: the project office's signed record of the "
        "votes received (Eingangsvermerk)."
    ),
)
@click.argument("version")
@click.pass_context
def command(ctx: click.Context, version: str) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{root}: not a Git repository; the Eingangsvermerk is a commit").format(
                root=project.root
            )
        )
    refuse_version(repo, version)
    result = decide(repo, "HEAD", version)
    force = result.force
    signing.require(
        repo,
        {OFFICE: force.governance.office_keys},
        _("a key of the project office in the roster in force ({source})").format(
            source=force.source
        ),
    )
    call = result.call
    if call is None:
        raise StratdocError(
            _("no open call for Fassung {version}: nothing to close").format(version=version)
        )
    if call.procedure != "umlauf":
        raise StratdocError(
            _(
                "the open call for Fassung {version} is a Sitzung: only an Umlaufverfahren is "
                "closed; the release tag names the Sitzung's vote log"
            ).format(version=version)
        )
    if result.closing is not None:
        raise StratdocError(
            _(
                "the Umlaufverfahren on Fassung {version} is closed already (commit {commit})"
            ).format(version=version, commit=result.closing.commit[:7])
        )
    if result.dropped:
        raise StratdocError(
            _("cannot close: {dropped}; merge it first").format(dropped=result.dropped[0].line())
        )
    now = dt.datetime.now(dt.UTC)
    missing = result.missing
    if not calls.deadline_passed(call, now.date().isoformat()) and missing:
        raise StratdocError(
            _(
                "the deadline {deadline} has not passed and {members} have not voted: close "
                "after the deadline, or once every seat has voted"
            ).format(deadline=call.day, members=", ".join(missing))
        )
    rel = f"{CLOSINGS_DIR}/{version}/{now:%Y%m%dT%H%M%S%f}-umlauf.toml"
    text = record_text(
        version, call.commit, f"{now:%Y-%m-%dT%H:%M:%SZ}", result.log or "", result.considered
    )
    received = len(result.considered)
    gitrepo.commit_new_file(
        repo,
        rel,
        text,
        f"Eingangsvermerk Fassung {version}: Umlaufverfahren geschlossen, {received} Stimmen",
    )
    click.echo(
        ngettext(
            "{path}: Umlaufverfahren on Fassung {version} closed with {n} vote received, signed",
            "{path}: Umlaufverfahren on Fassung {version} closed with {n} votes received, signed",
            received,
        ).format(path=rel, version=version, n=received)
    )
