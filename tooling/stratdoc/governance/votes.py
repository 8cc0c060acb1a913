"""Vote records under governance/votes/<VERSION>/: written per vote, counted only when genuine.

A record counts only if the last commit that touched it is authored by an identity the
roster allows for the member it names, and it names the current content fingerprint.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from stratdoc.governance.roster import Member
from stratdoc.governance.tally import VOTES

if TYPE_CHECKING:
    import git

VOTES_DIR = "governance/votes"


@dataclass(frozen=True)
class VoteRecord:
    path: str
    version: str
    member: str
    vote: str
    fingerprint: str
    commit: str
    date: str
    objection_to_procedure: bool
    author: str


def identity(actor: git.Actor) -> str:
    return f"{actor.name} <{actor.email}>"


def records(repo: git.Repo, rev: str, version: str) -> list[VoteRecord]:
    """Every vote record for *version* at *rev*, with the author of its last change."""
    tree = repo.commit(rev).tree
    folder = f"{VOTES_DIR}/{version}"
    try:
        blobs = [b for b in tree[folder].traverse() if b.type == "blob"]
    except KeyError:
        return []
    found = []
    for blob in blobs:
        data = tomllib.loads(blob.data_stream.read().decode("utf-8"))
        last = next(repo.iter_commits(rev, paths=blob.path, max_count=1))
        found.append(
            VoteRecord(
                blob.path,
                str(data.get("fassung", "")),
                str(data.get("member", "")),
                str(data.get("vote", "")),
                str(data.get("fingerprint", "")),
                str(data.get("commit", "")),
                str(data.get("date", "")),
                bool(data.get("objection_to_procedure", False)),
                identity(last.author),
            )
        )
    return sorted(found, key=lambda r: PurePosixPath(r.path).name)


def problem(record: VoteRecord, members: dict[str, Member], version: str) -> str | None:
    """Why *record* does not count (independent of the fingerprint), or None."""
    member = members.get(record.member)
    if member is None:
        return f"{record.path}: '{record.member}' is not a member of the roster"
    if record.author not in member.identities:
        return f"{record.path}: committed by {record.author}, not allowed for '{record.member}'"
    if record.vote not in VOTES or record.version != version:
        return f"{record.path}: malformed vote record"
    return None


def counted(
    found: list[VoteRecord], members: dict[str, Member], version: str, fingerprint: str
) -> dict[str, VoteRecord]:
    """Each member's latest valid vote for *fingerprint*; record names sort by time."""
    latest: dict[str, VoteRecord] = {}
    for record in found:
        if record.fingerprint == fingerprint and problem(record, members, version) is None:
            latest[record.member] = record
    return latest
