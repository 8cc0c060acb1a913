"""The annotated release tag: a German message for people, one JSON line for `verify`.

The JSON line names the fingerprint, the tally and, per counted vote, the record's blob
id and author, so a shallow clone can still tell a changed vote record.
"""

from __future__ import annotations

import json
from typing import Any

from stratdoc.core.edition import german_date
from stratdoc.governance.adoption import Adoption

MARKER = "stratdoc-release: "


def tag_name(version: str) -> str:
    return f"v{version}"


def payload(adoption: Adoption, blobs: dict[str, str]) -> dict[str, Any]:
    """*blobs*: vote record path -> blob id at the released commit."""
    return {
        "fassung": adoption.version,
        "fingerprint": adoption.fingerprint,
        "date": adoption.date,
        "tally": adoption.tally.line(),
        "votes": [
            {
                "member": m,
                "vote": r.vote,
                "record": r.path,
                "blob": blobs[r.path],
                "author": r.author,
            }
            for m, r in sorted(adoption.votes.items())
        ],
    }


def message(adoption: Adoption, data: dict[str, Any]) -> str:
    return (
        f"Fassung {adoption.version}, beschlossen am {german_date(adoption.date)}\n\n"
        f"{adoption.tally.line()}\n"
        f"Inhalts-Fingerabdruck: {adoption.fingerprint}\n\n"
        f"{MARKER}{json.dumps(data, ensure_ascii=False, sort_keys=True)}\n"
    )


def parse(text: str) -> dict[str, Any] | None:
    for line in text.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    return None
