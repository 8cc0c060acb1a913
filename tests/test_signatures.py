"""Signatures decide, names do not: real repos, real SSH keys, each forgery with its one reason.

One repo of tests/roots/test-gremium (3 seats, Sitzung quorum 2) is built per module: a call
by the project office and two approving votes (`voted`), then Fassung 1.0 released as HTML
(`released`). Each test works on its own copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    GREMIUM,
    git,
    gremium_repo,
    keys,
    make_keys,
    pin_trust_root,
    sign_as,
    write_roster,
)
from stratdoc.cli import main
from stratdoc.core.fingerprint import CONTENT_PATHS
from stratdoc.core.project import Project
from stratdoc.governance import release as releasing

SITZUNG = ("--procedure", "sitzung", "--date", "2026-12-10")
# what commit 8e01327 says the fingerprint covers: tested even if CONTENT_PATHS were to shrink
DOCUMENTED_CONTENT = (
    "strategy",
    "conf.py",
    "ubproject.toml",
    "governance/roster.toml",
    "governance/rules.toml",
    "pyproject.toml",
    "uv.lock",
    "tooling",
)
NO_CALL = (
    "no open call for Fassung {v}: open one with `stratdoc call {v} --procedure sitzung|umlauf`"
)


def stratdoc(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def call(root: Path, version: str = "1.0", *how: str, key: Path | None = None) -> str:
    """The project office (or *key*) opens the decision; the call's commit."""
    sign_as(root, key or keys()["office"])
    done = stratdoc(root, "call", version, *(how or SITZUNG))
    assert done.exit_code == 0, done.output
    return git(root, "rev-parse", "HEAD")


def vote(root: Path, member: str, version: str = "1.0", *extra: str, key: Path | None = None):
    sign_as(root, key or keys()[member])
    done = stratdoc(root, "vote", version, "--member", member, "--vote", "zustimmung", *extra)
    assert done.exit_code == 0, done.output
    return git(root, "rev-parse", "HEAD")


def release_html(root: Path, version: str, key: Path | None = None) -> None:
    sign_as(root, key or keys()["office"])
    releasing.release(Project(root), version, formats=("html",))


def status(root: Path) -> dict:
    done = stratdoc(root, "status", "--format", "json")
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def candidate(root: Path, version: str = "1.0") -> dict:
    return next(c for c in status(root)["candidates"] if c["version"] == version)


def verdict(root: Path, commit: str, version: str = "1.0") -> dict:
    """The status of the vote whose record *commit* last touched."""
    return next(v for v in candidate(root, version)["votes"] if v["commit"] == commit)


def snapshot(root: Path) -> tuple[str, str, str]:
    """What a refusal must leave alone: HEAD, the tags, the work tree."""
    return (
        git(root, "rev-parse", "HEAD"),
        git(root, "tag", "--list"),
        git(root, "status", "--porcelain", "--untracked-files=all"),
    )


def forge(root: Path, member: str, key: Path | None, version: str = "1.0") -> str:
    """A vote record of *member* made by hand (the newest ihk record, renamed), committed with
    `git commit -S` under *key*, or unsigned when *key* is None; the commit."""
    folder = root / "governance" / "votes" / version
    text = sorted(folder.glob("*-ihk.toml"))[-1].read_text(encoding="utf-8")
    record = folder / f"29991231T000000000000-{member}.toml"
    record.write_text(text.replace('member = "ihk"', f'member = "{member}"'), encoding="utf-8")
    git(root, "add", str(record))
    if key is None:
        git(root, "commit", "-q", "-m", f"Stimme {member}")
    else:
        git(root, "-c", f"user.signingkey={key}", "commit", "-q", "-S", "-m", f"Stimme {member}")
    return git(root, "rev-parse", "HEAD")


def copy(src: Path, dest: Path) -> Path:
    return Path(shutil.copytree(src, dest, symlinks=True))


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test-gremium with one real key per seat and the office's in its first commit; no call."""
    return gremium_repo(tmp_path_factory.mktemp("keyed") / "repo")


@pytest.fixture(scope="module")
def voted_once(keyed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy(keyed, tmp_path_factory.mktemp("voted") / "repo")
    call(root)
    vote(root, "ihk")
    vote(root, "buw")
    return root


@pytest.fixture(scope="module")
def released_once(voted_once: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy(voted_once, tmp_path_factory.mktemp("released") / "repo")
    release_html(root, "1.0")
    return root


@pytest.fixture
def voted(voted_once: Path, tmp_path: Path) -> Path:
    return copy(voted_once, tmp_path / "repo")


@pytest.fixture
def released(released_once: Path, tmp_path: Path) -> Path:
    return copy(released_once, tmp_path / "repo")


@pytest.mark.parametrize(
    ("signer", "reason"),
    [
        ("evil", "unknown key: commit {c} is signed by no key of the roster"),
        (None, "unsigned commit {c}"),
        ("buw", "signed with the key of 'buw', not of igm"),
    ],
    ids=["impersonator", "unsigned", "other-seat"],
)
def test_a_forged_vote_is_refused_and_never_counts(
    voted: Path, signer: str | None, reason: str
) -> None:
    # the seat's name and address, as a forger can set them: they authenticate nothing
    git(voted, "config", "user.name", "Vertretung IGM")
    git(voted, "config", "user.email", "igm@example.org")
    key = keys()[signer] if signer else None
    if key is not None:
        sign_as(voted, key)
        before = snapshot(voted)
        refused = stratdoc(voted, "vote", "1.0", "--member", "igm", "--vote", "zustimmung")
        assert refused.exit_code == 1
        assert "is not a key of seat 'igm' in the roster in force" in refused.output
        assert snapshot(voted) == before
    commit = forge(voted, "igm", key)
    expected = reason.format(c=commit[:7])
    assert verdict(voted, commit) == {
        "member": "igm",
        "vote": "zustimmung",
        "commit": commit,
        "counted": False,
        "reason": expected,
    }
    text = stratdoc(voted, "status").output
    assert f"  igm: zustimmung ({commit[:7]}) not counted: {expected}\n" in text
    assert "2 in favour, 0 against, 0 abstaining (2 of 3 seats voted)" in text
    assert "not voted: igm" in text


def test_a_key_added_in_the_branch_voted_on_does_not_count(released: Path) -> None:
    write_roster(
        released,
        {"ihk": [keys()["ihk"]], "buw": [keys()["buw"], keys()["buw2"]], "igm": [keys()["igm"]]},
        [keys()["office"]],
    )
    git(released, "commit", "-qam", "Zweiter Schlüssel für buw")
    call(released, "1.1")
    vote(released, "ihk", "1.1")
    sign_as(released, keys()["buw2"])
    before = snapshot(released)
    refused = stratdoc(released, "vote", "1.1", "--member", "buw", "--vote", "zustimmung")
    assert refused.exit_code == 1 and "roster in force (Fassung 1.0)" in refused.output
    assert snapshot(released) == before
    commit = forge(released, "buw", keys()["buw2"], "1.1")
    found = candidate(released, "1.1")
    assert found["roster_in_force"] == "Fassung 1.0"
    assert verdict(released, commit, "1.1")["reason"] == (
        "key of 'buw' is not in the roster in force (Fassung 1.0), "
        "only in the roster being voted on"
    )
    assert found["refusal"] == "no quorum: 1 of 2 required votes cast"
    assert "only in the roster being voted on" in stratdoc(released, "status").output


def _change(root: Path, path: str) -> None:
    target = root / path
    if target.suffix:  # a file: edit it, or create it where the project has none
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        target.write_text(old + "\n# geändert nach der Abstimmung\n", encoding="utf-8")
    else:  # a folder: one new file in it
        target.mkdir(exist_ok=True)
        (target / "nachgereicht.txt").write_text("neu\n", encoding="utf-8")
    git(root, "add", path)
    git(root, "commit", "-qm", f"{path} nach der Abstimmung")


def _all_void(root: Path, before: str) -> None:
    after = status(root)["fingerprint"]
    assert after != before
    found = candidate(root)
    assert len(found["votes"]) == 2
    for v in found["votes"]:
        assert v["counted"] is False
        assert (
            v["reason"] == f"old fingerprint: cast for {before[:12]}, the content is {after[:12]}"
        )
    assert found["refusal"] == "no quorum: 0 of 2 required votes cast"


def test_a_roster_change_after_the_votes_voids_them(voted: Path) -> None:
    before = status(voted)["fingerprint"]
    write_roster(
        voted,
        {"ihk": [keys()["ihk"]], "buw": [keys()["buw"], keys()["buw2"]], "igm": [keys()["igm"]]},
        [keys()["office"]],
    )
    git(voted, "commit", "-qam", "Zweiter Schlüssel für buw")
    _all_void(voted, before)
    state = snapshot(voted)
    refused = stratdoc(voted, "release", "1.0")
    assert refused.exit_code == 1 and "no quorum: 0 of 2" in refused.output
    assert snapshot(voted) == state


@pytest.mark.parametrize("path", sorted(set(CONTENT_PATHS) | set(DOCUMENTED_CONTENT)))
def test_a_change_of_any_content_path_voids_the_votes(voted: Path, path: str) -> None:
    before = status(voted)["fingerprint"]
    assert all(v["counted"] for v in candidate(voted)["votes"])
    _change(voted, path)
    _all_void(voted, before)


def _tag_message(root: Path) -> Path:
    raw = git(root, "cat-file", "tag", "v1.0")
    body = raw.split("\n\n", 1)[1]
    body = body[: body.index("-----BEGIN SSH SIGNATURE-----")]
    target = root.parent / "message.txt"
    target.write_text(body, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("signer", "state"), [(None, "unsigned"), ("evil", "unknown key")], ids=["unsigned", "foreign"]
)
def test_a_recreated_tag_not_signed_in_force_fails_verify(
    released: Path, signer: str | None, state: str
) -> None:
    message = _tag_message(released)
    commit = git(released, "rev-parse", "v1.0^{commit}")
    git(released, "tag", "-d", "v1.0")
    args = ["--cleanup=verbatim", "-F", str(message), "v1.0", commit]
    if signer is None:
        git(released, "tag", "-a", *args)
    else:
        git(released, "-c", f"user.signingkey={keys()[signer]}", "tag", "-s", *args)
    assert "stratdoc-release: " in git(released, "cat-file", "tag", "v1.0")
    result = stratdoc(released, "verify", "1.0")
    assert result.exit_code == 1
    root = git(released, "rev-list", "--max-parents=0", "HEAD")
    assert (
        f"v1.0: tag {state}, not signed by a key in force (the trust root "
        f"{root[:7]} (ubproject.toml))"
    ) in result.output


@pytest.mark.parametrize(
    "editor", [None, "igm", "buw"], ids=["unsigned", "other-seat", "same-seat"]
)
def test_a_vote_record_edited_later_is_void(voted: Path, editor: str | None) -> None:
    record = sorted((voted / "governance" / "votes" / "1.0").glob("*-buw.toml"))[-1]
    record.write_text(
        record.read_text(encoding="utf-8").replace("zustimmung", "enthaltung"), encoding="utf-8"
    )
    signed = git(voted, "log", "-1", "--format=%H", "--", str(record))
    sign = ["-c", f"user.signingkey={keys()[editor]}", "commit", "-S"] if editor else ["commit"]
    git(voted, *sign, "-qam", "Stimme buw geändert")
    edit = git(voted, "rev-parse", "HEAD")
    why = f"changed after it was signed (commit {edit[:7]}); restore the signed record"
    found = verdict(voted, signed)  # the record as its signed commit wrote it
    assert (found["member"], found["vote"], found["counted"]) == ("buw", "zustimmung", False)
    assert found["reason"] == why
    rel = record.relative_to(voted).as_posix()
    assert candidate(voted)["refusal"] == f"{rel}: {why}"  # blocked until restored
    assert (
        f"  buw: zustimmung ({signed[:7]}) not counted: {why}" in stratdoc(voted, "status").output
    )


def test_verify_recounts_a_release_whose_record_was_edited(released: Path) -> None:
    assert stratdoc(released, "verify", "1.0", "--tag-only").exit_code == 0
    record = sorted((released / "governance" / "votes" / "1.0").glob("*-buw.toml"))[-1]
    record.write_text(
        record.read_text(encoding="utf-8").replace("zustimmung", "enthaltung"), encoding="utf-8"
    )
    sign_as(released, keys()["buw"])
    git(released, "commit", "-S", "-qam", "Stimme buw geändert")
    message = _tag_message(released)
    sign_as(released, keys()["office"])  # the tag moved onto the edit, signed in force
    git(released, "tag", "-f", "-s", "--cleanup=verbatim", "-F", str(message), "v1.0")
    result = stratdoc(released, "verify", "1.0", "--tag-only")
    assert result.exit_code == 1
    assert "v1.0: recount gives Zustimmung 1, Ablehnung 0, Enthaltung 0" in result.output
    rel = record.relative_to(released).as_posix()
    assert f"v1.0: the votes do not carry it: {rel}: changed after it was signed" in result.output


def test_verify_refuses_a_shallow_clone(released: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "v1.0",
        f"file://{released}",
        str(clone),
    )
    result = stratdoc(clone, "verify", "1.0", "--tag-only")
    assert result.exit_code == 2
    assert "shallow clone" in result.output and "git fetch --unshallow --tags" in result.output


def test_umlauf_an_objection_blocks(voted: Path) -> None:
    call(voted, "1.0", "--procedure", "umlauf", "--deadline", "2999-12-31")
    for member in GREMIUM:
        vote(voted, member, "1.0", *(["--objection-to-procedure"] * (member == "igm")))
    found = candidate(voted)
    assert sorted(v["member"] for v in found["votes"] if v["counted"]) == sorted(GREMIUM)
    assert found["tally"] == "Zustimmung 3, Ablehnung 0, Enthaltung 0 (3 von 3 Mitgliedern)"
    assert found["refusal"] == "a member objected to the Umlaufverfahren; decide in a Sitzung"
    before = snapshot(voted)
    refused = stratdoc(voted, "release", "1.0")
    assert refused.exit_code == 1 and "objected to the Umlaufverfahren" in refused.output
    assert snapshot(voted) == before


def test_sitzung_two_of_three_carry_with_quorum_two(voted_once: Path) -> None:
    found = candidate(voted_once)
    assert found["procedure"] == "sitzung" and found["release_possible"] is True
    assert found["refusal"] is None
    assert found["tally"] == "Zustimmung 2, Ablehnung 0, Enthaltung 0 (2 von 3 Mitgliedern)"
    assert [v["counted"] for v in found["votes"]] == [True, True]
    assert "release: possible" in stratdoc(voted_once, "status").output


def test_without_a_call_nothing_counts_and_nothing_is_written(keyed: Path, tmp_path: Path) -> None:
    root = copy(keyed, tmp_path / "repo")
    found = candidate(root)
    assert found["call"] is None and found["refusal"] == NO_CALL.format(v="1.0")
    assert "Fassung 1.0: no open call" in stratdoc(root, "status").output
    sign_as(root, keys()["ihk"])
    before = snapshot(root)
    refused = stratdoc(root, "vote", "1.0", "--member", "ihk", "--vote", "zustimmung")
    assert refused.exit_code == 1 and "no open call for Fassung 1.0" in refused.output
    rejected = stratdoc(root, "release", "1.0")
    assert rejected.exit_code == 1 and NO_CALL.format(v="1.0") in rejected.output
    assert snapshot(root) == before
    assert not (root / "_build" / "editions" / "1.0").exists()


def test_trust_root_option_must_agree_with_the_pin(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the tags and votes are what this checks (verify --tag-only): release without Sphinx
    monkeypatch.setattr(releasing, "_build", lambda *args: None)
    first = git(released, "rev-list", "--max-parents=0", "HEAD")
    call(released, "1.1")
    vote(released, "ihk", "1.1")
    vote(released, "igm", "1.1")
    release_html(released, "1.1")
    pinned = stratdoc(released, "verify", "1.1", "--tag-only", "--trust-root", first[:9])
    assert pinned.exit_code == 0, pinned.output
    assert pinned.output.splitlines()[0] == (
        f"roster of the first Fassung checked: the trust root {first[:7]} (ubproject.toml)"
    )
    # a repository whose pin and roster were swapped for other keys before its first release:
    # in itself consistent, so only a trust root known from outside tells it apart
    hijacked = gremium_repo(tmp_path / "hijacked")
    genuine = git(hijacked, "rev-list", "--max-parents=0", "HEAD")
    other = make_keys(tmp_path / "other", [*GREMIUM, "office"])
    write_roster(hijacked, {s: [other[s]] for s in GREMIUM}, [other["office"]])
    git(hijacked, "commit", "-qam", "Neue Schlüssel")
    sign_as(hijacked, other["office"])
    refused = stratdoc(hijacked, "call", "1.0", *SITZUNG)
    assert refused.exit_code == 1 and f"the trust root {genuine[:7]}" in refused.output
    pin_trust_root(hijacked)
    call(hijacked, key=other["office"])
    vote(hijacked, "ihk", key=other["ihk"])
    vote(hijacked, "buw", key=other["buw"])
    release_html(hijacked, "1.0", key=other["office"])
    assert stratdoc(hijacked, "verify", "1.0", "--tag-only").exit_code == 0
    result = stratdoc(hijacked, "verify", "1.0", "--tag-only", "--trust-root", genuine)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith(
        f"not {genuine} (--trust-root); this repository is not the one you trust"
    )
    missing = stratdoc(hijacked, "verify", "1.0", "--tag-only", "--trust-root", "0" * 40)
    assert missing.exit_code == 2 and "no such commit in this clone" in missing.output


def test_deleting_a_vote_record_does_not_turn_the_decision(voted: Path) -> None:
    sign_as(voted, keys()["buw"])
    assert stratdoc(voted, "vote", "1.0", "--member", "buw", "--vote", "ablehnung").exit_code == 0
    ablehnung = git(voted, "rev-parse", "HEAD")
    sign_as(voted, keys()["igm"])
    assert stratdoc(voted, "vote", "1.0", "--member", "igm", "--vote", "enthaltung").exit_code == 0
    assert candidate(voted)["refusal"] == (
        "no simple majority: 1 in favour, 1 against, 1 abstaining (3 of 3 seats voted)"
    )
    record = git(voted, "show", "--name-only", "--format=", ablehnung)
    git(voted, "rm", "-q", record)
    git(voted, "commit", "-qm", "Aufräumen")  # unsigned, by anyone with push rights
    head = git(voted, "rev-parse", "HEAD")
    found = candidate(voted)
    assert found["release_possible"] is False
    why = f"deleted after it was signed (commit {head[:7]}); restore the signed record"
    assert found["refusal"] == f"{record}: {why}"
    assert verdict(voted, ablehnung)["reason"] == why


def test_an_unsigned_tag_does_not_put_a_roster_in_force(released: Path, tmp_path: Path) -> None:
    other = make_keys(tmp_path / "other", [*GREMIUM, "office"])
    write_roster(released, {s: [other[s]] for s in GREMIUM}, [other["office"]])
    git(released, "commit", "-qam", "Neue Schlüssel")
    git(released, "tag", "v1.1")  # lightweight: no signature, no votes
    sign_as(released, other["office"])
    before = snapshot(released)
    refused = stratdoc(released, "call", "1.2", *SITZUNG)
    assert refused.exit_code == 1 and "roster in force (Fassung 1.0)" in refused.output
    assert snapshot(released) == before
