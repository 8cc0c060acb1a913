"""Vote records: `governance/votes/<VERSION>/<UTC time>-<member>.toml`, one signed commit each."""

from __future__ import annotations

from dataclasses import dataclass

from stratdoc.core.i18n import _
from stratdoc.governance.calls import utc_time
from stratdoc.governance.records import Record
from stratdoc.governance.tally import VOTES

VOTES_DIR = "governance/votes"


@dataclass(frozen=True)
class Vote:
    path: str
    version: str
    member: str
    vote: str
    fingerprint: str
    call: str  # the commit of the call it answers
    date: str  # UTC, ISO 8601
    objection_to_procedure: bool
    commit: str  # the signed commit that wrote the record


def parse(record: Record) -> Vote | str:
    """The vote *record* states, or why it is malformed: `path:line: key 'x' …`."""
    if record.syntax:
        return f"{record.path}:{record.syntax}"
    d = record.data
    keys = ("fassung", "member", "vote", "fingerprint", "call", "date")
    for key in keys:
        if key not in d:
            return _("{path}: key '{key}' missing").format(path=record.path, key=key)
        if not isinstance(d[key], str) or not d[key]:
            return _("{where}: key '{key}' must be a non-empty string").format(
                where=record.where(key), key=key
            )
    if d["vote"] not in VOTES:
        return _("{where}: key 'vote' must be one of {choices}, not '{value}'").format(
            where=record.where("vote"), choices=", ".join(VOTES), value=d["vote"]
        )
    if not utc_time(d["date"]):
        return _(
            "{where}: key 'date' must be a UTC time YYYY-MM-DDTHH:MM:SSZ, not '{value}'"
        ).format(where=record.where("date"), value=d["date"])
    objection = d.get("objection_to_procedure", False)
    if not isinstance(objection, bool):
        return _("{where}: key 'objection_to_procedure' must be true or false").format(
            where=record.where("objection_to_procedure")
        )
    return Vote(record.path, *(d[k] for k in keys), objection, record.commit)
