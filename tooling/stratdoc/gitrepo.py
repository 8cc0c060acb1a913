"""The one place that talks to Git (through GitPython)."""

from __future__ import annotations

from pathlib import Path

import git


def open_repo(path: Path) -> git.Repo | None:
    """The Git repository containing *path*, or None outside Git."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def head_short(repo: git.Repo | None) -> str:
    """Short hash of HEAD, "" when there is no repository or no commit yet."""
    if repo is None:
        return ""
    try:
        return repo.git.rev_parse("--short=7", "HEAD")
    except git.GitCommandError:
        return ""


def is_dirty(repo: git.Repo | None, paths: list[str] | None = None) -> bool:
    """Uncommitted changes (tracked or untracked) below *paths* of the work tree."""
    if repo is None:
        return False
    return bool(repo.git.status("--porcelain", "--", *(paths or [])).strip())


def user_identity(repo: git.Repo) -> str:
    """The configured "Name <email>" that commits in *repo* are authored by."""
    reader = repo.config_reader()
    name = reader.get_value("user", "name", "")
    email = reader.get_value("user", "email", "")
    return f"{name} <{email}>"


def commit_paths(repo: git.Repo, paths: list[str], message: str) -> str:
    """Commit exactly *paths* (nothing else staged) with the configured identity; the hash."""
    repo.git.add("--", *paths)
    repo.git.commit("-q", "-m", message, "--", *paths)
    return repo.head.commit.hexsha


def release_tags(repo: git.Repo) -> list[str]:
    """Versions of every v<VERSION> tag, oldest first (1.10 after 1.9)."""
    versions = [t.name[1:] for t in repo.tags if t.name.startswith("v")]
    valid = [v for v in versions if all(p.isdigit() for p in v.split("."))]
    return sorted(valid, key=lambda v: tuple(int(p) for p in v.split(".")))
