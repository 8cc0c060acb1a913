"""`stratdoc build`: draft editions of the working tree."""

from __future__ import annotations

from pathlib import Path

import click

from stratdoc.cli import project_from
from stratdoc.core.findings import render
from stratdoc.core.i18n import _, ngettext
from stratdoc.editions.build import FORMATS as BUILD_FORMATS
from stratdoc.editions.build import build_editions, draft_edition

FORMATS = ("html", "pdf", "all")


@click.command(name="build", help=_('Build draft editions (marked "Entwurf") of the working tree.'))
@click.argument("fmt", metavar="[html|pdf|all]", type=click.Choice(FORMATS), default="all")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=_("Output folder (default: _build/html/ and _build/pdf/)."),
)
@click.pass_context
def command(ctx: click.Context, fmt: str, out: Path | None) -> None:
    project = project_from(ctx)
    edition = draft_edition(project)
    base = out.resolve() if out else project.build_dir
    formats = BUILD_FORMATS if fmt == "all" else (fmt,)
    outputs = build_editions(project, base, edition, formats)
    findings = [f for output in outputs for f in output.findings]
    if findings:
        click.echo(render(findings, "text"), err=True)
        click.echo(
            ngettext(
                "stratdoc: build found {count} problem; fix it and build again",
                "stratdoc: build found {count} problems; fix them and build again",
                len(findings),
            ).format(count=len(findings)),
            err=True,
        )
        raise click.exceptions.Exit(1)
    for output in outputs:
        click.echo(f"{output.fmt}: {project.relative(output.path)}")
