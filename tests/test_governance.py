"""Roster and decision rule: shipped files load; broken files give one line naming file and key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from stratdoc.core.errors import StratdocError
from stratdoc.core.project import Project
from stratdoc.governance.roster import Rules, load
from stratdoc.governance.tally import count, refusal

REPO = Path(__file__).resolve().parents[1]


def shipped_actor_ids() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "strategy").rglob("*.md"))
    return set(re.findall(r":id: (AK_\w+)", text))


@pytest.fixture
def gov_project(tmp_path: Path) -> Project:
    shutil.copytree(REPO / "governance", tmp_path / "governance")
    return Project(tmp_path)


def test_shipped_governance_loads_with_placeholder_identities(gov_project: Project) -> None:
    gov = load(gov_project, shipped_actor_ids())
    assert gov.rules.quorum <= len(gov.members)
    assert all(i.endswith("@example.org>") for m in gov.members.values() for i in m.identities)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("rules.toml", 'majority = "simple"', 'majority = "most"', "rules.toml: key 'majority'"),
        ("rules.toml", "quorum = 4", "quorum = 40", "rules.toml: key 'quorum' (40) exceeds"),
        ("rules.toml", "circulation = true", "circulation = 1", "rules.toml: key 'circulation'"),
        (
            "roster.toml",
            '"AK_BSW"',
            '"AK_NOPE"',
            "roster.toml: member #4 (bsw): organisation 'AK_NOPE'",
        ),
        (
            "roster.toml",
            "<bsw-vertretung@example.org>",
            "bsw",
            "roster.toml: member #4 (bsw): key 'identities'",
        ),
        ("roster.toml", 'id = "bsw"', 'id = "buw"', "roster.toml: member #4: duplicate id 'buw'"),
        ("rules.toml", "quorum = 4", "quorum = = 4", "rules.toml:5: not valid TOML"),
    ],
)
def test_broken_governance_names_file_and_key(
    gov_project: Project, file: str, old: str, new: str, expected: str
) -> None:
    path = gov_project.governance_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(StratdocError) as err:
        load(gov_project, shipped_actor_ids())
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("votes", "rules", "expected"),
    [
        ({"a": ("zustimmung", False)}, Rules(2, "simple", False), "no quorum"),
        (
            {"a": ("zustimmung", False), "b": ("ablehnung", False)},
            Rules(2, "simple", False),
            "no simple majority",
        ),
        ({"a": ("zustimmung", False), "b": ("zustimmung", False)}, Rules(2, "simple", False), None),
        (
            {"a": ("zustimmung", False), "b": ("zustimmung", True), "c": ("zustimmung", False)},
            Rules(2, "simple", True),
            "objected",
        ),
        (
            {"a": ("zustimmung", False), "b": ("zustimmung", False)},
            Rules(2, "simple", True),
            "every member",
        ),
        (
            {"a": ("zustimmung", False), "b": ("zustimmung", False), "c": ("ablehnung", False)},
            Rules(2, "two_thirds", False),
            None,
        ),
        (
            {"a": ("zustimmung", False), "b": ("enthaltung", False), "c": ("ablehnung", False)},
            Rules(2, "two_thirds", False),
            "no two_thirds majority",
        ),
        (
            {"a": ("zustimmung", False), "b": ("zustimmung", False), "c": ("ablehnung", False)},
            Rules(2, "unanimous", False),
            "no unanimous majority",
        ),
    ],
)
def test_tally_applies_quorum_majority_and_circulation(
    votes: dict[str, tuple[str, bool]], rules: Rules, expected: str | None
) -> None:
    reason = refusal(count(votes, 3), rules)
    assert (reason is None) if expected is None else (expected in (reason or ""))
