"""The GitLab pipelines run for real: gitlab-ci-local (npm, installed by `make test`) runs
.gitlab-ci.yml with the shell executor, once as a merge request (jobs check and review)
and once for a signed release tag (jobs verify and pages), for a repository made by
`stratdoc init --forge gitlab` and for this repository's own file. The jobs of one
repository run one after the other in its folder, so they share one .venv; stratdoc comes
from this checkout, its dependencies from PyPI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    GREMIUM,
    REPO,
    copy_project,
    git,
    keys,
    public,
    require_tool,
    sign_as,
    write_roster,
)
from stratdoc import __version__
from stratdoc.cli import main
from stratdoc.core.project import Project
from stratdoc.governance.release import release

GITLAB_CI_LOCAL = REPO / ".venv" / "node" / "node_modules" / ".bin" / "gitlab-ci-local"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Projektbüro",
    "GIT_AUTHOR_EMAIL": "buero@example.org",
    "GIT_COMMITTER_NAME": "Projektbüro",
    "GIT_COMMITTER_EMAIL": "buero@example.org",
}
PAGES_URL = "https://netz.pages.example.org/strategie"
PLACEHOLDER = re.compile(r"ssh-ed25519 \S+ PLATZHALTER-([a-z0-9-]+)-ersetzen")


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tool(f"gitlab-ci-local ({GITLAB_CI_LOCAL}, from npm)", GITLAB_CI_LOCAL.is_file())
    require_tool(
        "rsync (Debian package rsync; gitlab-ci-local copies with it)", bool(shutil.which("rsync"))
    )


def stratdoc(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output


def pipeline(root: Path, *jobs: str, **variables: str) -> str:
    """gitlab-ci-local's run of *jobs* in *root* (shell executor, one job at a time)."""
    args = [str(GITLAB_CI_LOCAL), "--force-shell-executor", "--concurrency", "1"]
    args += [a for k, v in variables.items() for a in ("--variable", f"{k}={v}")]
    env = {**os.environ, **IDENTITY, "GIT_CONFIG_GLOBAL": os.devnull}
    env.pop("STRATDOC_LANGUAGE")  # the jobs say which language they want
    out = subprocess.run(
        [*args, *jobs], cwd=root, env=env, capture_output=True, text=True, timeout=900
    )
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-3000:]
    for job in jobs:
        assert re.search(rf"PASS\s+{job}\b", out.stdout), out.stdout[-3000:]
    return out.stdout


def publish(root: Path, origin: Path) -> None:
    """A bare repository as `origin`, with main and the tags, as the forge holds them."""
    git(origin.parent, "init", "-q", "--bare", str(origin))
    git(root, "remote", "remove", "origin") if "origin" in git(root, "remote") else None
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "-q", "origin", "main", "--tags")


def adopt_and_release(root: Path, seats: list[str]) -> None:
    """The trust root pinned, a call by the office, two approving votes, the signed tag v1.0
    (HTML edition)."""
    sign_as(root, keys()["office"])
    stratdoc(root, "pin")
    stratdoc(root, "call", "1.0", "--procedure", "sitzung", "--date", "2026-12-10")
    for seat, key in zip(seats[:2], ("ihk", "buw"), strict=True):
        sign_as(root, keys()[key])
        stratdoc(root, "vote", "1.0", "--member", seat, "--vote", "zustimmung")
    sign_as(root, keys()["office"])
    release(Project(root), "1.0", formats=("html",))


def propose(root: Path, page: str, old: str, new: str) -> None:
    git(root, "checkout", "-q", "-b", "vorschlag/text")
    path = root / "strategy" / page
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(root, "commit", "-qam", "Text geschärft")


def merge_request_then_tag(root: Path) -> dict[str, object]:
    """The merge request's jobs on the proposal, then the tag's jobs on v1.0; the artifacts
    each wrote, read right after its run."""
    pipeline(
        root,
        "check",
        "review",
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
    )
    found: dict[str, object] = {
        "report": json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8")),
        "review": (root / "review.md").read_text(encoding="utf-8"),
    }
    branch = git(root, "branch", "--show-current")
    git(root, "checkout", "-q", "v1.0")
    pipeline(root, "verify", "pages", CI_COMMIT_TAG="v1.0", CI_PAGES_URL=PAGES_URL)
    found["index"] = (root / "public" / "index.html").read_text(encoding="utf-8")
    found["switcher"] = json.loads((root / "public" / "switcher.json").read_text(encoding="utf-8"))
    git(root, "checkout", "-q", branch)
    return found


def artifact_problems(found: dict) -> list[str]:
    """What the jobs' artifacts lack: a clean Code Quality report, a passed review against
    origin/main, a Pages site with Fassung 1.0 whose switcher points at CI_PAGES_URL."""
    review = found["review"]
    checks = {
        "Code Quality report not empty": found["report"] == [],
        "review.md does not say it passed": "**Prüfung bestanden**" in review,
        "review.md does not name origin/main": "gegenüber `origin/main`" in review,
        "public/index.html lacks 1.0": "1.0" in found["index"],
        "switcher.json lacks CI_PAGES_URL": any(
            v["url"].startswith(PAGES_URL) for v in found["switcher"]
        ),
    }
    return [problem for problem, ok in checks.items() if not ok]


def test_the_pipeline_of_a_repository_made_by_init(tmp_path: Path) -> None:
    root = tmp_path / "bsp"
    forge = ["--forge", "gitlab", "https://gitlab.example.org", "netz/strategie"]
    args = ["init", str(root), "--name", "Netz Beispiel", "--short-name", "BSP", *forge]
    result = CliRunner(env={**IDENTITY, "GIT_CONFIG_GLOBAL": os.devnull}).invoke(
        main, [*args, "--requirement", f"stratdoc=={__version__}"]
    )
    assert result.exit_code == 0, result.output
    git(root, "config", "user.name", "Projektbüro")
    git(root, "config", "user.email", "buero@example.org")
    # for this test only: stratdoc from this checkout, and real keys for the seats
    requirements = root / "requirements.txt"
    lines = requirements.read_text(encoding="utf-8").splitlines()
    requirements.write_text("\n".join([*lines[:-1], str(REPO)]) + "\n", encoding="utf-8")
    roster = root / "governance" / "roster.toml"
    seats = PLACEHOLDER.findall(roster.read_text(encoding="utf-8"))
    by_seat = dict(zip(seats, ("ihk", "buw", "igm", "office"), strict=True))
    roster.write_text(
        PLACEHOLDER.sub(
            lambda m: public(keys()[by_seat[m.group(1)]]), roster.read_text(encoding="utf-8")
        ),
        encoding="utf-8",
    )
    git(root, "commit", "-q", "--amend", "-a", "--no-edit")
    adopt_and_release(root, seats)
    publish(root, tmp_path / "origin.git")

    propose(root, "einleitung.md", "braucht:", "braucht, und zwar:")
    assert artifact_problems(merge_request_then_tag(root)) == []
    assert (root / "_build" / "pdf" / "bsp-strategie-entwurf.pdf").is_file()


def test_the_pipeline_of_this_repository(tmp_path: Path) -> None:
    """This repository's .gitlab-ci.yml, Makefile and lock on a small strategy (the
    shipped one would cost minutes per job) with a roster of test keys."""
    root = tmp_path / "repo"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    for rel in filter(None, listed.stdout.decode().split("\0")):
        if rel.startswith(("strategy/", "governance/", "tests/", "benchmarks/")):
            continue
        if (REPO / rel).exists() or (REPO / rel).is_symlink():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, root / rel, follow_symlinks=False)
    copy_project(root, "gremium")
    write_roster(root, {s: [keys()[s]] for s in GREMIUM}, [keys()["office"]])
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "config", "user.name", "Projektbüro")
    git(root, "config", "user.email", "buero@example.org")
    git(root, "commit", "-q", "-m", "Erste Fassung")
    adopt_and_release(root, list(GREMIUM))
    publish(root, tmp_path / "origin.git")

    propose(root, "index.md", "Fachkräfte", "Fachkräfte und Auszubildende")
    assert artifact_problems(merge_request_then_tag(root)) == []
