"""`stratdoc call`: open the decision on a Fassung (Beschlussvorlage) as a signed record."""

from __future__ import annotations

import datetime as dt

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.governance import signing
from stratdoc.governance.calls import CALLS_DIR, iso_day
from stratdoc.governance.inforce import in_force
from stratdoc.governance.release import refuse_version


@click.command(name="call")
@click.argument("version")
@click.option("--procedure", required=True, type=click.Choice(["sitzung", "umlauf"]))
@click.option("--date", "day", default=None, help="Sitzung: the meeting's date, YYYY-MM-DD.")
@click.option("--deadline", default=None, help="Umlauf: the last day to vote, YYYY-MM-DD.")
@click.pass_context
def command(
    ctx: click.Context, version: str, procedure: str, day: str | None, deadline: str | None
) -> None:
    """Open the decision on Fassung VERSION: a Sitzung on --date or an Umlauf until --deadline."""
    key, value = ("date", day) if procedure == "sitzung" else ("deadline", deadline)
    other = "--deadline" if procedure == "sitzung" else "--date"
    if value is None or (day and deadline):
        raise click.UsageError(f"--procedure {procedure} takes --{key} YYYY-MM-DD, not {other}")
    if iso_day(value) is None:
        raise click.UsageError(f"--{key} {value}: not a date YYYY-MM-DD")
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(f"{project.root}: not a Git repository; calls are commits")
    refuse_version(repo, version)
    force = in_force(repo, version, "HEAD", None)
    signer = signing.require(
        repo, force.governance.signers(), f"a key of the roster in force ({force.source})"
    )
    now = dt.datetime.now(dt.UTC)
    rel = f"{CALLS_DIR}/{version}/{now:%Y%m%dT%H%M%S%f}-{procedure}.toml"
    text = (
        f'fassung = "{version}"\nprocedure = "{procedure}"\n{key} = "{iso_day(value)}"\n'
        f'opened_by = "{signer}"\nopened = "{now:%Y-%m-%dT%H:%M:%SZ}"\n'
    )
    what = "Sitzung am" if procedure == "sitzung" else "Umlaufverfahren bis"
    gitrepo.commit_new_file(repo, rel, text, f"Beschlussvorlage Fassung {version}: {what} {value}")
    click.echo(f"{rel}: call for Fassung {version} opened ({procedure}, {key} {value}), signed")
