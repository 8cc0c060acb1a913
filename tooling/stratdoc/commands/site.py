"""`stratdoc site`: every released Fassung plus the draft as one static site."""

from __future__ import annotations

from pathlib import Path

import click

from stratdoc.cli import project_from
from stratdoc.core.i18n import _
from stratdoc.editions.site.assemble import build_site


@click.command(
    name="site",
    help=_("Build all release tags and the draft as one site with a landing page and switcher."),
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=_("Output folder (default: _build/site/)."),
)
@click.option(
    "--base-url",
    default="/",
    show_default=True,
    help=_("Path (or URL) under which the site is served; the version switcher links use it."),
)
@click.pass_context
def command(ctx: click.Context, out: Path | None, base_url: str) -> None:
    project = project_from(ctx)
    result = build_site(project, out or project.build_dir / "site", base_url=base_url)
    for f in result.fassungen:
        click.echo(f"{f.slug}: {project.relative(result.out / f.slug / 'index.html')}")
    click.echo(_("site: {path}").format(path=project.relative(result.out / "index.html")))
    click.echo(
        _("editions built: {built}, reused: {reused}").format(
            built=result.counters.built, reused=result.counters.reused
        )
    )
