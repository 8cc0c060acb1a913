"""`stratdoc verify`: re-check the chain of signed Fassungen up to VERSION and its artifacts."""

from __future__ import annotations

from pathlib import Path

import click

from stratdoc.cli import project_from
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _, ngettext
from stratdoc.core.project import editions_dir
from stratdoc.governance.verify import verify


@click.command(
    name="verify",
    help=_("Verify Fassung VERSION: signed tags, signed votes, fingerprints and every artifact."),
)
@click.argument("version")
@click.option(
    "--edition",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=_("The released edition folder (default: _build/editions/VERSION)."),
)
@click.option(
    "--tag-only",
    is_flag=True,
    help=_("Check the tags, signatures and votes only, where no edition folder exists (CI)."),
)
@click.option(
    "--trust-root",
    default=None,
    metavar="REV",
    help=_("A trust root known from outside the repository: refuse unless ubproject.toml pins it."),
)
@click.pass_context
def command(
    ctx: click.Context, version: str, edition: Path | None, tag_only: bool, trust_root: str | None
) -> None:
    project = project_from(ctx)
    folder = None if tag_only else edition or editions_dir(project) / version
    problems, root = verify(project.root, version, folder, trust_root)
    click.echo(_("roster of the first Fassung checked: {root}").format(root=root))
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise StratdocError(
            ngettext(
                "Fassung {version} does not verify ({count} problem)",
                "Fassung {version} does not verify ({count} problems)",
                len(problems),
            ).format(version=version, count=len(problems))
        )
    if tag_only:
        verified = _("Fassung {version} verified: signatures, votes, fingerprints match")
    else:
        verified = _(
            "Fassung {version} verified: signatures, votes, fingerprints and artifacts match"
        )
    click.echo(verified.format(version=version))
