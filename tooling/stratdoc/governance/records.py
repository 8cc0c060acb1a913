"""Signed records: TOML files under governance/ that count only as one signed commit wrote them.

A call or a vote is a file added by a commit signed with a key in force. Records are
append-only: they are read from the history (every file ever added below the folder), as
the commit that added them wrote them, so deleting or editing one later changes nothing
silently; such a record is reported as tampered, and the decision refused until restored.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.i18n import _
from stratdoc.governance import signatures

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class Record:
    path: str
    data: dict  # as the adding commit wrote it
    commit: str  # the commit that added the file
    tampered: str | None  # how the file differs at the revision read, or None
    text: str = ""  # as the adding commit wrote it
    syntax: str | None = None  # `line: why` when it is no valid TOML

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    def where(self, key: str) -> str:
        """`path:line` of the line that sets *key*; the path alone when none does."""
        found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", self.text, re.M)
        return (
            f"{self.path}:{self.text.count(chr(10), 0, found.start()) + 1}" if found else self.path
        )


def _toml(data: bytes | None) -> tuple[dict, str, str | None]:
    """(table, text, `line: problem` when it is no valid TOML)."""
    try:
        text = (data or b"").decode("utf-8")
    except UnicodeDecodeError:
        return {}, "", _("1: not UTF-8 text")
    try:
        return tomllib.loads(text), text, None
    except tomllib.TOMLDecodeError as exc:
        # tomllib before 3.14 carries the line only in its message
        line = re.search(r"at line (\d+)", str(exc))
        return (
            {},
            text,
            _("{line}: not valid TOML ({error})").format(
                line=line.group(1) if line else 1, error=exc
            ),
        )


def read(repo: git.Repo, rev: str, folder: str) -> list[Record]:
    """Every record ever added below *folder* in the history of *rev*, oldest first
    (file names start with a UTC time)."""
    found = {}
    for commit, path in gitrepo.added_files(repo, rev, folder):
        if path in found:  # added again after a deletion: the first, signed, one stands
            continue
        original = gitrepo.blob_at(repo, commit, path)
        now = gitrepo.blob_at(repo, rev, path)
        tampered = None
        if now != original:
            last = gitrepo.commits_touching(repo, rev, path)[0]
            tampered = (
                _("deleted after it was signed (commit {commit}); restore the signed record")
                if now is None
                else _("changed after it was signed (commit {commit}); restore the signed record")
            ).format(commit=last[:7])
        data, text, syntax = _toml(original)
        found[path] = Record(path, data, commit, tampered, text, syntax)
    return sorted(found.values(), key=lambda r: r.name)


def at(repo: git.Repo, commit: str, path: str) -> Record:
    """The record *path* as *commit* wrote it (a commit outside the history being read)."""
    data, text, syntax = _toml(gitrepo.blob_at(repo, commit, path))
    return Record(path, data, commit, None, text, syntax)


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
    if record.tampered:
        return record.tampered
    raw = gitrepo.raw_object(repo, record.commit)
    signature = signatures.check(raw, in_force)
    if signature.state == signatures.GOOD:
        if signature.principal in allowed:
            return None
        return _("signed with the key of '{principal}', not of {allowed}").format(
            principal=signature.principal, allowed=_(" or ").join(allowed)
        )
    if signature.state == signatures.UNKNOWN and draft:
        later = signatures.check(raw, draft)
        if later.state == signatures.GOOD:
            return _(
                "key of '{principal}' is not in the roster in force ({source}), "
                "only in the roster being voted on"
            ).format(principal=later.principal, source=source)
    return {
        signatures.UNSIGNED: _("unsigned commit {commit}"),
        signatures.INVALID: _("signature of commit {commit} does not verify"),
    }.get(
        signature.state,
        _("unknown key: commit {commit} is signed by no key of the roster"),
    ).format(commit=record.commit[:7])
