"""The signed release tag: a German message for people, one JSON line for `verify`.

The JSON line names the fingerprint, the procedure and its call, the tally, the roster in
force, per counted vote the signed commit that cast it, and the vote log (vote_log).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from stratdoc.core.edition import german_date

if TYPE_CHECKING:
    from stratdoc.governance.adoption import Adoption

MARKER = "stratdoc-release: "
PROCEDURE = {"sitzung": "Sitzung", "umlauf": "Umlaufverfahren"}


def tag_name(version: str) -> str:
    return f"v{version}"


def payload(adoption: Adoption) -> dict[str, Any]:
    call = adoption.call
    assert call is not None  # only an adopted Fassung is tagged
    return {
        "fassung": adoption.version,
        "fingerprint": adoption.fingerprint,
        "date": adoption.date,
        "procedure": call.procedure,
        "call": call.commit,
        "roster_in_force": adoption.force.source,
        "tally": adoption.tally.line(),
        "votes": [
            {"member": m, "vote": v.vote, "commit": v.commit, "record": v.path}
            for m, v in sorted(adoption.counted.items())
        ],
        **vote_log(adoption),
    }


def vote_log(adoption: Adoption) -> dict[str, Any]:
    """What binds the decision to its vote log: every vote commit it considered, the log's
    tip, and an Umlauf's Eingangsvermerk; a vote dropped from the log shows against them."""
    return {
        "considered": adoption.considered,
        "log": adoption.log,
        "closing": adoption.closing.commit if adoption.closing else None,
    }


def bindings(adoption: Adoption, manifest_sha256: str) -> dict[str, Any]:
    """What the signature binds beyond the tally: the trust root, the Fassung whose roster
    decided (by its tag object) and the edition's manifest, by its SHA-256."""
    force = adoption.force
    source = {"fassung": force.previous, "tag": force.tag} if force.previous else None
    return {"trust_root": force.root, "roster_from": source, "manifest_sha256": manifest_sha256}


def message(adoption: Adoption, data: dict[str, Any]) -> str:
    call = adoption.call
    assert call is not None
    return (
        f"Fassung {adoption.version}, beschlossen am {german_date(adoption.date)} "
        f"({PROCEDURE[call.procedure]})\n\n"
        f"{adoption.tally.line()}\n"
        f"Inhalts-Fingerabdruck: {adoption.fingerprint}\n\n"
        f"{MARKER}{json.dumps(data, ensure_ascii=False, sort_keys=True)}\n"
    )


def parse(text: str) -> dict[str, Any] | None:
    for line in text.splitlines():
        if line.startswith(MARKER):
            try:
                return json.loads(line[len(MARKER) :])
            except json.JSONDecodeError:
                return None
    return None
