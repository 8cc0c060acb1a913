"""`stratdoc call`: open the decision on a Fassung (Beschlussvorlage) as a signed record."""

from __future__ import annotations

import datetime as dt

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.governance import signing
from stratdoc.governance.calls import CALLS_DIR, iso_day
from stratdoc.governance.inforce import in_force, refuse_version


@click.command(
    name="call",
    help=_(
        "Open the decision on Fassung VERSION: a Sitzung on --date or an Umlauf until --deadline."
    ),
)
@click.argument("version")
@click.option("--procedure", required=True, type=click.Choice(["sitzung", "umlauf"]))
@click.option("--date", "day", default=None, help=_("Sitzung: the meeting's date, YYYY-MM-DD."))
@click.option("--deadline", default=None, help=_("Umlauf: the last day to vote, YYYY-MM-DD."))
@click.pass_context
def command(
    ctx: click.Context, version: str, procedure: str, day: str | None, deadline: str | None
) -> None:
    key, value = ("date", day) if procedure == "sitzung" else ("deadline", deadline)
    other = "--deadline" if procedure == "sitzung" else "--date"
    if value is None or (day and deadline):
        raise click.UsageError(
            _("--procedure {procedure} takes --{key} YYYY-MM-DD (and no {other})").format(
                procedure=procedure, key=key, other=other
            )
        )
    if iso_day(value) is None:
        raise click.UsageError(
            _("--{key} {value}: not a date YYYY-MM-DD").format(key=key, value=value)
        )
    if procedure == "umlauf" and str(iso_day(value)) < dt.datetime.now(dt.UTC).date().isoformat():
        raise StratdocError(
            _("--deadline {value} has passed: an Umlauf needs a deadline from today on").format(
                value=value
            )
        )
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{root}: not a Git repository; calls are commits").format(root=project.root)
        )
    refuse_version(repo, version)
    force = in_force(repo, version, "HEAD", None)
    signer = signing.require(
        repo,
        force.governance.signers(),
        _("a key of the roster in force ({source})").format(source=force.source),
    )
    now = dt.datetime.now(dt.UTC)
    rel = f"{CALLS_DIR}/{version}/{now:%Y%m%dT%H%M%S%f}-{procedure}.toml"
    text = (
        f'fassung = "{version}"\nprocedure = "{procedure}"\n{key} = "{iso_day(value)}"\n'
        f'opened_by = "{signer}"\nopened = "{now:%Y-%m-%dT%H:%M:%SZ}"\n'
    )
    what = "Sitzung am" if procedure == "sitzung" else "Umlaufverfahren bis"
    gitrepo.commit_new_file(repo, rel, text, f"Beschlussvorlage Fassung {version}: {what} {value}")
    if procedure == "sitzung":
        opened = _("{path}: call for Fassung {version} opened (Sitzung on {day}), signed")
    else:
        opened = _(
            "{path}: call for Fassung {version} opened (Umlaufverfahren until {day}), signed"
        )
    click.echo(opened.format(path=rel, version=version, day=value))
