"""The stratdoc command line: a small click group; each command lives in its own module."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import click

from stratdoc import __version__
from stratdoc.core.errors import StratdocError
from stratdoc.core.project import Project, find_project


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
        return importlib.import_module(f"stratdoc.commands.{cmd_name}").command

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except StratdocError as exc:
            click.echo(f"stratdoc: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=StratdocGroup)
@click.version_option(__version__, prog_name="stratdoc")
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run as if started in DIR (like git -C).",
)
@click.pass_context
def main(ctx: click.Context, directory: Path | None) -> None:
    """Check, build, approve and publish the regional transformation strategy."""
    if directory is not None and not directory.is_dir():
        raise click.UsageError(f"-C {directory}: no such directory")
    ctx.obj = directory


def project_from(ctx: click.Context) -> Project:
    return find_project(ctx.find_root().obj)
