"""`stratdoc site` on bad input: one clear line, exit 1, nothing published, no work tree left."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import git
from stratdoc.cli import main


def test_out_folder_that_is_not_a_site_is_refused_untouched(
    project_factory: Callable[..., Path], tmp_path: Path
) -> None:
    root = project_factory("minimal", repo=True)
    out = tmp_path / "fotos"
    out.mkdir()
    (out / "urlaub.jpg").write_bytes(b"jpeg")
    result = CliRunner().invoke(main, ["-C", str(root), "site", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "exists and is not a stratdoc site; name a new or empty folder with --out"
    )
    assert [p.name for p in out.iterdir()] == ["urlaub.jpg"]
    assert not (root / "_build" / "site-cache").exists()


def test_release_that_does_not_build_publishes_nothing(
    project_factory: Callable[..., Path],
) -> None:
    root = project_factory("dangling-link", repo=True)
    git(root, "tag", "v1.0")
    result = CliRunner().invoke(main, ["-C", str(root), "site"])
    assert result.exit_code == 1
    assert result.output.startswith("stratdoc: v1.0: its edition has 1 build problem(s)")
    assert not (root / "_build" / "site").exists()
    cache = root / "_build" / "site-cache"
    assert not any(cache.rglob("edition.json"))
    assert git(root, "worktree", "list").count("\n") == 0
