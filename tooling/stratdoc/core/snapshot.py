"""A revision's files, exported on their own so they can be built without touching the work tree."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.core.needs_data import NeedsFile
from stratdoc.core.project import Origin, Project
from stratdoc.core.sphinx_run import run_builder

if TYPE_CHECKING:
    import git

NEEDS_CACHE = "needs-cache"  # folder below _build/ for needs_at's cache


def resolve(repo: git.Repo, rev: str) -> git.Commit:
    try:
        return repo.commit(rev)
    except (gitrepo.BadName, ValueError) as exc:
        raise StratdocError(
            _("{rev}: unknown revision; name a commit, branch or tag").format(rev=rev)
        ) from exc


def write_tree(repo: git.Repo, commit: str, dest: Path) -> None:
    """Every file of *commit* below *dest*, byte for byte as committed.

    Not `git archive`: it applies the tree's .gitattributes (export-ignore, export-subst),
    which a commit after the vote could use to change an edition without changing the
    fingerprint. Symbolic links that would leave *dest* are not written.
    """
    out = repo.git.ls_tree("-r", "-z", "--full-tree", commit)
    entries = []
    for entry in out.split("\x00"):
        if entry:
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind == "blob":
                entries.append((mode, sha, path))
    contents = gitrepo.read_blobs(repo, sorted({sha for _m, sha, _p in entries}))
    root = dest.resolve()
    for mode, sha, path in entries:
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            link = contents[sha].decode("utf-8", "replace")
            if (target.parent / link).resolve().is_relative_to(root):
                target.symlink_to(link)
            continue
        target.write_bytes(contents[sha])
        if mode == "100755":
            target.chmod(0o755)


@contextmanager
def export(repo: git.Repo, rev: str) -> Iterator[Project]:
    """The tree of *rev* in a temp dir (no worktree bookkeeping, no export attributes)."""
    commit = resolve(repo, rev)
    tmp = Path(tempfile.mkdtemp(prefix="stratdoc-rev-"))
    try:
        write_tree(repo, commit.hexsha, tmp)
        yield Project(tmp, Origin(Path(repo.git_dir), commit.hexsha))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def needs_at(repo: git.Repo, rev: str, cache: Path | None = None) -> NeedsFile:
    """needs.json of *rev*, from a fresh needs build of its exported tree.

    With *cache*, kept there per commit: a commit's tree never changes.
    """
    commit = resolve(repo, rev).hexsha
    kept = cache / f"needs-{commit}.json" if cache else None
    if kept and kept.is_file():
        return NeedsFile.load(kept)
    with export(repo, rev) as project, tempfile.TemporaryDirectory() as out:
        result = run_builder(project, "needs", Path(out), doctreedir=Path(out) / ".doctrees")
        if not result.needs_json.is_file():
            first = result.messages[0].text if result.messages else _("no needs.json written")
            raise StratdocError(
                _("{rev}: cannot build its needs: {problem}").format(rev=rev, problem=first)
            )
        if kept:
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(result.needs_json, kept)
        return NeedsFile.load(result.needs_json)
