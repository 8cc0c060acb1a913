"""The partner map governance/partners.toml: which organisation a forge account or e-mail is.

A partner who edits in the forge's browser editor writes no `Eingebracht-von:` trailer. The
map credits such commits to the organisation (an `AK_` id of the strategy) by the author's
forge account (its no-reply address) or the domain of the author's e-mail:

    [AK_BERGISCHE_IHK]
    accounts = ["ihk-wuppertal"]          # forge user names
    domains = ["wuppertal.ihk.de"]        # e-mail domains, subdomains included
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.core.project import Project

FILE = "partners.toml"
KINDS = ("accounts", "domains")
# GitHub: 12345+user@users.noreply.github.com; GitLab: 12-user@users.noreply.<host>
_NOREPLY = re.compile(r"^(?:\d+[+-])?(?P<user>[^@+]+)@users\.noreply\.[^@]+$", re.I)


@dataclass(frozen=True)
class Entry:
    actor: str  # AK_ id
    kind: str  # accounts | domains
    value: str  # lower case
    line: int | None  # in the file, for findings


@dataclass(frozen=True)
class PartnerMap:
    entries: tuple[Entry, ...] = ()
    actors: dict[str, int | None] = field(default_factory=dict)  # AK_ id -> line of its table
    path: str = f"governance/{FILE}"

    def organisation(self, email: str) -> tuple[str | None, str]:
        """(AK_ id, how: "Konto" or "Domain") of an author's e-mail; (None, "") if unknown.

        An account beats a domain; of several domains the longest (most specific) wins."""
        email = email.strip().lower()
        if match := _NOREPLY.match(email):
            user = match["user"]
            for e in self.entries:
                if e.kind == "accounts" and e.value == user:
                    return e.actor, "Konto"
        domain = email.rpartition("@")[2]
        hits = [
            e
            for e in self.entries
            if e.kind == "domains" and (domain == e.value or domain.endswith("." + e.value))
        ]
        if hits:
            return max(hits, key=lambda e: len(e.value)).actor, "Domain"
        return None, ""


def partners_file(project: Project) -> Path:
    return project.governance_dir / FILE


def load(project: Project) -> PartnerMap:
    """The project's partner map; an empty map when the file is absent.

    A file that is not TOML or not shaped as above is an EnvironmentProblem (exit 2)."""
    path = partners_file(project)
    where = project.relative(path)
    if not path.is_file():
        return PartnerMap(path=where)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EnvironmentProblem(
            _("{file}: not valid TOML: {error}").format(file=where, error=exc)
        ) from exc
    return parse(data, text, where)


def parse(data: dict, text: str, where: str) -> PartnerMap:
    lines = text.splitlines()
    entries: list[Entry] = []
    actors: dict[str, int | None] = {}
    for actor, table in data.items():
        if not isinstance(table, dict):
            raise EnvironmentProblem(
                _("{file}: {actor} must be a table [{actor}] with accounts and domains").format(
                    file=where, actor=actor
                )
            )
        unknown = sorted(set(table) - set(KINDS))
        if unknown:
            raise EnvironmentProblem(
                _("{file}: [{actor}] has unknown key(s) {unknown}; allowed: {allowed}").format(
                    file=where, actor=actor, unknown=", ".join(unknown), allowed=", ".join(KINDS)
                )
            )
        header = _line(lines, 0, f"[{actor}]")
        actors[actor] = header
        for kind in KINDS:
            values = table.get(kind, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise EnvironmentProblem(
                    _("{file}: [{actor}] {kind} must be a list of texts").format(
                        file=where, actor=actor, kind=kind
                    )
                )
            for value in values:
                line = _line(lines, (header or 1) - 1, f'"{value}"')
                clean = value.strip().lower().lstrip("@")
                entries.append(Entry(actor, kind, clean, line))
    return PartnerMap(tuple(entries), actors, where)


def _line(lines: list[str], start: int, needle: str) -> int | None:
    """1-based number of the first line from *start* on that contains *needle*."""
    for number, line in enumerate(lines[start:], start + 1):
        if needle in line.split("#", 1)[0] or (needle.startswith("[") and needle in line):
            return number
    return None
