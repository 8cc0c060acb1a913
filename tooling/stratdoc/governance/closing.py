"""Eingangsvermerk: the project office closes an Umlaufverfahren with a signed record.

`governance/closings/<VERSION>/<UTC time>-umlauf.toml`, committed signed by a key of the
project office in force (`stratdoc close`). It names the call it closes, when, the tip of
the vote log and every vote commit for the Fassung in it: the votes received. A vote it does
not name does not count, however its record or commit is dated; an Umlauf whose call has no
such record is not adopted. The first valid record for the open call stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core.i18n import _
from stratdoc.governance import records
from stratdoc.governance.calls import Call, utc_time
from stratdoc.governance.roster import OFFICE

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import git

    from stratdoc.governance.inforce import InForce

CLOSINGS_DIR = "governance/closings"


@dataclass(frozen=True)
class Closing:
    version: str
    call: str  # the commit of the call it closes
    closed: str  # UTC, ISO 8601
    log: str  # the tip of the vote log when it was closed ("" when no vote was cast)
    votes: tuple[str, ...]  # every vote commit for the Fassung in that log
    commit: str  # the signed commit that wrote the record
    path: str


def record_text(version: str, call: str, closed: str, log: str, named: Sequence[str]) -> str:
    listed = "".join(f'  "{commit}",\n' for commit in named)
    return (
        f'fassung = "{version}"\ncall = "{call}"\nclosed = "{closed}"\nlog = "{log}"\n'
        f"votes = [\n{listed}]\n"
    )


def parse(record: records.Record, version: str) -> Closing | str:
    """The closing *record* states, or why it is malformed."""
    d = record.data
    named = d.get("votes")
    texts = [d.get(k) for k in ("call", "closed", "log")]
    if (
        d.get("fassung") != version
        or not all(isinstance(t, str) for t in texts)
        or not utc_time(str(d.get("closed")))
        or not isinstance(named, list)
        or not all(isinstance(v, str) for v in named)
    ):
        return _("malformed closing record (Eingangsvermerk)")
    return Closing(
        version, d["call"], d["closed"], d["log"], tuple(named), record.commit, record.path
    )


def closing_records(repo: git.Repo, rev: str, version: str) -> list[records.Record]:
    return records.read(repo, rev, f"{CLOSINGS_DIR}/{version}")


def find(
    repo: git.Repo,
    found: list[records.Record],
    version: str,
    call: Call,
    force: InForce,
    draft: Mapping[str, Sequence[str]],
) -> tuple[Closing | None, list[str]]:
    """The first valid closing of *call* among *found* (see closing_records), and why each
    other record does not count; records closing an earlier call are passed over."""
    keys, closing, problems = force.governance.signers(), None, []
    for record in found:
        parsed = parse(record, version)
        if not isinstance(parsed, str) and parsed.call != call.commit:
            continue
        why = (
            parsed
            if isinstance(parsed, str)
            else records.signer_problem(repo, record, keys, (OFFICE,), draft, force.source)
        )
        if why is not None:
            problems.append(f"{record.path}: {why}")
        elif closing is None:
            closing = parsed
    return closing, problems  # type: ignore[return-value]
