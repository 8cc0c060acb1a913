"""Backdated and dropped votes (issue 21, items 2 and 4), on real repos with real SSH keys.

A seat controls its record's date and its commit's dates, so neither proves when a vote
arrived: an Umlauf counts only the votes the project office's signed Eingangsvermerk names,
and a vote dated before its call or its parent commit does not count. A decision names its
vote log, and a signed vote some ref holds but the log lacks (a reset, a force push) is
reported by status, refused by release and reported by verify.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner
from conftest import git, gremium_repo, keys, sign_as
from stratdoc.cli import main
from stratdoc.core.fingerprint import fingerprint
from stratdoc.governance import release as releasing

PAST_CALL = "2025-01-05T10:00:00Z"  # a call the office opened long ago, deadline 2025-01-20


def stratdoc(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD")


def snapshot(root: Path) -> tuple[str, str, str]:
    """What a refusal must leave alone: HEAD, the tags, the work tree."""
    return (
        head(root),
        git(root, "tag", "--list"),
        git(root, "status", "--porcelain", "--untracked-files=all"),
    )


def candidate(root: Path, version: str = "1.0") -> dict:
    done = stratdoc(root, "status", "--format", "json")
    assert done.exit_code == 0, done.output
    return next(c for c in json.loads(done.output)["candidates"] if c["version"] == version)


def reasons(root: Path) -> dict[str, str | None]:
    return {v["commit"]: v["reason"] for v in candidate(root)["votes"]}


def dated_commit(root: Path, path: Path, text: str, key: Path, when: str, message: str) -> str:
    """Commit *text* as *path*, signed with *key*, author and committer dates set to *when*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(root, "add", str(path))
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git(root, "-c", f"user.signingkey={key}", "commit", "-q", "-S", "-m", message, env=dates)
    return head(root)


def hand_call(root: Path, procedure: str, day: str, stamp: str = "20250105T100000") -> str:
    """A call the project office signed at PAST_CALL (a Sitzung on, or an Umlauf until, *day*);
    *stamp* starts its file name, which orders the calls."""
    key = "date" if procedure == "sitzung" else "deadline"
    text = (
        f'fassung = "1.0"\nprocedure = "{procedure}"\n{key} = "{day}"\n'
        f'opened_by = "projektbuero"\nopened = "{PAST_CALL}"\n'
    )
    path = root / "governance" / "calls" / "1.0" / f"{stamp}000000-{procedure}.toml"
    return dated_commit(root, path, text, keys()["office"], PAST_CALL, "Beschlussvorlage")


def hand_vote(root: Path, member: str, call: str, when: str, kind: str = "zustimmung") -> str:
    """A vote record *member* wrote by hand, dated *when* in record and commit, signed with
    the seat's own key: what any seat can do without stratdoc."""
    stamp = when.replace("-", "").replace(":", "").rstrip("Z")
    text = (
        f'fassung = "1.0"\nmember = "{member}"\nvote = "{kind}"\ncall = "{call}"\n'
        f'fingerprint = "{fingerprint(gitpython.Repo(root))}"\ncommit = "{head(root)}"\n'
        f'date = "{when}"\nobjection_to_procedure = false\n'
    )
    path = root / "governance" / "votes" / "1.0" / f"{stamp}000000-{member}.toml"
    return dated_commit(root, path, text, keys()[member], when, f"Stimme {member}")


def vote(root: Path, member: str, kind: str = "zustimmung") -> str:
    sign_as(root, keys()[member])
    done = stratdoc(root, "vote", "1.0", "--member", member, "--vote", kind)
    assert done.exit_code == 0, done.output
    return head(root)


def close(root: Path) -> str:
    sign_as(root, keys()["office"])
    done = stratdoc(root, "close", "1.0")
    assert done.exit_code == 0, done.output
    return head(root)


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test-gremium (3 seats, Sitzung quorum 2, Umlauf: all) with real keys; no call yet."""
    return gremium_repo(tmp_path_factory.mktemp("keyed") / "repo")


@pytest.fixture
def repo(keyed: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(keyed, tmp_path / "repo", symlinks=True))


@pytest.fixture
def no_editions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tags and votes are what these tests check: release without Sphinx."""
    monkeypatch.setattr(releasing, "_build", lambda *args: None)


def test_a_backdated_vote_the_eingangsvermerk_does_not_name_does_not_count(repo: Path) -> None:
    call = hand_call(repo, "umlauf", "2025-01-20")
    in_time = [
        hand_vote(repo, "ihk", call, "2025-01-10T09:00:00Z"),
        hand_vote(repo, "buw", call, "2025-01-11T09:00:00Z"),
    ]
    closed = close(repo)  # the deadline has passed: the office closes with what it received
    # igm missed the deadline; it writes a vote dated before it, with the commit dated back
    # too, on a branch off the last vote in time, and gets it merged
    git(repo, "switch", "-q", "-c", "nachgereicht", in_time[-1])
    late = hand_vote(repo, "igm", call, "2025-01-19T09:00:00Z")
    git(repo, "switch", "-q", "main")
    record = git(repo, "show", "--name-only", "--format=", closed)
    assert record.startswith("governance/closings/1.0/") and record.endswith("-umlauf.toml")
    text = (repo / record).read_text(encoding="utf-8")
    assert f'call = "{call}"' in text and f'log = "{in_time[-1]}"' in text
    assert all(f'"{c}"' in text for c in in_time) and late not in text
    assert "-----BEGIN SSH SIGNATURE-----" in git(repo, "cat-file", "commit", closed)
    git(repo, "merge", "-q", "--no-ff", "-m", "Stimme igm übernommen", "nachgereicht")
    found = candidate(repo)
    assert found["closing"] == closed
    assert reasons(repo)[late] == (
        f"not received by the Eingangsvermerk {closed[:7]} of "
        + text.split('closed = "')[1].split('"')[0]
    )
    assert [reasons(repo)[c] for c in in_time] == [None, None]
    assert found["refusal"] == "too few votes in the Umlaufverfahren: 2 of 3 required votes cast"
    state = snapshot(repo)
    refused = stratdoc(repo, "release", "1.0")
    assert refused.exit_code == 1 and "too few votes in the Umlaufverfahren" in refused.output
    assert snapshot(repo) == state


def test_a_vote_dated_before_its_call_or_its_parent_does_not_count(repo: Path) -> None:
    call = hand_call(repo, "sitzung", "2025-01-10")
    genuine = vote(repo, "buw")  # today, on top of the call
    before_parent = hand_vote(repo, "igm", call, "2025-01-08T09:00:00Z")
    before_call = hand_vote(repo, "ihk", call, "2025-01-01T09:00:00Z")
    found = reasons(repo)
    assert found[genuine] is None
    assert (
        found[before_call]
        == f"dated 2025-01-01T09:00:00Z, before its call was opened ({PAST_CALL})"
    )
    assert found[before_parent].startswith(
        f"dated 2025-01-08T09:00:00Z, before its parent commit {genuine[:7]} ("
    )
    assert candidate(repo)["refusal"] == "no quorum: 1 of 2 required votes cast"
    text = stratdoc(repo, "status").output
    assert f"ihk: zustimmung ({before_call[:7]}) not counted: dated 2025-01-01" in text
    # an unsigned commit's date is anyone's to set: one from the future voids no later vote
    (repo / "governance" / "notiz.md").write_text("Notiz\n", encoding="utf-8")
    git(repo, "add", "governance/notiz.md")
    future = {"GIT_COMMITTER_DATE": "2099-01-01T00:00:00Z"}
    git(repo, "commit", "-qm", "Notiz eines Partners", env=future)
    again = vote(repo, "ihk")
    assert reasons(repo)[again] is None
    assert candidate(repo)["release_possible"] is True


def test_call_and_vote_refuse_a_passed_deadline(repo: Path) -> None:
    sign_as(repo, keys()["office"])
    state = snapshot(repo)
    refused = stratdoc(repo, "call", "1.0", "--procedure", "umlauf", "--deadline", "2020-01-01")
    assert refused.exit_code == 1
    assert "--deadline 2020-01-01 has passed" in refused.output
    assert snapshot(repo) == state
    hand_call(repo, "umlauf", "2025-01-20")
    sign_as(repo, keys()["ihk"])
    state = snapshot(repo)
    late = stratdoc(repo, "vote", "1.0", "--member", "ihk", "--vote", "zustimmung")
    assert late.exit_code == 1
    assert "the deadline 2025-01-20 of the Umlaufverfahren on Fassung 1.0 has passed" in late.output
    assert snapshot(repo) == state


def test_close_records_the_votes_received_and_release_needs_it(
    repo: Path, no_editions: None
) -> None:
    sign_as(repo, keys()["office"])
    done = stratdoc(repo, "call", "1.0", "--procedure", "umlauf", "--deadline", "2999-12-31")
    assert done.exit_code == 0, done.output
    vote(repo, "ihk")
    for key, expected in (
        ("ihk", "is not a key of the project office in the roster in force"),
        ("office", "the deadline 2999-12-31 has not passed and buw, igm have not voted"),
    ):
        sign_as(repo, keys()[key])
        state = snapshot(repo)
        refused = stratdoc(repo, "close", "1.0")
        assert refused.exit_code == 1 and expected in refused.output, refused.output
        assert snapshot(repo) == state
    cast = [vote(repo, "buw"), vote(repo, "igm")]
    found = candidate(repo)
    assert found["tally"] == "Zustimmung 3, Ablehnung 0, Enthaltung 0 (3 von 3 Mitgliedern)"
    assert found["release_possible"] is False and found["refusal"] == (
        "the Umlaufverfahren is not closed: the project office records the votes received "
        "with `stratdoc close 1.0`"
    )
    sign_as(repo, keys()["office"])
    state = snapshot(repo)
    refused = stratdoc(repo, "release", "1.0")
    assert refused.exit_code == 1 and "the Umlaufverfahren is not closed" in refused.output
    assert snapshot(repo) == state
    done = stratdoc(repo, "close", "1.0")  # before the deadline: every seat has voted
    assert done.exit_code == 0, done.output
    assert "closed with 3 votes received, signed" in done.output
    closed = head(repo)
    again = stratdoc(repo, "close", "1.0")
    assert again.exit_code == 1 and f"closed already (commit {closed[:7]})" in again.output
    sign_as(repo, keys()["igm"])
    after = stratdoc(repo, "vote", "1.0", "--member", "igm", "--vote", "ablehnung")
    assert after.exit_code == 1 and "was closed by the project office" in after.output
    assert candidate(repo)["release_possible"] is True
    sign_as(repo, keys()["office"])
    released = stratdoc(repo, "release", "1.0")
    assert released.exit_code == 0, released.output
    tag = json.loads(
        git(repo, "cat-file", "tag", "v1.0").split("stratdoc-release: ")[1].split("\n")[0]
    )
    assert tag["closing"] == closed and tag["log"] == cast[-1]
    assert tag["considered"] == [git(repo, "rev-parse", f"{closed}~{n}") for n in (3, 2, 1)]
    verified = stratdoc(repo, "verify", "1.0", "--tag-only")
    assert verified.exit_code == 0, verified.output


def test_close_refuses_a_sitzung(repo: Path) -> None:
    sign_as(repo, keys()["office"])
    assert (
        stratdoc(repo, "call", "1.0", "--procedure", "sitzung", "--date", "2026-12-10").exit_code
        == 0
    )
    state = snapshot(repo)
    refused = stratdoc(repo, "close", "1.0")
    assert (
        refused.exit_code == 1
        and "is a Sitzung: only an Umlaufverfahren is closed" in refused.output
    )
    assert snapshot(repo) == state


def test_a_reset_that_drops_two_signed_votes_is_reported(
    repo: Path, tmp_path: Path, no_editions: None
) -> None:
    forge = tmp_path / "forge.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(forge))
    git(repo, "remote", "add", "origin", str(forge))
    sign_as(repo, keys()["office"])
    assert (
        stratdoc(repo, "call", "1.0", "--procedure", "sitzung", "--date", "2026-12-10").exit_code
        == 0
    )
    kept = [vote(repo, "ihk"), vote(repo, "buw")]
    dropped = [vote(repo, "buw", "ablehnung"), vote(repo, "igm", "ablehnung")]
    assert candidate(repo)["refusal"] == (
        "no simple majority: 1 in favour, 2 against, 0 abstaining (3 of 3 seats voted)"
    )
    git(repo, "push", "-q", "origin", "main")
    # a partner with push access but no key of the committee
    attacker = tmp_path / "attacker"
    git(tmp_path, "clone", "-q", str(forge), str(attacker))
    git(attacker, "reset", "-q", "--hard", "HEAD~2")
    found = candidate(attacker)
    assert found["tally"] == "Zustimmung 2, Ablehnung 0, Enthaltung 0 (2 von 3 Mitgliedern)"
    assert found["release_possible"] is False
    assert found["refusal"] == (
        f"the signed vote {dropped[0][:7]} of seat 'buw' (ablehnung) is in "
        "refs/remotes/origin/main but missing from this vote log"
    )
    assert [d["commit"] for d in found["dropped"]] == dropped
    assert "missing from this vote log" in stratdoc(attacker, "status").output
    git(attacker, "push", "-q", "--force", "origin", "main")
    # a clone made after the force push holds the dropped votes in no ref: the release
    # is possible (the forge must forbid force pushes), but its tag names the log it counted
    office = tmp_path / "office"
    git(tmp_path, "clone", "-q", str(forge), str(office))
    git(office, "config", "user.name", "Projektbüro")
    git(office, "config", "user.email", "buero@example.org")
    sign_as(office, keys()["office"])
    assert candidate(office)["release_possible"] is True
    released = stratdoc(office, "release", "1.0")
    assert released.exit_code == 0, released.output
    tag = json.loads(
        git(office, "cat-file", "tag", "v1.0").split("stratdoc-release: ")[1].split("\n")[0]
    )
    assert tag["considered"] == kept and tag["log"] == kept[-1]
    git(office, "push", "-q", "origin", "v1.0")
    # the seats' own clone still holds the votes on its main: verify names each one
    git(repo, "fetch", "-q", "origin", "--tags")
    result = stratdoc(repo, "verify", "1.0", "--tag-only")
    assert result.exit_code == 1
    for commit, member in zip(dropped, ("buw", "igm"), strict=True):
        assert (
            f"v1.0: the signed vote {commit[:7]} of seat '{member}' (ablehnung) is in "
            "refs/heads/main but missing from this vote log"
        ) in result.output


def test_umlauf_votes_after_the_deadline_do_not_count(repo: Path) -> None:
    sign_as(repo, keys()["office"])
    done = stratdoc(repo, "call", "1.0", "--procedure", "sitzung", "--date", "2026-12-10")
    assert done.exit_code == 0, done.output
    old = head(repo)
    earlier = [vote(repo, "ihk"), vote(repo, "buw")]
    new = hand_call(repo, "umlauf", "2025-01-20", stamp="29991231T235959")
    now = dt.datetime.now(dt.UTC)
    late = hand_vote(repo, "igm", new, f"{now:%Y-%m-%dT%H:%M:%SZ}")
    found = candidate(repo)
    assert (found["procedure"], found["call"]) == ("umlauf", new)
    assert reasons(repo)[late] == f"cast on {now:%Y-%m-%d}, after the deadline 2025-01-20"
    assert [reasons(repo)[c] for c in earlier] == [
        f"answers call {old[:7]}, not the open call {new[:7]}"
    ] * 2
    assert found["refusal"] == "too few votes in the Umlaufverfahren: 0 of 3 required votes cast"
    assert (
        f"Umlaufverfahren, deadline 2025-01-20 (call {new[:7]})" in stratdoc(repo, "status").output
    )
