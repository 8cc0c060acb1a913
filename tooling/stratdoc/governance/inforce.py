"""Which roster and rules decide a Fassung: those of the Fassung before it, never the branch's own.

For the first Fassung after the trust root they are the trust root's: by default the
release commit itself (reported as such), or the revision `--trust-root` pins. A roster
change is adopted like any text and applies from the next Fassung on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.governance import roster, signatures
from stratdoc.governance.roster import Governance

if TYPE_CHECKING:
    import git

AKTEUR_ID = re.compile(r"^:id:\s*(AK_\w+)", re.M)
VERSION = re.compile(r"^[1-9]\d*\.\d+$")


@dataclass(frozen=True)
class InForce:
    governance: Governance
    source: str  # where it was read, in words


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


def earlier_releases(repo: git.Repo, version: str, trust_root: str | None) -> list[str]:
    """The Fassungen before *version* that lie after the trust root, oldest first."""
    earlier = [
        v
        for v in gitrepo.release_tags(repo)
        if gitrepo.version_key(v) < gitrepo.version_key(version)
    ]
    if trust_root is not None:
        earlier = [v for v in earlier if gitrepo.is_ancestor(repo, trust_root, f"v{v}")]
    return earlier


def in_force(repo: git.Repo, version: str, rev: str, trust_root: str | None) -> InForce:
    """The governance that decides *version*, released (or to be released) from *rev*.

    That of the newest earlier Fassung whose tag is annotated and signed by a key in force
    for it (a tag anyone can push grants nothing); which keys those are follows the same
    rule one Fassung earlier, so the releases are walked once, oldest first.
    """
    current: InForce | None = None
    for previous in earlier_releases(repo, version, trust_root):
        raw = gitrepo.tag_object(repo, f"v{previous}")
        if raw is None:
            continue
        signers = (current or _root(repo, f"v{previous}", trust_root)).governance.signers()
        if signatures.check(raw, signers).state == signatures.GOOD:
            current = InForce(governance_at(repo, f"v{previous}"), f"Fassung {previous}")
    return current or _root(repo, rev, trust_root)


def _root(repo: git.Repo, rev: str, trust_root: str | None) -> InForce:
    """The governance before any signed Fassung: the trust root's, or that of *rev* itself."""
    if trust_root is not None:
        if not gitrepo.is_ancestor(repo, trust_root, rev):
            raise StratdocError(
                _("trust root {trust_root} is not an ancestor of {rev}").format(
                    trust_root=trust_root, rev=rev
                )
            )
        return InForce(
            governance_at(repo, trust_root),
            _("the trust root {commit} (--trust-root)").format(
                commit=gitrepo.rev_short(repo, trust_root)
            ),
        )
    return InForce(
        governance_at(repo, rev),
        _("the release commit {commit} itself (no earlier Fassung and no --trust-root)").format(
            commit=gitrepo.rev_short(repo, rev)
        ),
    )
