"""Shared fixtures: tiny real projects from tests/roots and one build of the shipped strategy."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"


def copy_project(dest: Path, root: str | None = None) -> Path:
    """A project in *dest*: the shipped conf.py and data model, plus tests/roots/test-<root>.

    Without *root*, the shipped strategy/ is copied too.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "ubproject.toml"):
        shutil.copy2(REPO / name, dest / name)
    if root is None:
        shutil.copytree(REPO / "strategy", dest / "strategy")
    else:
        shutil.copytree(ROOTS / f"test-{root}", dest, dirs_exist_ok=True)
    return dest


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the real git CLI, as users do."""
    full_env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    full_env.update(env or {})
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=full_env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def init_repo(path: Path, name: str = "Projektbüro", email: str = "buero@example.org") -> Path:
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", name)
    git(path, "config", "user.email", email)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "Erste Fassung")
    return path


@pytest.fixture
def project_factory(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(root: str | None = None, *, repo: bool = False) -> Path:
        dest = copy_project(tmp_path / f"p{next(counter)}", root)
        return init_repo(dest) if repo else dest

    return make


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped strategy built once (HTML + needs.json), shared by every test that reads it."""
    from click.testing import CliRunner
    from stratdoc.cli import main

    out = tmp_path_factory.mktemp("shipped")
    result = CliRunner().invoke(main, ["-C", str(REPO), "build", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
