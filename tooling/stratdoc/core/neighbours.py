"""Neighbour networks ([[stratdoc.neighbour]] in ubproject.toml) and their stored needs.

A measure names a neighbour's need as `SHORT:ID` in `:abgestimmt_mit:`. The neighbour's
published needs.json is fetched by `stratdoc neighbours update` and stored under
governance/neighbours/<SHORT>-<Fassung>.json; the pin (Fassung and SHA-256) stays in the
neighbour's table. Check and editions read only the stored files, so they run offline.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.core.needs_data import Need
from stratdoc.core.project import Project

FIELD = "abgestimmt_mit"  # the measure's field: a list of "SHORT:ID"
FOLDER = "governance/neighbours"
KEYS = ("short_name", "name", "url", "fassung", "sha256")
PIN = ("fassung", "sha256")  # written by `stratdoc neighbours update`, empty before
TABLE = "[[stratdoc.neighbour]]"
SHORT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
FASSUNG = re.compile(r"^[0-9]+(\.[0-9]+)*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
SEPARATOR = ":"


@dataclass(frozen=True)
class Neighbour:
    short_name: str
    name: str
    url: str  # of a published Fassung's needs.json
    fassung: str  # pinned Fassung, "" before the first update
    sha256: str  # of the stored file, "" before the first update
    line: int  # of its [[stratdoc.neighbour]] header in ubproject.toml

    @property
    def pinned(self) -> bool:
        return bool(self.fassung and self.sha256)

    def stored(self, root: Path, fassung: str | None = None) -> Path:
        """governance/neighbours/<SHORT>-<Fassung>.json below *root* (default: the pin)."""
        return root / FOLDER / f"{self.short_name}-{fassung or self.fassung}.json"

    def page_url(self, need: Need) -> str:
        """The neighbour's page of *need*: beside its needs.json, <docname>.html#<ID>."""
        base = self.url.rsplit("/", 1)[0]
        return f"{base}/{need['docname']}.html#{need['id']}"


def split_ref(value: str) -> tuple[str, str] | None:
    """("ATLAS", "MA_X") for "ATLAS:MA_X"; None for a value without that shape."""
    short, sep, need_id = value.strip().partition(SEPARATOR)
    return (short, need_id) if sep and short and need_id else None


def load(project: Project, settings: dict[str, Any] | None = None) -> dict[str, Neighbour]:
    """The project's neighbours by short name, in the order of ubproject.toml; *settings*:
    its [stratdoc] table where the caller has parsed it already."""
    from stratdoc.core.model import load_model

    if settings is None:
        settings = load_model(project.config_file).settings
    text = project.config_file.read_text(encoding="utf-8")
    return from_settings(settings, project.relative(project.config_file), text)


def table_lines(text: str) -> list[tuple[int, int]]:
    """(first, end) line numbers (1-based, end exclusive) of each [[stratdoc.neighbour]]."""
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if line.strip() == TABLE]
    spans = []
    for start in starts:
        end = start + 1
        while end <= len(lines) and not lines[end - 1].lstrip().startswith("["):
            end += 1
        spans.append((start, end))
    return spans


def from_settings(settings: dict[str, Any], where: str, text: str) -> dict[str, Neighbour]:
    """The [[stratdoc.neighbour]] tables of *settings*; a wrong one is exit 2 naming *where*."""
    tables = settings.get("neighbour", [])
    spans = table_lines(text)

    def wrong(line: int, problem: str) -> EnvironmentProblem:
        return EnvironmentProblem(
            _(
                "{file}:{line}: [[stratdoc.neighbour]] {problem}; see README, "
                "section Mit anderen Netzwerken verknüpfen"
            ).format(file=where, line=line, problem=problem)
        )

    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise wrong(1, _("must be a list of tables"))
    found: dict[str, Neighbour] = {}
    for index, table in enumerate(tables):
        line = spans[index][0] if index < len(spans) else 1
        unknown = sorted(set(table) - set(KEYS))
        if unknown:
            raise wrong(
                line,
                _("has unknown key(s) {unknown}; allowed: {allowed}").format(
                    unknown=", ".join(unknown), allowed=", ".join(KEYS)
                ),
            )
        if not all(isinstance(table.get(k, ""), str) for k in KEYS):
            raise wrong(line, _("all values must be text"))
        values = {k: table.get(k, "").strip() for k in KEYS}
        missing = [k for k in KEYS if k not in PIN and not values[k]]
        if missing:
            raise wrong(line, _("needs {missing} (text)").format(missing=", ".join(missing)))
        short = values["short_name"]
        if not SHORT_NAME.match(short):
            raise wrong(
                line,
                _("short_name {short} must be letters, digits and '-'").format(short=repr(short)),
            )
        if short in found:
            raise wrong(line, _("short_name {short} appears twice").format(short=repr(short)))
        if bool(values["fassung"]) != bool(values["sha256"]):
            raise wrong(line, _("fassung and sha256 are set together (by neighbours update)"))
        if values["fassung"] and not FASSUNG.match(values["fassung"]):
            raise wrong(
                line, _("fassung {v} is no Fassung number").format(v=repr(values["fassung"]))
            )
        if values["sha256"] and not SHA256.match(values["sha256"]):
            raise wrong(line, _("sha256 must be 64 lower-case hex digits"))
        found[short] = Neighbour(line=line, **values)
    return found


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_needs(data: bytes) -> dict[str, Need]:
    """The needs of a published needs.json; ValueError saying what is wrong."""
    try:
        doc = json.loads(data.decode("utf-8"))
        needs = doc["versions"][doc["current_version"]]["needs"]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(_("not JSON ({error})").format(error=exc)) from None
    except (KeyError, TypeError):
        raise ValueError(_("no needs under versions/<current_version>/needs")) from None
    if not isinstance(needs, dict) or not all(
        isinstance(n, dict) and isinstance(n.get("docname"), str) and n.get("id") == key
        for key, n in needs.items()
    ):
        raise ValueError(_("its needs lack id or docname"))
    return needs


def read_stored(path: Path) -> dict[str, Need]:
    """The needs of a stored file (checked by `neighbours update` before it was stored)."""
    return parse_needs(path.read_bytes())


def stored_fassungen(root: Path, neighbour: Neighbour) -> list[str]:
    """The Fassungen stored for *neighbour*, oldest first (1.10 after 1.9)."""
    prefix = f"{neighbour.short_name}-"
    found = [
        p.name[len(prefix) : -len(".json")]
        for p in (root / FOLDER).glob(f"{prefix}*.json")
        if FASSUNG.match(p.name[len(prefix) : -len(".json")])
    ]
    from stratdoc.core.gitrepo import version_key

    return sorted(found, key=version_key)


def status_changes(
    short: str, linked: Iterable[str], old: dict[str, Need], new: dict[str, Need]
) -> list[tuple[str, str, str | None]]:
    """(SHORT:ID, status in *old*, status in *new* or None when gone) for each linked need
    of *short* in *old* whose status *new* changes or which *new* lacks."""
    found = []
    for value in sorted(set(linked)):
        ref = split_ref(value)
        if ref is None or ref[0] != short or ref[1] not in old:
            continue
        before = str(old[ref[1]].get("status") or "")
        after = new.get(ref[1])
        if after is None or str(after.get("status") or "") != before:
            found.append((value, before, None if after is None else str(after.get("status") or "")))
    return found
