"""`stratdoc check` on one revision's tree, built away from the work tree (propose, review)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from stratdoc.check.run import CheckReport, run_check
from stratdoc.core import snapshot
from stratdoc.core.model import Model, load_model
from stratdoc.core.project import Project

if TYPE_CHECKING:
    import git


def project_in_repo(project: Project, repo: git.Repo) -> PurePosixPath:
    """The project's folder relative to the top of its repository ("." at the top)."""
    top = Path(repo.working_tree_dir or ".").resolve()
    return PurePosixPath(project.root.resolve().relative_to(top).as_posix())


def strategy_in_repo(project: Project, repo: git.Repo) -> PurePosixPath:
    """The project's strategy/ folder relative to the top of its repository."""
    return project_in_repo(project, repo) / project.strategy_dir.name


def check_revision(project: Project, repo: git.Repo, rev: str) -> tuple[CheckReport, Model]:
    """The check report and data model of exactly the tree of *rev*; paths as in the project."""
    inner = project_in_repo(project, repo)
    with snapshot.export(repo, rev) as exported:
        at_rev = Project(exported.root / inner)
        check = run_check(at_rev, repo=repo, release_cache=project.build_dir / "check")
        return check, load_model(at_rev.config_file)
