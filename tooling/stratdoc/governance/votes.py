"""Vote records: `governance/votes/<VERSION>/<UTC time>-<member>.toml`, one signed commit each."""

from __future__ import annotations

from dataclasses import dataclass

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


def parse(record: Record) -> Vote | None:
    """The vote *record* states, or None when it is malformed."""
    d = record.data
    fields = [d.get(k) for k in ("fassung", "member", "vote", "fingerprint", "call", "date")]
    if not all(isinstance(f, str) and f for f in fields) or d.get("vote") not in VOTES:
        return None
    objection = d.get("objection_to_procedure", False)
    if not isinstance(objection, bool) or not utc_time(d["date"]):
        return None
    return Vote(record.path, *fields, objection, record.commit)  # type: ignore[arg-type]
