"""Roster and decision rules: shipped files load; broken files give one line naming file and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stratdoc.core.errors import StratdocError
from stratdoc.governance.roster import OFFICE, Governance, Procedure, parse
from stratdoc.governance.tally import count, refusal

REPO = Path(__file__).resolve().parents[1]
ROSTER = (REPO / "governance" / "roster.toml").read_text(encoding="utf-8")
RULES = (REPO / "governance" / "rules.toml").read_text(encoding="utf-8")


def shipped_actor_ids() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "strategy").rglob("*.md"))
    return set(re.findall(r":id: (AK_\w+)", text))


def load(roster: str = ROSTER, rules: str = RULES) -> Governance:
    return parse(roster, rules, shipped_actor_ids())


def test_shipped_governance_loads_with_one_key_per_seat_and_the_office() -> None:
    gov = load()
    assert gov.procedures["sitzung"].quorum <= len(gov.members)
    assert gov.procedures["umlauf"].quorum == len(gov.members)  # participation = "all"
    assert gov.procedures["umlauf"].objection_blocks
    signers = gov.signers()
    assert set(signers) == {*gov.members, OFFICE}
    assert all(k.startswith("ssh-ed25519 AAAA") for keys in signers.values() for k in keys)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "rules.toml",
            'majority = "simple"',
            'majority = "most"',
            "rules.toml: [sitzung]: key 'majority' must be one of",
        ),
        (
            "rules.toml",
            "quorum = 4",
            "quorum = 40",
            "rules.toml: [sitzung]: 40 votes required, but the roster has 6 seats",
        ),
        (
            "rules.toml",
            'participation = "all"',
            "participation = 0",
            "rules.toml: [umlauf]: key 'participation' must be a positive integer",
        ),
        (
            "rules.toml",
            "objection_blocks = true",
            "objection_blocks = 1",
            "rules.toml: [umlauf]: key 'objection_blocks' must be true or false",
        ),
        ("rules.toml", "[umlauf]", "[umlauf_x]", "rules.toml: table [umlauf] missing"),
        (
            "roster.toml",
            '"AK_BSW"',
            '"AK_NOPE"',
            "roster.toml: member #4 (bsw): organisation 'AK_NOPE'",
        ),
        (
            "roster.toml",
            'id = "bsw"\norganisation = "AK_BSW"\nkeys = ["ssh-ed25519 ',
            'id = "bsw"\norganisation = "AK_BSW"\nkeys = ["bsw ',
            "roster.toml: member #4 (bsw): key 'keys' must list SSH public key lines",
        ),
        (
            "roster.toml",
            'id = "bsw"',
            'id = "buw"',
            "roster.toml: member #4 (buw): duplicate id 'buw'",
        ),
        (
            "roster.toml",
            'id = "bsw"',
            'id = "projektbuero"',
            "member #4 (projektbuero): key 'id' must be a lower-case seat id",
        ),
        ("rules.toml", "quorum = 4", "quorum = = 4", "rules.toml:8: not valid TOML"),
    ],
)
def test_broken_governance_names_file_and_key(file: str, old: str, new: str, expected: str) -> None:
    texts = {"roster.toml": ROSTER, "rules.toml": RULES}
    assert old in texts[file]
    texts[file] = texts[file].replace(old, new)
    with pytest.raises(StratdocError) as err:
        load(texts["roster.toml"], texts["rules.toml"])
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_one_key_signs_for_one_seat_only() -> None:
    first, second = re.findall(r'keys = \["ssh-ed25519 (\S+)', ROSTER)[:2]
    with pytest.raises(StratdocError) as err:
        load(ROSTER.replace(second, first))
    assert "roster.toml: one key listed for 'buw' and 'bergische-ihk'" in str(err.value)


SITZUNG = Procedure("sitzung", 2, "simple", False)
UMLAUF = Procedure("umlauf", 3, "simple", True)
YES, NO, ABST = ("zustimmung", False), ("ablehnung", False), ("enthaltung", False)


@pytest.mark.parametrize(
    ("votes", "procedure", "expected"),
    [
        ({"a": YES}, SITZUNG, "no quorum: 1 of 2 required votes cast"),
        ({"a": YES, "b": NO}, SITZUNG, "no simple majority"),
        ({"a": YES, "b": YES}, SITZUNG, None),
        ({"a": YES, "b": ("zustimmung", True)}, SITZUNG, None),  # no objection in a Sitzung
        (
            {"a": YES, "b": YES},
            UMLAUF,
            "too few votes in the Umlaufverfahren: 2 of 3 required votes cast",
        ),
        (
            {"a": YES, "b": ("zustimmung", True), "c": YES},
            UMLAUF,
            "a member objected to the Umlaufverfahren; decide in a Sitzung",
        ),
        ({"a": YES, "b": ABST, "c": YES}, UMLAUF, None),
        ({"a": YES, "b": YES, "c": NO}, Procedure("sitzung", 2, "two_thirds", False), None),
        (
            {"a": YES, "b": ABST, "c": NO},
            Procedure("sitzung", 2, "two_thirds", False),
            "no two_thirds majority",
        ),
        (
            {"a": YES, "b": YES, "c": NO},
            Procedure("sitzung", 2, "unanimous", False),
            "no unanimous majority",
        ),
    ],
)
def test_tally_applies_quorum_majority_and_objection(
    votes: dict[str, tuple[str, bool]], procedure: Procedure, expected: str | None
) -> None:
    reason = refusal(count(votes, 3), procedure)
    assert (reason is None) if expected is None else (expected in (reason or ""))
