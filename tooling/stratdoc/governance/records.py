"""Signed records: TOML files under governance/ that count only as one signed commit wrote them.

A call or a vote is a file added by a commit signed with a key in force. The commit that
last touched the file must be that signed commit: an edit in any later commit voids it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.governance import signatures

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class Record:
    path: str
    data: dict
    commit: str  # the newest commit that touched the file
    touched: int  # how many commits touched it (1 for an untouched record)

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def read(repo: git.Repo, rev: str, folder: str) -> list[Record]:
    """Every record below *folder* at *rev*, oldest first (file names start with a UTC time)."""
    found = []
    for path, data in gitrepo.files_under(repo, rev, folder):
        try:
            parsed = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            parsed = {}
        commits = gitrepo.commits_touching(repo, rev, path)
        found.append(Record(path, parsed, commits[0], len(commits)))
    return sorted(found, key=lambda r: r.name)


def signer_problem(
    repo: git.Repo,
    record: Record,
    in_force: Mapping[str, Sequence[str]],
    allowed: Sequence[str],
    draft: Mapping[str, Sequence[str]],
    source: str,
) -> str | None:
    """Why *record* is not signed by one of the principals *allowed* under the keys *in_force*;
    *draft*: the keys of the roster at the revision itself, to name a key not yet in force."""
    if record.touched > 1:
        return f"changed after it was signed (commit {record.commit[:7]})"
    raw = gitrepo.raw_object(repo, record.commit)
    signature = signatures.check(raw, in_force)
    if signature.state == signatures.GOOD:
        if signature.principal in allowed:
            return None
        return f"signed with the key of '{signature.principal}', not of {' or '.join(allowed)}"
    if signature.state == signatures.UNKNOWN and draft:
        later = signatures.check(raw, draft)
        if later.state == signatures.GOOD:
            return (
                f"key of '{later.principal}' is not in the roster in force ({source}), "
                "only in the roster being voted on"
            )
    return {
        signatures.UNSIGNED: f"unsigned commit {record.commit[:7]}",
        signatures.INVALID: f"signature of commit {record.commit[:7]} does not verify",
    }.get(
        signature.state,
        f"unknown key: commit {record.commit[:7]} is signed by no key of the roster",
    )
