"""Vote records in a real repo: only a record committed by the member's allowed identity counts."""

from __future__ import annotations

from pathlib import Path

import git as gitpython
from click.testing import CliRunner
from conftest import git, init_repo
from stratdoc.cli import main
from stratdoc.core.fingerprint import fingerprint
from stratdoc.governance.roster import Member
from stratdoc.governance.votes import counted, records

MEMBERS = {"buw": Member("buw", "AK_BUW", ("Vertretung BUW <buw@example.org>",))}
RECORD = (
    'fassung = "1.0"\nmember = "buw"\nvote = "zustimmung"\nfingerprint = "{fp}"\n'
    'commit = "abc"\ndate = "2026-11-22"\n'
)


def add(repo: Path, name: str, fp: str, who: tuple[str, str]) -> None:
    path = repo / "governance" / "votes" / "1.0" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RECORD.format(fp=fp), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}", "commit", "-qm", name)


def test_forged_and_stale_votes_do_not_count(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    (repo / "README.md").write_text("x", encoding="utf-8")
    init_repo(repo)
    add(repo, "20261122T100000-buw.toml", "fp1", ("Mallory", "mallory@example.org"))
    add(repo, "20261122T100100-buw.toml", "fp0", ("Vertretung BUW", "buw@example.org"))
    r = gitpython.Repo(repo)
    found = records(r, "HEAD", "1.0")
    assert len(found) == 2
    assert counted(found, MEMBERS, "1.0", "fp1") == {}
    assert set(counted(found, MEMBERS, "1.0", "fp0")) == {"buw"}


def test_vote_command_commits_with_member_identity_and_refuses_others(
    project_factory, tmp_path: Path
) -> None:
    root = project_factory("minimal", repo=True)
    gov = root / "governance"
    gov.mkdir()
    (gov / "roster.toml").write_text(
        '[[member]]\nid = "ihk"\norganisation = "AK_IHK"\n'
        'identities = ["Vertretung IHK <ihk@example.org>"]\n',
        encoding="utf-8",
    )
    (gov / "rules.toml").write_text(
        'quorum = 1\nmajority = "simple"\ncirculation = false\n', encoding="utf-8"
    )
    git(root, "add", ".")
    git(root, "commit", "-qm", "Gremium")
    args = ["-C", str(root), "vote", "1.0", "--member", "ihk", "--vote", "zustimmung"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "not allowed" in refused.output
    git(root, "config", "user.name", "Vertretung IHK")
    git(root, "config", "user.email", "ihk@example.org")
    done = CliRunner().invoke(main, [*args, "--comment", 'sagt "ja"'])
    assert done.exit_code == 0, done.output
    r = gitpython.Repo(root)
    found = records(r, "HEAD", "1.0")
    members = {"ihk": Member("ihk", "AK_IHK", ("Vertretung IHK <ihk@example.org>",))}
    assert set(counted(found, members, "1.0", fingerprint(r))) == {"ihk"}
    assert not r.is_dirty(untracked_files=True)


def test_status_shows_counted_vote_and_what_is_missing(project_factory) -> None:
    root = project_factory("minimal", repo=True)
    gov = root / "governance"
    gov.mkdir()
    (gov / "roster.toml").write_text(
        '[[member]]\nid = "ihk"\norganisation = "AK_IHK"\n'
        'identities = ["Vertretung IHK <ihk@example.org>"]\n',
        encoding="utf-8",
    )
    (gov / "rules.toml").write_text('quorum = 1\nmajority = "simple"\ncirculation = false\n')
    git(root, "add", ".")
    git(root, "commit", "-qm", "Gremium")
    before = CliRunner().invoke(main, ["-C", str(root), "status"])
    assert "Fassung 1.0: Zustimmung 0" in before.output and "not voted: ihk" in before.output
    assert "release: not yet, no quorum: 0 of 1 required votes cast" in before.output
    git(root, "config", "user.name", "Vertretung IHK")
    git(root, "config", "user.email", "ihk@example.org")
    CliRunner().invoke(
        main, ["-C", str(root), "vote", "1.0", "--member", "ihk", "--vote", "zustimmung"]
    )
    after = CliRunner().invoke(main, ["-C", str(root), "status"])
    assert "Fassung 1.0: Zustimmung 1" in after.output and "release: possible" in after.output
