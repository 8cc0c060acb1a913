"""Credit without trailers: the partner map names the organisation of a browser edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project, git, init_repo
from stratdoc.cli import main
from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.partners import load
from stratdoc.core.project import Project
from stratdoc.history import attribution
from stratdoc.history.attribution import Credit

PARTNERS = """\
# AK_ id -> forge accounts and e-mail domains
[AK_IHK]
accounts = ["ihk-redaktion"]
domains = ["ihk.example.org"]
"""
BRANCH = "ihk-patch-1"


def _commit(root: Path, name: str, email: str, subject: str, trailer: str = "") -> str:
    page = root / "strategy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{subject}\n", encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    message = subject + (f"\n\n{attribution.trailer(trailer)}" if trailer else "")
    git(root, "commit", "-qam", message, env=env)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = copy_project(tmp_path_factory.mktemp("attribution"), "minimal")
    (root / "governance").mkdir(exist_ok=True)
    (root / "governance" / "partners.toml").write_text(PARTNERS, encoding="utf-8")
    init_repo(root)
    git(root, "switch", "-q", "-c", BRANCH)
    shas = [
        # a browser edit: no trailer, the author's address at the chamber
        _commit(root, "Petra Pohl", "p.pohl@wuppertal.ihk.example.org", "Absatz eins"),
        # GitHub's no-reply address names the account
        _commit(root, "ihk", "4711+ihk-redaktion@users.noreply.github.com", "Absatz zwei"),
        # nobody the map knows: listed, not dropped
        _commit(root, "Karl Klein", "karl@mail.example.net", "Absatz drei"),
        _commit(root, "Karl Klein", "karl@mail.example.net", "Absatz vier", "AK_IHK"),
    ]
    return root, shas


def test_credits_by_domain_account_trailer_and_the_rest(repo: tuple[Path, list[str]]) -> None:
    root, shas = repo
    partners = load(Project(root))
    credited = attribution.credits(gitrepo.open_repo(root), "main", BRANCH, partners)
    assert credited == [
        Credit(
            "AK_IHK",
            (
                "Petra Pohl <p.pohl@wuppertal.ihk.example.org>",
                "ihk <4711+ihk-redaktion@users.noreply.github.com>",
                "Karl Klein <karl@mail.example.net>",
            ),
            (shas[0], shas[1], shas[3]),
            ("Domain", "Konto", "Trailer"),
        ),
        Credit(None, ("Karl Klein <karl@mail.example.net>",), (shas[2],), ()),
    ]
    assert [c.label() for c in credited] == [
        "AK_IHK",
        "nicht zugeordnet: Karl Klein <karl@mail.example.net>",
    ]
    # paths: a span that touches no strategy file credits nobody
    assert attribution.credits(gitrepo.open_repo(root), "main", BRANCH, partners, ("x",)) == []


def test_review_credits_the_organisation_of_a_browser_edit(
    repo: tuple[Path, list[str]],
) -> None:
    root, _ = repo
    result = CliRunner().invoke(main, ["-C", str(root), "review", BRANCH])
    assert "Contributed by: AK_IHK (Bergische IHK), not attributed: Karl Klein " in (result.stdout)


def test_a_malformed_map_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", "minimal")
    (root / "governance").mkdir(exist_ok=True)
    (root / "governance" / "partners.toml").write_text('[AK_IHK]\nkonten = ["x"]\n', "utf-8")
    with pytest.raises(EnvironmentProblem, match=r"^governance/partners.toml: \[AK_IHK\] has"):
        load(Project(root))
    assert load(Project(tmp_path)).entries == ()  # no file: an empty map
