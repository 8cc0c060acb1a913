"""Roster and decision rules of the Steuerungsgremium, read from governance/ and validated.

The roster names each seat's organisation and SSH signing keys; the rules name, per
procedure (Sitzung, Umlaufverfahren), who must take part and which majority carries.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _

MAJORITIES = ("simple", "two_thirds", "unanimous")
PROCEDURES = ("sitzung", "umlauf")
OFFICE = "projektbuero"  # principal of the project office's keys: may open calls and release
KEY = re.compile(
    r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com"
    r"|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]{16,}={0,3}(?: .*)?$"
)


@dataclass(frozen=True)
class Member:
    id: str
    organisation: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Procedure:
    name: str  # sitzung | umlauf
    quorum: int  # votes (Enthaltung included) that must be cast
    majority: str
    objection_blocks: bool  # one member objecting to the procedure defeats it (Umlauf)


@dataclass(frozen=True)
class Governance:
    members: dict[str, Member]
    office_keys: tuple[str, ...]
    procedures: dict[str, Procedure]

    def signers(self) -> dict[str, tuple[str, ...]]:
        """Every key in force by principal: the seats, and the project office."""
        found = {m.id: m.keys for m in self.members.values()}
        if self.office_keys:
            found[OFFICE] = self.office_keys
        return found


def key_id(line: str) -> str:
    """Type and key material of an SSH public key line, without its comment."""
    return " ".join(line.split()[:2])


def _parse(text: str, shown: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib before 3.14 carries the line only in its message
        found = re.search(r"at line (\d+)", str(exc))
        raise StratdocError(
            _("{file}:{line}: not valid TOML ({error})").format(
                file=shown, line=found.group(1) if found else 1, error=exc
            )
        ) from None


def _keys(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(k, str) and KEY.match(k) for k in value):
        raise StratdocError(
            _(
                "{where}: key 'keys' must list SSH public key lines ('ssh-ed25519 AAAA… comment')"
            ).format(where=where)
        )
    return tuple(value)


def parse_roster(
    text: str, shown: str, actor_ids: set[str]
) -> tuple[dict[str, Member], tuple[str, ...]]:
    """Members by id and the office keys; organisations must be akteure of the strategy."""
    data = _parse(text, shown)
    entries = data.get("member")
    if not isinstance(entries, list) or not entries:
        raise StratdocError(_("{file}: no [[member]] entries").format(file=shown))
    members: dict[str, Member] = {}
    owner: dict[str, str] = {}
    for n, entry in enumerate(entries, 1):
        mid, org = entry.get("id"), entry.get("organisation")
        where = (
            _("{file}: member #{n} ({id})").format(file=shown, n=n, id=mid)
            if isinstance(mid, str)
            else _("{file}: member #{n}").format(file=shown, n=n)
        )
        if (
            not isinstance(mid, str)
            or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", mid)
            or mid == OFFICE
        ):
            raise StratdocError(
                _("{where}: key 'id' must be a lower-case seat id such as 'buw'").format(
                    where=where
                )
            )
        if mid in members:
            raise StratdocError(_("{where}: duplicate id '{id}'").format(where=where, id=mid))
        if org not in actor_ids:
            raise StratdocError(
                _("{where}: organisation '{organisation}' is not an akteur in strategy/").format(
                    where=where, organisation=org
                )
            )
        members[mid] = Member(mid, org, _keys(entry.get("keys", []), where))
    office = data.get("office", {})
    office_keys = _keys(
        office.get("keys", []) if isinstance(office, dict) else None, f"{shown}: [office]"
    )
    for principal, keys in [*((m.id, m.keys) for m in members.values()), (OFFICE, office_keys)]:
        for key in keys:
            if owner.setdefault(key_id(key), principal) != principal:
                raise StratdocError(
                    _(
                        "{file}: one key listed for '{first}' and '{second}'; "
                        "each key signs for one seat only"
                    ).format(file=shown, first=owner[key_id(key)], second=principal)
                )
    return members, office_keys


def _count(value: object, key: str, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise StratdocError(
            _("{where}: key '{key}' must be a positive integer").format(where=where, key=key)
        )
    return value


def parse_rules(text: str, shown: str, seats: int) -> dict[str, Procedure]:
    data = _parse(text, shown)
    found = {}
    for name in PROCEDURES:
        table = data.get(name)
        if not isinstance(table, dict):
            raise StratdocError(
                _("{file}: table [{name}] missing; see governance/README.md").format(
                    file=shown, name=name
                )
            )
        where = f"{shown}: [{name}]"
        majority = table.get("majority")
        if majority not in MAJORITIES:
            raise StratdocError(
                _("{where}: key 'majority' must be one of {choices}").format(
                    where=where, choices=", ".join(MAJORITIES)
                )
            )
        if name == "sitzung":
            quorum, blocks = _count(table.get("quorum"), "quorum", where), False
        else:
            part = table.get("participation")
            quorum = seats if part == "all" else _count(part, "participation", where)
            blocks = table.get("objection_blocks")
            if not isinstance(blocks, bool):
                raise StratdocError(
                    _("{where}: key 'objection_blocks' must be true or false").format(where=where)
                )
        if quorum > seats:
            raise StratdocError(
                _("{where}: {quorum} votes required, but the roster has {seats} seats").format(
                    where=where, quorum=quorum, seats=seats
                )
            )
        found[name] = Procedure(name, quorum, majority, blocks)
    return found


def parse(roster: str, rules: str, actor_ids: set[str], where: str = "governance") -> Governance:
    members, office = parse_roster(roster, f"{where}/roster.toml", actor_ids)
    return Governance(members, office, parse_rules(rules, f"{where}/rules.toml", len(members)))
