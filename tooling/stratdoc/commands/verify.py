"""`stratdoc verify`: re-check a release's votes, fingerprint and artifacts."""

from __future__ import annotations

from pathlib import Path

import click

from stratdoc.cli import project_from
from stratdoc.core.errors import StratdocError
from stratdoc.core.project import editions_dir
from stratdoc.governance.verify import verify


@click.command(name="verify")
@click.argument("version")
@click.option(
    "--edition",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The released edition folder (default: _build/editions/VERSION).",
)
@click.option(
    "--tag-only",
    is_flag=True,
    help="Check the tag, fingerprint and votes only, where no edition folder exists (CI).",
)
@click.pass_context
def command(ctx: click.Context, version: str, edition: Path | None, tag_only: bool) -> None:
    """Verify Fassung VERSION: tag, votes, fingerprint and every artifact."""
    project = project_from(ctx)
    folder = None if tag_only else edition or editions_dir(project) / version
    problems = verify(project, version, folder)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise StratdocError(f"Fassung {version} does not verify ({len(problems)} problem(s))")
    checked = (
        "votes and fingerprint (no artifacts)" if tag_only else "votes, fingerprint and artifacts"
    )
    click.echo(f"Fassung {version} verified: {checked} match")
