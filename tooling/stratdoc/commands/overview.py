"""`stratdoc overview NETWORKS.toml`: one static site over many networks' published data."""

from __future__ import annotations

from pathlib import Path

import click

from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _, ngettext
from stratdoc.federation.overview import networks, site, sources


def _writable(folder: Path) -> None:
    """Refuse a folder that cannot be written before anything is fetched or replaced."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".stratdoc-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StratdocError(
            _("{folder}: cannot write there ({reason})").format(
                folder=folder, reason=exc.strerror or exc
            )
        ) from None


@click.command(
    name="overview",
    help=_(
        "One static German site over the networks NETWORKS lists (a TOML file): their "
        "Fassungen, all measures with similar ones of other networks, status over time and "
        "which networks coordinate. Exit 1 when a network's files could not be fetched or "
        "were invalid (its last good copy is shown, marked)."
    ),
)
@click.argument("networks_file", metavar="NETWORKS", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("_build/overview"),
    show_default=True,
    help=_("Output folder; replaced whole."),
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=_("Folder of the last good copies (default: _build/overview-cache/ beside NETWORKS)."),
)
def command(networks_file: Path, out: Path, cache: Path | None) -> None:
    listed = networks.load(networks_file)
    store = cache or networks_file.parent / "_build" / "overview-cache"
    for folder in (store, out.parent):
        _writable(folder)
    retrieved = sources.retrieve_all(listed, store)
    written = site.write_site(retrieved, out, store)
    problems = [f"{r.network.short_name}: {p}" for r in retrieved for p in r.problems]
    for problem in problems:
        click.echo(f"stratdoc: {problem}", err=True)
    click.echo(
        _("overview: {path} ({networks} networks, {measures} measures)").format(
            path=written.out / "index.html", networks=written.networks, measures=written.measures
        )
    )
    reads = sum(r.reads for r in retrieved)
    click.echo(
        ngettext(
            "{count} file read from its source", "{count} files read from their sources", reads
        ).format(count=reads)
    )
    if problems:
        click.echo(
            ngettext(
                "{count} problem: that network keeps its last good copy, marked on the page",
                "{count} problems: those networks keep their last good copies, marked on the page",
                len(problems),
            ).format(count=len(problems)),
            err=True,
        )
        click.get_current_context().exit(1)
