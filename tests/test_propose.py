"""`stratdoc propose` on real repositories: the branch it makes; refusals change nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner
from conftest import git
from stratdoc.cli import main
from stratdoc.history import attribution
from stratdoc.proposals.propose import slug

PARTNER_NAME, PARTNER_EMAIL = "IHK Redaktion", "redaktion@ihk.example.org"
NEW_ACTOR = (
    "\n```{akteur} Agentur für Arbeit\n:id: AK_AA\n:art: Agentur für Arbeit\n"
    ":rolle: Netzwerkpartner\n```\n"
)


def propose(project: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(project), "propose", *args])


def state(project: Path) -> dict[str, str]:
    """Everything a refusal must leave alone: refs, HEAD, index, status and the page's bytes."""
    return {
        "refs": git(project, "for-each-ref", "--format=%(refname) %(objectname)"),
        "head": git(project, "rev-parse", "HEAD"),
        "symbolic": git(project, "rev-parse", "--symbolic-full-name", "HEAD"),
        "index": git(project, "ls-files", "--stage"),
        "status": git(project, "status", "--porcelain"),
        "page": (project / "strategy" / "index.md").read_text(encoding="utf-8"),
    }


def edit(project: Path, old: str, new: str, append: str = "") -> None:
    page = project / "strategy" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new) + append, encoding="utf-8")


def as_partner(project: Path) -> None:
    git(project, "config", "user.name", PARTNER_NAME)
    git(project, "config", "user.email", PARTNER_EMAIL)


def test_slug_is_ascii_from_the_subject() -> None:
    assert slug("Zielwert für Schulen erhöhen\n\nWeil mehr Schulen mitmachen.") == (
        "zielwert-fuer-schulen-erhoehen"
    )
    assert len(slug("Maßnahme " * 20)) <= 48


def test_propose_puts_the_staged_change_on_its_own_branch(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    main_before = git(project, "rev-parse", "main")
    as_partner(project)
    # the partner proposes in the name of an actor the same change adds
    edit(project, ":zielwert: 20", ":zielwert: 25", NEW_ACTOR)
    git(project, "add", "strategy/index.md")
    page_before = (project / "strategy" / "index.md").read_text(encoding="utf-8")

    result = propose(project, "--partner", "AK_AA", "--message", "Zielwert für Schulen erhöhen")

    assert result.exit_code == 0, result.output
    branch = "vorschlag/zielwert-fuer-schulen-erhoehen"
    assert branch in result.stdout and f"stratdoc review {branch}" in result.stdout
    assert git(project, "rev-list", f"main..{branch}").count("\n") == 0
    assert git(project, "rev-parse", f"{branch}~1") == main_before
    author = git(project, "log", "-1", "--format=%an <%ae>", branch)
    assert author == f"{PARTNER_NAME} <{PARTNER_EMAIL}>"
    assert attribution.contributors(gitpython.Repo(project), "main", branch) == ["AK_AA"]
    assert git(project, "log", "-1", "--format=%s", branch) == "Zielwert für Schulen erhöhen"
    assert git(project, "show", f"{branch}:strategy/index.md") == page_before.strip()
    # the partner's own branch: same HEAD, same files, change no longer staged
    assert git(project, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(project, "rev-parse", "HEAD") == main_before
    assert (project / "strategy" / "index.md").read_text(encoding="utf-8") == page_before
    assert git(project, "diff", "--cached", "--name-only") == ""
    assert git(project, "diff", "--name-only") == "strategy/index.md"


def _nothing_staged(project: Path) -> list[str]:
    edit(project, ":zielwert: 20", ":zielwert: 25")
    return ["--partner", "AK_IHK", "-m", "Zielwert"]


def _outside_strategy(project: Path) -> list[str]:
    edit(project, ":zielwert: 20", ":zielwert: 25")
    (project / "conf.py").write_text("# anders\n", encoding="utf-8")
    git(project, "add", "strategy", "conf.py")
    return ["--partner", "AK_IHK", "-m", "Zielwert"]


def _branch_exists(project: Path) -> list[str]:
    git(project, "branch", "vorschlag/zielwert")
    edit(project, ":zielwert: 20", ":zielwert: 25")
    git(project, "add", "strategy")
    return ["--partner", "AK_IHK", "-m", "Zielwert"]


def _detached(project: Path) -> list[str]:
    git(project, "switch", "-q", "--detach")
    edit(project, ":zielwert: 20", ":zielwert: 25")
    git(project, "add", "strategy")
    return ["--partner", "AK_IHK", "-m", "Zielwert"]


def _unknown_partner(project: Path) -> list[str]:
    edit(project, ":zielwert: 20", ":zielwert: 25")
    git(project, "add", "strategy")
    return ["--partner", "AK_GIBTSNICHT", "-m", "Zielwert"]


def _not_an_actor_id(project: Path) -> list[str]:
    edit(project, ":zielwert: 20", ":zielwert: 25")
    git(project, "add", "strategy")
    return ["--partner", "MA_SCHULE", "-m", "Zielwert"]


REFUSALS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "nothing-staged": (_nothing_staged, "nothing staged"),
    "outside-strategy": (_outside_strategy, "conf.py: staged outside strategy/"),
    "branch-exists": (_branch_exists, "branch vorschlag/zielwert already exists"),
    "detached-head": (_detached, "HEAD is detached"),
    "unknown-partner": (_unknown_partner, "AK_GIBTSNICHT: not an actor (akteur)"),
    "not-an-actor-id": (_not_an_actor_id, "MA_SCHULE: not an actor id"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_refusal_changes_nothing(project_factory, case: str) -> None:
    project = project_factory("minimal", repo=True)
    setup, expected = REFUSALS[case]
    args = setup(project)
    before = state(project)

    result = propose(project, *args)

    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert state(project) == before


def test_failing_check_is_refused_with_path_and_line(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    edit(project, ":federfuehrung: AK_IHK", ":federfuehrung: AK_NIX")
    git(project, "add", "strategy")
    lines = (project / "strategy" / "index.md").read_text(encoding="utf-8").splitlines()
    line = lines.index(":federfuehrung: AK_NIX") + 1
    before = state(project)

    result = propose(project, "--partner", "AK_IHK", "-m", "Federführung ändern")

    assert result.exit_code == 1
    assert f"strategy/index.md:{line}: error[link-unknown-target]" in result.stdout
    assert "AK_NIX" in result.stdout
    assert "refused: 1 error, " in result.stderr
    assert state(project) == before


def test_check_sees_the_staged_content_not_the_working_file(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    edit(project, ":zielwert: 20", ":zielwert: 25")
    git(project, "add", "strategy")
    staged = (project / "strategy" / "index.md").read_text(encoding="utf-8")
    edit(project, ":federfuehrung: AK_IHK", ":federfuehrung: AK_NIX")  # unstaged, broken
    working = (project / "strategy" / "index.md").read_text(encoding="utf-8")

    result = propose(project, "--partner", "AK_IHK", "-m", "Zielwert", "--branch", "ziel")

    assert result.exit_code == 0, result.output
    assert git(project, "show", "ziel:strategy/index.md") == staged.strip()
    assert (project / "strategy" / "index.md").read_text(encoding="utf-8") == working
