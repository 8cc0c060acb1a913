"""`stratdoc release`: an adopted Fassung as a signed tag plus an immutable edition folder.

All or nothing: the edition is built in a temp folder beside its target, renamed into place
in one step, and only then tagged. A run killed before the tag leaves an edition without
tag, which the next run removes; a second run at the same time is refused by a lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.check.run import run_check
from stratdoc.core import gitrepo, partners, snapshot
from stratdoc.core.edition import ADOPTED, Edition
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.core.model import load_model
from stratdoc.core.needs_data import NeedsFile
from stratdoc.core.project import Project, editions_dir
from stratdoc.editions import manifest
from stratdoc.editions.build import FORMATS, build_editions
from stratdoc.governance import release_notes, signing
from stratdoc.governance.adoption import Adoption, decide
from stratdoc.governance.inforce import refuse_version
from stratdoc.governance.tag import bindings, message, payload, tag_name
from stratdoc.history import attribution, synopsis

if TYPE_CHECKING:
    import git

NOTES = "versionshinweise.md"
# Fault injection for the kill -9 tests: the process kills itself at this stage.
STOP_AT = "STRATDOC_RELEASE_STOP_AT"


def _checkpoint(stage: str) -> None:
    if os.environ.get(STOP_AT) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def _lock(repo: git.Repo) -> Iterator[None]:
    """flock: the kernel releases it when the holder dies, so a kill -9 never blocks a rerun.
    It lives in the Git directory all work trees share: tags are shared too."""
    with (Path(repo.common_dir) / "stratdoc-release.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StratdocError(
                _(
                    "another release is running in this repository (a work tree of it); "
                    "wait for it to finish"
                )
            ) from None
        yield


def _refuse_early(repo: git.Repo, version: str) -> None:
    refuse_version(repo, version)
    if gitrepo.current_branch(repo) is None:
        raise StratdocError(_("HEAD is detached; switch to the branch the committee voted on"))
    if gitrepo.is_dirty(repo):
        raise StratdocError(
            _("the working tree has uncommitted changes; commit or stash them first")
        )


def _recover(project: Project, repo: git.Repo, version: str) -> None:
    """Remove what a killed run left: temp folders, and an edition that never got its tag."""
    folder = editions_dir(project)
    for leftover in folder.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if (folder / version).is_dir() and version not in gitrepo.release_tags(repo):
        shutil.rmtree(folder / version)


def _notes(
    repo: git.Repo,
    exported: Project,
    result: Adoption,
    new: NeedsFile,
    previous: str | None,
    comparison: synopsis.Comparison | None,
) -> str:
    """*comparison*: the Synopse against *previous* (None for the first Fassung)."""
    model = comparison.model if comparison else load_model(exported.config_file)
    changes = comparison.needs if comparison else []
    paragraphs = comparison.prose if comparison else []
    since = tag_name(previous) if previous else None
    orgs = attribution.credits(repo, since, "HEAD", partners.load(exported))
    return release_notes.render(result, previous, changes, paragraphs, new, model, orgs)


def _build(
    repo: git.Repo,
    project: Project,
    result: Adoption,
    target: Path,
    formats: tuple[str, ...],
) -> None:
    head = repo.head.commit
    previous = (gitrepo.release_tags(repo) or [None])[-1]
    with snapshot.export(repo, head.hexsha) as exported:
        report = run_check(exported, repo=repo, release_cache=project.build_dir / "check")
        if not report.ok:
            first = next(f for f in report.findings if f.severity == "error")
            raise StratdocError(
                _("check fails, nothing released: {finding}").format(finding=first.as_text())
            )
        comparison = None
        if previous:
            comparison = synopsis.add_annex(
                exported,
                repo,
                tag_name(previous),
                head.hexsha,
                previous,
                result.version,
                project.build_dir / snapshot.NEEDS_CACHE,
            )
        edition = Edition(result.version, ADOPTED, result.date, head.hexsha[:7])
        outputs = build_editions(exported, target, edition, formats)
        if problems := [f for o in outputs for f in o.findings]:
            raise StratdocError(
                _("edition build failed, nothing released: {finding}").format(
                    finding=problems[0].as_text()
                )
            )
        new = NeedsFile.load(target / "html" / "needs.json")
        shutil.copyfile(target / "html" / "needs.json", target / "needs.json")
        notes = _notes(repo, exported, result, new, previous, comparison)
        (target / NOTES).write_text(notes, encoding="utf-8")


def release(project: Project, version: str, formats: tuple[str, ...] = FORMATS) -> Path:
    """Refuse with one line, or tag v<version> (signed) and return its edition folder."""
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{root}: not a Git repository; releases are tags").format(root=project.root)
        )
    _refuse_early(repo, version)
    with _lock(repo):
        refuse_version(repo, version)  # another work tree may have released it meanwhile
        _recover(project, repo, version)
        target = editions_dir(project) / version
        if target.exists():
            raise StratdocError(
                _("{edition} exists; editions are never overwritten").format(
                    edition=project.relative(target)
                )
            )
        result = decide(repo, "HEAD", version)
        if result.refusal:
            raise StratdocError(
                _("cannot release {version}: {refusal}").format(
                    version=version, refusal=result.refusal
                )
            )
        signing.require(
            repo,
            result.force.governance.signers(),
            _("a key of the roster in force ({source}); a release tag is signed").format(
                source=result.force.source
            ),
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=target.parent))
        try:
            _build(repo, project, result, tmp, formats)
            head = repo.head.commit
            data = payload(result)
            manifest.write(tmp, {**data, "tag": tag_name(version), "commit": head.hexsha})
            data.update(bindings(result, manifest.digest(tmp)))
            _checkpoint("built")
            tmp.rename(target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _checkpoint("moved")
        gitrepo.create_signed_tag(repo, tag_name(version), head.hexsha, message(result, data))
    return target
