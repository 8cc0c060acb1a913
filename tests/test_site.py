"""`stratdoc site` on bad input: one clear line, exit 1, nothing published, no work tree left."""

from __future__ import annotations

import json
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
    assert result.output.startswith("stratdoc: v1.0: its edition has 1 build problem: ")
    assert not (root / "_build" / "site").exists()
    cache = root / "_build" / "site-cache"
    assert not any(cache.rglob("edition.json"))
    assert git(root, "worktree", "list").count("\n") == 0


def test_without_releases_the_site_is_the_draft_and_is_reused(
    project_factory: Callable[..., Path],
) -> None:
    root = project_factory("minimal", repo=True)
    runner = CliRunner()
    first = runner.invoke(main, ["-C", str(root), "site"])
    assert first.exit_code == 0, first.output
    assert first.output.strip().endswith("editions built: 1, reused: 0")
    again = runner.invoke(main, ["-C", str(root), "site", "--base-url", "/strategie"])
    assert again.output.strip().endswith("editions built: 0, reused: 1")
    site = root / "_build" / "site"
    assert sorted(p.name for p in site.iterdir()) == ["entwurf", "index.html", "switcher.json"]
    assert json.loads((site / "switcher.json").read_text()) == [
        {"name": "Entwurf", "version": "Entwurf", "url": "/strategie/entwurf/"}
    ]
    landing = (site / "index.html").read_text()
    assert "Es gibt noch keine beschlossene Fassung, nur den Entwurf." in landing
    assert "Entwurf · Stand" in (site / "entwurf" / "index.html").read_text()
