"""Which roster and rules decide a Fassung: those of the Fassung before it, never the branch's own.

For the first Fassung after the trust root (pinned in ubproject.toml) they are the trust
root's. A roster change is adopted like any text and applies from the next Fassung on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.governance import roster, signatures, trustroot
from stratdoc.governance.roster import Governance
from stratdoc.governance.tag import parse, tag_name

if TYPE_CHECKING:
    import git

AKTEUR_ID = re.compile(r"^:id:\s*(AK_\w+)", re.M)
VERSION = re.compile(r"^[1-9]\d*\.\d+$")


@dataclass(frozen=True)
class InForce:
    governance: Governance
    source: str  # where it was read, in words
    root: str  # the trust root the walk started from
    previous: str | None = None  # the Fassung whose roster it is; None: the trust root's
    tag: str | None = None  # that Fassung's tag object


def refuse_version(repo: git.Repo, version: str) -> None:
    """Refuse a malformed version, or one not greater than the last Fassung."""
    if not VERSION.match(version):
        raise StratdocError(
            _("{version}: not a Fassung number; use MAJOR.MINOR such as 1.0 or 1.1").format(
                version=version
            )
        )
    tags = gitrepo.release_tags(repo)
    if version in tags:
        raise StratdocError(
            _("tag {tag} exists; a Fassung is released only once").format(tag=f"v{version}")
        )
    if tags and gitrepo.version_key(version) <= gitrepo.version_key(tags[-1]):
        raise StratdocError(
            _("{version} is not greater than the last Fassung {last}").format(
                version=version, last=tags[-1]
            )
        )


def governance_at(repo: git.Repo, rev: str) -> Governance:
    """Roster and rules as committed at *rev*, checked against the akteure of *rev*."""
    texts = {}
    for name in ("roster.toml", "rules.toml"):
        data = gitrepo.blob_at(repo, rev, f"governance/{name}")
        if data is None:
            raise StratdocError(
                _("{rev}: governance/{name} missing; see governance/README.md").format(
                    rev=rev, name=name
                )
            )
        texts[name] = data.decode("utf-8", "replace")
    actors = set(AKTEUR_ID.findall(gitrepo.grep_at(repo, rev, r"^:id:\s*AK_", "strategy")))
    return roster.parse(texts["roster.toml"], texts["rules.toml"], actors, f"{rev}:governance")


def earlier_releases(repo: git.Repo, version: str, rev: str, root: str) -> dict[str, str]:
    """The Fassungen before *version* in *rev*'s history after the trust root, oldest first:
    version -> tag commit. A tag on a side branch is none of them."""
    merged = gitrepo.release_tag_commits(repo, rev)
    trustroot.refuse_moved_pin(repo, root, merged)
    key = gitrepo.version_key(version)
    return {
        v: merged[v]
        for v in sorted(merged, key=gitrepo.version_key)
        if gitrepo.version_key(v) < key and gitrepo.is_ancestor(repo, root, merged[v])
    }


def in_force(repo: git.Repo, version: str, rev: str, root: str | None = None) -> InForce:
    """The governance that decides *version*, released (or to be released) from *rev*.

    *root*: the trust root (default: the one *rev* pins). Its roster decides the first
    Fassung after it; each later one is decided by the roster of the newest earlier Fassung
    in *rev*'s history that was adopted: its tag signed by a key in force for it and its
    votes carrying it under that roster. So the releases are walked once, oldest first.
    """
    if root is None:
        root = trustroot.pinned(repo, rev)
    current = InForce(
        governance_at(repo, root),
        _("the trust root {commit} (ubproject.toml)").format(commit=root[:7]),
        root,
    )
    for previous, commit in earlier_releases(repo, version, rev, root).items():
        tag = gitrepo.tag_object_id(repo, tag_name(previous))
        if tag is not None and _adopted(repo, previous, commit, tag, current):
            current = InForce(
                governance_at(repo, commit), f"Fassung {previous}", root, previous, tag
            )
    return current


_ADOPTED: dict[tuple[str, str, str], bool] = {}


def _adopted(repo: git.Repo, version: str, commit: str, tag: str, force: InForce) -> bool:
    """Whether tag object *tag* of *version* is signed in *force* and its votes carry it."""
    key = (str(repo.git_dir), tag, force.source + (force.tag or force.root))
    if key not in _ADOPTED:
        raw = gitrepo.raw_object(repo, tag)
        data = parse(raw.decode("utf-8", "replace"))
        ok = data is not None and (
            signatures.check(raw, force.governance.signers()).state == signatures.GOOD
        )
        if ok:
            # deciding N needs N-1 adopted, and the recount needs the tally: imported here
            from stratdoc.governance.adoption import count_under

            result = count_under(repo, commit, version, force)
            ok = result.refusal is None and result.fingerprint == data.get("fingerprint")
        _ADOPTED[key] = ok
    return _ADOPTED[key]
