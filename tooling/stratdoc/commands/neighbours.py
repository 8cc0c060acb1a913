"""`stratdoc neighbours update`: fetch, check, store and pin neighbour networks' needs.json."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.core.i18n import _


@click.group(
    name="neighbours",
    help=_("Neighbour networks whose needs measures link to (:abgestimmt_mit:)."),
)
def command() -> None:
    pass


@command.command(
    name="update",
    help=_(
        "Fetch the needs.json of every neighbour (or SHORT), store it under "
        "governance/neighbours/ and pin its Fassung and SHA-256 in ubproject.toml."
    ),
)
@click.argument("short", required=False)
@click.option(
    "--pin",
    is_flag=True,
    help=_("Pin a newer Fassung (otherwise it is stored beside the pinned one for check)."),
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help=_("Seconds to wait for connecting and for each answer."),
)
@click.pass_context
def update_command(ctx: click.Context, short: str | None, pin: bool, timeout: float) -> None:
    from stratdoc.federation import update

    project = project_from(ctx)
    for outcome in update.update(project, short, pin=pin, timeout=timeout):
        n = outcome.neighbour
        stored = project.relative(outcome.stored)
        if outcome.state == update.UNCHANGED:
            line = _("{short}: Fassung {fassung} unchanged ({file})")
        elif outcome.state == update.PINNED:
            line = _("{short}: Fassung {fassung} stored as {file} and pinned")
        else:
            line = _(
                "{short}: newer Fassung {fassung} stored as {file}; the pin stays at "
                "{pinned} (pin it with --pin)"
            )
        click.echo(
            line.format(short=n.short_name, fassung=outcome.fassung, file=stored, pinned=n.fassung)
        )
        for value, before, after in outcome.changed:
            click.echo(
                _(
                    "warning: {value}: status {old} in Fassung {pinned}, {new} in Fassung {fassung}"
                ).format(
                    value=value,
                    old=repr(before),
                    pinned=n.fassung,
                    new=_("no longer there") if after is None else repr(after),
                    fassung=outcome.fassung,
                ),
                err=True,
            )
