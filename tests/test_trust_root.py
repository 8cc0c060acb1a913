"""The pinned trust root against a hostile partner with push access and no committee key.

Real repos of tests/roots/test-gremium, real SSH keys and signed tags. The tags and votes are
what these check: releases here skip the Sphinx build (test_release.py builds editions).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner
from conftest import (
    GREMIUM,
    TRUST_TABLE,
    git,
    gremium_repo,
    keys,
    make_keys,
    pin_trust_root,
    sign_as,
    write_roster,
)
from stratdoc.cli import main
from stratdoc.core import snapshot
from stratdoc.core.project import Project
from stratdoc.governance import release as releasing

SITZUNG = ("--procedure", "sitzung", "--date", "2026-12-10")


def stratdoc(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def ok(root: Path, *args: str, key: Path | None = None) -> str:
    if key is not None:
        sign_as(root, key)
    done = stratdoc(root, *args)
    assert done.exit_code == 0, done.output
    return done.output


def adopt(root: Path, version: str, seats: tuple[str, ...] = ("ihk", "buw")) -> None:
    """The office calls a Sitzung, *seats* approve, the office releases (no edition build)."""
    ok(root, "call", version, *SITZUNG, key=keys()["office"])
    for seat in seats:
        ok(root, "vote", version, "--member", seat, "--vote", "zustimmung", key=keys()[seat])
    sign_as(root, keys()["office"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(releasing, "_build", lambda *args: None)
        releasing.release(Project(root), version, formats=("html",))


def in_force(root: Path, version: str) -> str:
    body = json.loads(ok(root, "status", "--format", "json"))
    return next(c for c in body["candidates"] if c["version"] == version)["roster_in_force"]


@pytest.fixture(scope="module")
def two_fassungen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fassung 1.0, which gives igm a second key, and 1.1, which takes igm's first key away."""
    root = gremium_repo(tmp_path_factory.mktemp("trust") / "repo")
    write_roster(
        root,
        {"ihk": [keys()["ihk"]], "buw": [keys()["buw"]], "igm": [keys()["igm"], keys()["buw2"]]},
        [keys()["office"]],
    )
    git(root, "commit", "-qam", "Zweiter Schlüssel für igm")
    adopt(root, "1.0")
    write_roster(
        root,
        {"ihk": [keys()["ihk"]], "buw": [keys()["buw"]], "igm": [keys()["buw2"]]},
        [keys()["office"]],
    )
    git(root, "commit", "-qam", "Alter Schlüssel von igm entfernt")
    adopt(root, "1.1")
    return root


@pytest.fixture
def repo(two_fassungen: Path, tmp_path: Path) -> Iterator[Path]:
    yield Path(shutil.copytree(two_fassungen, tmp_path / "repo", symlinks=True))


def _takeover(root: Path, merge: bool, attacker: dict[str, Path]) -> None:
    """The attack: off v1.0^, every key of the roster replaced by the attacker's, a tag v0.5
    signed with one of them (with a release record copied from v1.0); with *merge*, merged
    into main keeping main's content, so the tag lies in main's history."""
    git(root, "switch", "-q", "-c", "angriff", "v1.0^")
    write_roster(root, {s: [attacker[s]] for s in GREMIUM}, [attacker["office"]])
    git(root, "commit", "-qam", "Schlüssel getauscht")
    record = git(root, "cat-file", "tag", "v1.0").split("\n\n", 1)[1]
    record = record[: record.index("-----BEGIN SSH SIGNATURE-----")].replace("1.0", "0.5")
    git(root, "-c", f"user.signingkey={attacker['office']}", "tag", "-s", "v0.5", "-m", record)
    git(root, "switch", "-q", "main")
    if merge:
        git(root, "merge", "-q", "-s", "ours", "-m", "Zusammenführung", "angriff")


@pytest.mark.parametrize("merge", [False, True], ids=["side-branch", "merged"])
def test_a_tag_signed_by_unadopted_keys_puts_no_roster_in_force(
    repo: Path, tmp_path: Path, merge: bool
) -> None:
    attacker = make_keys(tmp_path / "angreifer", [*GREMIUM, "office"])
    _takeover(repo, merge, attacker)
    assert in_force(repo, "1.2") == "Fassung 1.1"
    before = git(repo, "rev-parse", "HEAD")
    sign_as(repo, attacker["office"])
    refused = stratdoc(repo, "call", "1.2", *SITZUNG)
    assert refused.exit_code == 1 and "roster in force (Fassung 1.1)" in refused.output
    assert git(repo, "rev-parse", "HEAD") == before
    ok(repo, "call", "1.2", *SITZUNG, key=keys()["office"])  # the genuine office's call
    assert "verified" in ok(repo, "verify", "1.1", "--tag-only")


def test_a_key_removed_in_fassung_n_cannot_vote_for_n_plus_1(repo: Path) -> None:
    ok(repo, "call", "1.2", *SITZUNG, key=keys()["office"])
    sign_as(repo, keys()["igm"])
    refused = stratdoc(repo, "vote", "1.2", "--member", "igm", "--vote", "zustimmung")
    assert refused.exit_code == 1
    assert "is not a key of seat 'igm' in the roster in force (Fassung 1.1)" in refused.output
    ok(repo, "vote", "1.2", "--member", "igm", "--vote", "zustimmung", key=keys()["buw2"])


def test_a_clone_without_the_earlier_tag_does_not_verify(two_fassungen: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-tags", f"file://{two_fassungen}", str(clone))
    git(clone, "fetch", "-q", "origin", "tag", "v1.1")
    result = stratdoc(clone, "verify", "1.1", "--tag-only")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "stratdoc: v1.1 was decided by the roster of Fassung 1.0, whose tag v1.0 this clone "
        "lacks; run `git fetch --tags origin` and verify again"
    )
    git(clone, "fetch", "-q", "--tags", "origin")
    assert stratdoc(clone, "verify", "1.1", "--tag-only").exit_code == 0


def _config(root: Path, text: str) -> None:
    (root / "ubproject.toml").write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", "ubproject.toml geändert")


def test_no_pin_or_an_unknown_pin_stops_with_exit_2(repo: Path) -> None:
    config = (repo / "ubproject.toml").read_text(encoding="utf-8")
    unpinned = config[: config.index(TRUST_TABLE)]
    _config(repo, unpinned)
    for args in (("status",), ("release", "1.2"), ("call", "1.2", *SITZUNG)):
        result = stratdoc(repo, *args)
        assert result.exit_code == 2, args
        assert result.output == (
            "stratdoc: ubproject.toml: no trust root pinned ([stratdoc.governance] trust_root); "
            "once the roster's keys are committed, run `stratdoc pin` and commit ubproject.toml\n"
        )
    _config(repo, f'{unpinned}{TRUST_TABLE}\ntrust_root = "{"1" * 40}"\n')
    result = stratdoc(repo, "status")
    assert result.exit_code == 2 and "is not in this clone; run `git fetch" in result.output


def test_a_moved_pin_is_refused(repo: Path) -> None:
    pin_trust_root(repo)  # by hand, as an attacker would: to a commit with a roster of choice
    result = stratdoc(repo, "status")
    assert result.exit_code == 1
    assert "but Fassung 1.0 was released under" in result.output
    assert "the pin never moves, restore it" in result.output
    sign_as(repo, keys()["office"])
    moved = stratdoc(repo, "pin")
    assert moved.exit_code == 1 and "the pin never moves once a Fassung is released" in moved.output


def test_pin_refuses_placeholder_keys_and_pins_real_ones(tmp_path: Path) -> None:
    root = gremium_repo(tmp_path / "repo")
    roster = root / "governance" / "roster.toml"
    genuine = roster.read_text(encoding="utf-8")
    roster.write_text(genuine.replace('"]', ' PLATZHALTER-ihk-ersetzen"]', 1), encoding="utf-8")
    git(root, "commit", "-qam", "Platzhalter")
    head = git(root, "rev-parse", "HEAD")
    refused = stratdoc(root, "pin")
    assert refused.exit_code == 1 and "still lists placeholder keys" in refused.output
    assert git(root, "rev-parse", "HEAD") == head
    roster.write_text(genuine, encoding="utf-8")
    git(root, "commit", "-qam", "Echte Schlüssel")
    keyed = git(root, "rev-parse", "HEAD")
    assert f"trust root pinned: {keyed}" in ok(root, "pin")
    assert git(root, "status", "--porcelain") == ""
    assert in_force(root, "1.0") == f"the trust root {keyed[:7]} (ubproject.toml)"


def test_export_attributes_do_not_shape_an_edition(tmp_path: Path) -> None:
    root = gremium_repo(tmp_path / "repo")
    (root / ".gitattributes").write_text(
        "strategy/index.md export-ignore\nconf.py export-subst\n", encoding="utf-8"
    )
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "# $Format:%H$\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Exportattribute")
    with snapshot.export(gitpython.Repo(root), "HEAD") as exported:
        assert (exported.root / "strategy" / "index.md").read_bytes() == (
            root / "strategy" / "index.md"
        ).read_bytes()
        assert (exported.root / "conf.py").read_bytes() == conf.read_bytes()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('vote = "zustimmung"', 'vote = "ja"', "{path}:3: key 'vote' must be one of "),
        ('fassung = "1.2"', 'fassung = "1.3"', "{path}:1: key 'fassung' is '1.3', but the "),
        ("objection_to_procedure = false", "objection_to_procedure = 1", "{path}:8: key 'obj"),
        ('date = "', 'date = "gestern', "{path}:7: key 'date' must be a UTC time "),
        ('vote = "zustimmung"', "vote = zustimmung", "{path}:3: not valid TOML (Invalid value "),
    ],
    ids=["vote", "fassung", "objection", "date", "syntax"],
)
def test_a_malformed_vote_record_names_path_line_and_key(
    repo: Path, old: str, new: str, reason: str
) -> None:
    ok(repo, "call", "1.2", *SITZUNG, key=keys()["office"])
    ok(repo, "vote", "1.2", "--member", "ihk", "--vote", "zustimmung", key=keys()["ihk"])
    record = next((repo / "governance" / "votes" / "1.2").glob("*-ihk.toml"))
    fresh = record.with_name("29991231T000000000000-ihk.toml")
    fresh.write_text(record.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-S", "-qm", "Stimme von Hand")
    shown = fresh.relative_to(repo).as_posix()
    text = ok(repo, "status")
    assert f"not counted: {reason.format(path=shown)}" in text


def test_pin_fills_in_an_existing_governance_table_without_a_trust_root() -> None:
    """A second [stratdoc.governance] table would make ubproject.toml invalid TOML."""
    import tomllib

    from stratdoc.governance.trustroot import with_pin

    text = '[stratdoc.governance]\n\n[[stratdoc.neighbour]]\nshort_name = "NB"\n'
    pinned = tomllib.loads(with_pin(text, "a" * 40))["stratdoc"]
    assert pinned["governance"] == {"trust_root": "a" * 40}
    assert pinned["neighbour"] == [{"short_name": "NB"}]
