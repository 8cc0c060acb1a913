"""Roster and decision rule of the Steuerungsgremium, loaded from governance/ and validated."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from stratdoc.core.errors import StratdocError
from stratdoc.core.project import Project

MAJORITIES = ("simple", "two_thirds", "unanimous")
IDENTITY = re.compile(r"^[^<>]+ <[^<>@\s]+@[^<>\s]+>$")


@dataclass(frozen=True)
class Member:
    id: str
    organisation: str
    identities: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    quorum: int
    majority: str
    circulation: bool


@dataclass(frozen=True)
class Governance:
    members: dict[str, Member]
    rules: Rules


def _read(project: Project, name: str) -> tuple[str, dict]:
    path = project.governance_dir / name
    shown = project.relative(path)
    if not path.is_file():
        raise StratdocError(f"{shown}: missing; see governance/README.md")
    try:
        return shown, tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # tomllib before 3.14 carries the line only in its message
        found = re.search(r"at line (\d+)", str(exc))
        raise StratdocError(
            f"{shown}:{found.group(1) if found else 1}: not valid TOML ({exc})"
        ) from None


def load_rules(project: Project) -> Rules:
    shown, data = _read(project, "rules.toml")
    quorum, majority, circulation = (
        data.get("quorum"),
        data.get("majority"),
        data.get("circulation"),
    )
    if not isinstance(quorum, int) or isinstance(quorum, bool) or quorum < 1:
        raise StratdocError(f"{shown}: key 'quorum' must be a positive integer")
    if majority not in MAJORITIES:
        raise StratdocError(f"{shown}: key 'majority' must be one of {', '.join(MAJORITIES)}")
    if not isinstance(circulation, bool):
        raise StratdocError(f"{shown}: key 'circulation' must be true or false")
    return Rules(quorum, majority, circulation)


def load_roster(project: Project, actor_ids: set[str]) -> dict[str, Member]:
    """Members by id; every organisation must be one of *actor_ids* (the strategy's AK_ ids)."""
    shown, data = _read(project, "roster.toml")
    entries = data.get("member")
    if not isinstance(entries, list) or not entries:
        raise StratdocError(f"{shown}: no [[member]] entries")
    members: dict[str, Member] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{shown}: member #{n}"
        mid, org, ids = entry.get("id"), entry.get("organisation"), entry.get("identities")
        if not isinstance(mid, str) or not mid:
            raise StratdocError(f"{where}: key 'id' missing")
        if mid in members:
            raise StratdocError(f"{where}: duplicate id '{mid}'")
        if org not in actor_ids:
            raise StratdocError(
                f"{where} ({mid}): organisation '{org}' is not an akteur in strategy/"
            )
        if (
            not isinstance(ids, list)
            or not ids
            or not all(isinstance(i, str) and IDENTITY.match(i) for i in ids)
        ):
            raise StratdocError(
                f"{where} ({mid}): key 'identities' must list 'Name <email>' strings"
            )
        members[mid] = Member(mid, org, tuple(ids))
    return members


def load(project: Project, actor_ids: set[str]) -> Governance:
    members = load_roster(project, actor_ids)
    rules = load_rules(project)
    if rules.quorum > len(members):
        raise StratdocError(
            f"{project.relative(project.governance_dir / 'rules.toml')}: key 'quorum' "
            f"({rules.quorum}) exceeds the {len(members)} members of the roster"
        )
    return Governance(members, rules)


def actor_ids(project: Project) -> set[str]:
    """The AK_ ids declared in the strategy text (what roster organisations must name)."""
    found: set[str] = set()
    for path in project.strategy_dir.rglob("*.md"):
        found.update(re.findall(r"^:id:\s*(AK_\w+)", path.read_text(encoding="utf-8"), re.M))
    return found
