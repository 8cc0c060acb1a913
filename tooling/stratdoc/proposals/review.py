"""What a branch changes since its merge-base with the base branch, and whether it passes check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from stratdoc.check.revision import check_revision, strategy_in_repo
from stratdoc.check.run import CheckReport
from stratdoc.core import gitrepo, snapshot
from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _
from stratdoc.core.model import Model
from stratdoc.core.partners import load as load_partners
from stratdoc.core.project import Project
from stratdoc.history import attribution, diff, prose
from stratdoc.history.diff import NeedChange
from stratdoc.history.prose import ProseChange

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class Review:
    rev: str
    base: str
    merge_base: str
    commits: int
    partners: list[tuple[str, str]]  # (AK_ id, title at rev; "" when unknown)
    unattributed: list[str]  # "Name <e-mail>" of commits no trailer or partner map credits
    changes: list[NeedChange]
    prose: list[ProseChange]  # paragraphs of running text outside needs
    files: list[tuple[str, int, int]]  # (path, lines added, lines deleted)
    outside: list[str]  # changed paths outside strategy/
    report: CheckReport
    model: Model


def _commit_of(repo: git.Repo, rev: str, what: str) -> str:
    try:
        return snapshot.resolve(repo, rev).hexsha
    except StratdocError as exc:
        raise EnvironmentProblem(
            _("{what} {rev}: unknown revision; name a branch, tag or commit").format(
                what=what, rev=rev
            )
        ) from exc


def review(project: Project, repo: git.Repo, rev: str, base: str = "main") -> Review:
    head = _commit_of(repo, rev, "REV")
    if not gitrepo.has_commit(repo, base) and gitrepo.has_commit(repo, f"origin/{base}"):
        base = f"origin/{base}"  # a fresh clone has main only as origin/main
    base_commit = _commit_of(repo, base, "--base")
    fork = gitrepo.merge_base(repo, base_commit, head)
    if fork is None:
        raise EnvironmentProblem(
            _("{rev} and {base} share no history; review against another --base").format(
                rev=rev, base=base
            )
        )
    report, model = check_revision(project, repo, head)
    changes: list[NeedChange] = []
    titles: dict[str, str] = {}
    if report.needs is not None:
        changes = diff.compare(snapshot.needs_at(repo, fork), report.needs, model)
        titles = {n["id"]: n.get("title", "") for n in report.needs.of_type("akteur")}
    credited = attribution.credits(repo, fork, head, load_partners(project), paths=())
    partners = [
        (c.organisation, titles.get(c.organisation, "")) for c in credited if c.organisation
    ]
    unattributed = [a for c in credited if not c.organisation for a in c.authors]
    with snapshot.export(repo, fork) as old, snapshot.export(repo, head) as new:
        paragraphs = prose.compare_trees(old.strategy_dir, new.strategy_dir)
    files = gitrepo.changed_files(repo, fork, head)
    strategy = strategy_in_repo(project, repo)
    outside = [path for path, _, _ in files if not PurePosixPath(path).is_relative_to(strategy)]
    return Review(
        rev=rev,
        base=base,
        merge_base=fork,
        commits=gitrepo.commit_count(repo, fork, head),
        partners=partners,
        unattributed=unattributed,
        changes=changes,
        prose=paragraphs,
        files=files,
        outside=outside,
        report=report,
        model=model,
    )
