"""A partner's staged change as one attributed commit on its own branch, checked before it lands.

The commit is made from the index with commit-tree and the branch with update-ref, so the
partner's current branch, HEAD and working files are never touched. The commit object exists
before the check runs (the check builds exactly that commit's tree); it only gets a branch if
the check passes, so a refusal leaves no ref, index or file changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from stratdoc.check.revision import check_revision, strategy_in_repo
from stratdoc.check.run import CheckReport
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.findings import Finding
from stratdoc.core.i18n import _
from stratdoc.core.project import Project
from stratdoc.history import attribution

if TYPE_CHECKING:
    import git

BRANCH_PREFIX = "vorschlag/"
_SLUG_LENGTH = 48
_ACTOR_ID = re.compile(r"AK_[A-Z0-9]+(_[A-Z0-9]+)*")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class CheckFailed(StratdocError):
    """The proposed content does not pass `stratdoc check`; carries the findings."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(_("the proposed change does not pass the check; fix it and propose again"))
        self.findings = findings


@dataclass(frozen=True)
class Proposal:
    branch: str
    commit: str
    partner: str
    author: str
    paths: list[str]
    report: CheckReport


def slug(text: str) -> str:
    """ASCII branch-name part of a commit message's subject: "Schulen öffnen" -> schulen-oeffnen."""
    subject = text.strip().splitlines()[0] if text.strip() else ""
    ascii_text = unicodedata.normalize("NFKD", subject.lower().translate(_UMLAUTS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > _SLUG_LENGTH:
            break
        out = candidate
    return out or (words[0][:_SLUG_LENGTH] if words else "aenderung")


def default_branch(message: str) -> str:
    return BRANCH_PREFIX + slug(message)


def commit_message(message: str, partner: str) -> str:
    return f"{message.strip()}\n\n{attribution.trailer(partner)}\n"


def propose(
    project: Project, repo: git.Repo, partner: str, message: str, branch: str | None = None
) -> Proposal:
    """Commit the staged change on a new branch; refuses with StratdocError or CheckFailed."""
    if not message.strip():
        raise StratdocError(_("--message is empty; say in one line what the change does"))
    if not _ACTOR_ID.fullmatch(partner):
        raise StratdocError(
            _("--partner {partner}: not an actor id; name it like AK_IHK").format(partner=partner)
        )
    name = branch or default_branch(message)
    paths = _validate_repository(project, repo, name)
    author = gitrepo.author_identity(repo)
    if author is None:
        raise StratdocError(
            _("no git identity configured; run git config user.name and git config user.email")
        )
    try:
        tree = gitrepo.index_tree(repo)
    except gitrepo.GitCommandError as exc:
        raise StratdocError(_("the index has unresolved conflicts; resolve them first")) from exc
    commit = gitrepo.create_commit(repo, tree, "HEAD", commit_message(message, partner))
    report, _model = check_revision(project, repo, commit)
    actors = {n["id"] for n in report.needs.of_type("akteur")} if report.needs else set()
    if report.needs is not None and partner not in actors:
        known = ", ".join(sorted(actors)) or "—"
        raise StratdocError(
            _("--partner {partner}: not an actor (akteur) of the strategy; known: {known}").format(
                partner=partner, known=known
            )
        )
    if not report.ok:
        raise CheckFailed(report.findings)
    try:
        gitrepo.create_branch(repo, name, commit)
    except gitrepo.GitCommandError as exc:
        raise StratdocError(
            _("branch {branch} already exists; choose another with --branch").format(branch=name)
        ) from exc
    gitrepo.unstage(repo, paths)
    return Proposal(name, commit, partner, author, paths, report)


def _validate_repository(project: Project, repo: git.Repo, name: str) -> list[str]:
    """Every refusal that needs no build; returns the staged paths."""
    if gitrepo.current_branch(repo) is None:
        raise StratdocError(
            _("HEAD is detached; switch to the branch you work on (git switch main)")
        )
    if not gitrepo.has_commit(repo):
        raise StratdocError(_("the repository has no commit yet; a proposal needs a base commit"))
    if not gitrepo.valid_branch_name(repo, name):
        raise StratdocError(
            _("{branch}: not a valid branch name; choose another with --branch").format(branch=name)
        )
    if gitrepo.branch_exists(repo, name):
        raise StratdocError(
            _("branch {branch} already exists; choose another with --branch").format(branch=name)
        )
    paths = gitrepo.staged_paths(repo)
    if not paths:
        raise StratdocError(
            _("nothing staged; stage your change with git add strategy/<file> first")
        )
    allowed = strategy_in_repo(project, repo)
    outside = [p for p in paths if not PurePosixPath(p).is_relative_to(allowed)]
    if outside:
        raise StratdocError(
            _(
                "{path}: staged outside {allowed}/; partners change only {allowed}/ "
                "(unstage it with git restore --staged {path})"
            ).format(path=outside[0], allowed=allowed)
        )
    return paths
