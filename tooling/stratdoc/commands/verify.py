"""`stratdoc verify`: re-check a release's votes, fingerprint and artifacts."""

from __future__ import annotations

from pathlib import Path

import click

from stratdoc.cli import project_from
from stratdoc.errors import StratdocError
from stratdoc.release import editions_dir
from stratdoc.verify import verify


@click.command(name="verify")
@click.argument("version")
@click.option(
    "--edition",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The released edition folder (default: _build/editions/VERSION).",
)
@click.pass_context
def command(ctx: click.Context, version: str, edition: Path | None) -> None:
    """Verify Fassung VERSION: tag, votes, fingerprint and every artifact."""
    project = project_from(ctx)
    problems = verify(project, version, edition or editions_dir(project) / version)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise StratdocError(f"Fassung {version} does not verify ({len(problems)} problem(s))")
    click.echo(f"Fassung {version} verified: votes, fingerprint and artifacts match")
