"""CliRunner tests of the command group and `stratdoc build`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from stratdoc import __version__
from stratdoc.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path / "nope"), "build", "html")
    assert result.exit_code == 2


def test_outside_a_project_is_an_environment_error(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path), "build", "html")
    assert result.exit_code == 2
    assert "no strategy project" in result.output


def test_build_html_of_a_small_project(project_factory, tmp_path: Path) -> None:
    project = project_factory("minimal", repo=True)
    result = run("-C", str(project), "build", "html", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    index = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert "Entwurf · Stand" in index
    assert (tmp_path / "out" / "html" / "needs.json").is_file()


def test_dangling_link_fails_with_file_and_line(project_factory, tmp_path: Path) -> None:
    project = project_factory("dangling-link")
    result = run("-C", str(project), "build", "html", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    # the option line of the bad link, not only the directive's first line
    assert "strategy/index.md:26: error[needs.link_outgoing]" in result.output
    assert "HF_GIBTSNICHT" in result.output


def test_unknown_format_is_a_usage_error(project_factory) -> None:
    project = project_factory("minimal")
    result = run("-C", str(project), "build", "epub")
    assert result.exit_code == 2
