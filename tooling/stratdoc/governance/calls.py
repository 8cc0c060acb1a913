"""Beschlussvorlagen: a signed call opens the decision on a Fassung under one procedure.

`governance/calls/<VERSION>/<UTC time>-<procedure>.toml`, committed signed by a seat or the
project office in force. The newest valid call is the open one; votes answer it by its commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stratdoc.core.i18n import _
from stratdoc.governance.records import Record
from stratdoc.governance.roster import PROCEDURES

CALLS_DIR = "governance/calls"


@dataclass(frozen=True)
class Call:
    version: str
    procedure: str  # sitzung | umlauf
    day: str  # the meeting's date (sitzung) or the deadline (umlauf), YYYY-MM-DD
    commit: str
    path: str
    opened: str = ""  # UTC, ISO 8601, as the signed record states it

    def line(self) -> str:
        if self.procedure == "sitzung":
            return _("Sitzung on {day} (call {commit})").format(
                day=self.day, commit=self.commit[:7]
            )
        return _("Umlaufverfahren, deadline {day} (call {commit})").format(
            day=self.day, commit=self.commit[:7]
        )


def iso_day(value: object) -> str | None:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return None


def parse(record: Record, version: str) -> Call | str:
    """The call *record* states, or why it is malformed."""
    data = record.data
    key = {"sitzung": "date", "umlauf": "deadline"}.get(str(data.get("procedure")))
    if data.get("fassung") != version or key is None or data.get("procedure") not in PROCEDURES:
        return _("malformed call record")
    day = iso_day(data.get(key))
    if day is None:
        return _("malformed call record: '{key}' is not a date YYYY-MM-DD").format(key=key)
    opened = data.get("opened")
    opened = opened if isinstance(opened, str) and utc_time(opened) else ""
    return Call(version, data["procedure"], day, record.commit, record.path, opened)


def utc_time(value: str) -> bool:
    """Whether *value* is a UTC time as records write it: 2026-12-10T09:30:00Z."""
    try:
        dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
        return True
    except ValueError:
        return False


def deadline_passed(call: Call, today: str) -> bool:
    """Whether the Umlauf *call*'s last day lies before *today* (YYYY-MM-DD, UTC)."""
    return call.procedure == "umlauf" and today > call.day
