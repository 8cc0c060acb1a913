"""Vote records in a real repo: only a record signed with a key of the member's seat counts."""

from __future__ import annotations

from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner
from conftest import git, gremium_repo, keys, sign_as
from stratdoc.cli import main
from stratdoc.governance.adoption import decide


def stratdoc(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


@pytest.fixture
def called(tmp_path: Path) -> Path:
    """test-gremium with real keys and a Sitzung called for 1.0 by the project office."""
    root = gremium_repo(tmp_path / "repo")
    done = stratdoc(root, "call", "1.0", "--procedure", "sitzung", "--date", "2026-12-10")
    assert done.exit_code == 0, done.output
    return root


def hand_made(root: Path, member: str, text: str, *sign: str) -> str:
    """Commit a vote record of *member* by hand (signed with `-S`); the commit's hash."""
    path = root / "governance" / "votes" / "1.0" / f"29991231T000000000000-{member}.toml"
    path.write_text(text.replace('member = "ihk"', f'member = "{member}"'), encoding="utf-8")
    git(root, "add", str(path))
    git(root, "commit", "-q", *sign, "-m", f"Stimme {member}")
    return git(root, "rev-parse", "HEAD")


def test_forged_and_stale_votes_do_not_count(called: Path) -> None:
    sign_as(called, keys()["ihk"])
    assert stratdoc(called, "vote", "1.0", "--member", "ihk", "--vote", "zustimmung").exit_code == 0
    genuine = next((called / "governance" / "votes" / "1.0").glob("*-ihk.toml"))
    text = genuine.read_text(encoding="utf-8")
    sign_as(called, keys()["evil"])
    forged = hand_made(called, "igm", text, "-S")
    sign_as(called, keys()["buw"])
    fp = text.split('fingerprint = "')[1][:64]
    stale = hand_made(called, "buw", text.replace(fp, "0" * 64), "-S")
    result = decide(gitpython.Repo(called), "HEAD", "1.0")
    assert set(result.counted) == {"ihk"}
    reasons = {v.commit: v.reason for v in result.verdicts}
    assert reasons[forged] == (
        f"unknown key: commit {forged[:7]} is signed by no key of the roster"
    )
    assert reasons[stale] == f"old fingerprint: cast for {'0' * 12}, the content is {fp[:12]}"
    assert result.refusal == "no quorum: 1 of 2 required votes cast"


def test_vote_command_signs_with_the_seat_key_and_refuses_others(called: Path) -> None:
    args = ["vote", "1.0", "--member", "ihk", "--vote", "zustimmung"]
    head = git(called, "rev-parse", "HEAD")
    for setup, reason in (
        (lambda: git(called, "config", "--unset", "user.signingkey"), "signing is not configured"),
        (lambda: sign_as(called, keys()["buw"]), "is not a key of seat 'ihk'"),
    ):
        setup()
        refused = stratdoc(called, *args)
        assert refused.exit_code == 1 and reason in refused.output
        assert git(called, "rev-parse", "HEAD") == head
        assert git(called, "status", "--porcelain") == ""
    sign_as(called, keys()["ihk"])
    done = stratdoc(called, *args, "--comment", 'sagt "ja"')
    assert done.exit_code == 0, done.output
    assert "-----BEGIN SSH SIGNATURE-----" in git(called, "cat-file", "commit", "HEAD")
    record = next((called / "governance" / "votes" / "1.0").glob("*-ihk.toml"))
    assert 'comment = "sagt \\"ja\\""' in record.read_text(encoding="utf-8")
    result = decide(gitpython.Repo(called), "HEAD", "1.0")
    assert set(result.counted) == {"ihk"} and result.counted["ihk"].commit == git(
        called, "rev-parse", "HEAD"
    )
    assert git(called, "status", "--porcelain") == ""


def test_status_shows_counted_vote_and_what_is_missing(called: Path) -> None:
    call = git(called, "rev-parse", "--short=7", "HEAD")
    before = stratdoc(called, "status").output
    assert f"Fassung 1.0: Sitzung on 2026-12-10 (call {call})" in before
    assert "0 in favour" in before and "not voted: buw, igm, ihk" in before
    assert "release: not yet, no quorum: 0 of 2 required votes cast" in before
    for member in ("ihk", "buw"):
        sign_as(called, keys()[member])
        voted = stratdoc(called, "vote", "1.0", "--member", member, "--vote", "zustimmung")
        assert voted.exit_code == 0, voted.output
    after = stratdoc(called, "status").output
    assert "2 in favour, 0 against, 0 abstaining (2 of 3 seats voted)" in after
    assert "not voted: igm" in after and "release: possible" in after
