"""The stratdoc command line: a small click group; each command lives in its own module."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import click

from stratdoc.core import i18n
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.core.project import Project, find_project

i18n.translate_click()


class StratdocGroup(click.Group):
    """Finds each command in its own module of stratdoc.commands, imported only when run
    (so `stratdoc check` does not load GitPython or the PDF code beside Sphinx), and turns
    StratdocError into one line on stderr and its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from stratdoc import commands

        return sorted(info.name for info in pkgutil.iter_modules(commands.__path__))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.list_commands(ctx):
            return None
        command = importlib.import_module(f"stratdoc.commands.{cmd_name}").command
        command.options_metavar = _("[OPTIONS]")
        return command

    def main(self, *args, **kwargs):  # type: ignore[override]
        if i18n.catalog_missing():
            message = _(
                "the German message catalog {catalog} is missing: `make` compiles it "
                "(or run with STRATDOC_LANGUAGE=en for English)"
            ).format(catalog=i18n.CATALOG)
            click.echo(f"stratdoc: {message}", err=True)
            sys.exit(2)
        # click sets these when the group is made, before the language can matter
        self.options_metavar = _("[OPTIONS]")
        self.subcommand_metavar = _("COMMAND [ARGS]...")
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except StratdocError as exc:
            click.echo(f"stratdoc: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(
    cls=StratdocGroup,
    help=_("Check, build, approve and publish the regional transformation strategy."),
)
@click.version_option(package_name="stratdoc", prog_name="stratdoc")
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=_("Run as if started in DIRECTORY (like git -C)."),
)
@click.pass_context
def main(ctx: click.Context, directory: Path | None) -> None:
    if directory is not None and not directory.is_dir():
        raise click.UsageError(_("-C {directory}: no such directory").format(directory=directory))
    ctx.obj = directory
    i18n.use_project(directory)


def project_from(ctx: click.Context) -> Project:
    return find_project(ctx.find_root().obj)
