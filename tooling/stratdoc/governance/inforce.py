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


@dataclass(frozen=True)
class InForce:
    governance: Governance
    source: str  # where it was read, in words


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


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
    earlier = [v for v in gitrepo.release_tags(repo) if version_key(v) < version_key(version)]
    if trust_root is not None:
        earlier = [v for v in earlier if gitrepo.is_ancestor(repo, trust_root, f"v{v}")]
    return earlier


def signed_release(repo: git.Repo, version: str, trust_root: str | None) -> bool:
    """Whether tag v<version> is annotated and signed by a key in force for it: only such a
    tag puts its roster in force (a tag anyone can push grants nothing)."""
    raw = gitrepo.tag_object(repo, f"v{version}")
    if raw is None:
        return False
    force = in_force(repo, version, f"v{version}", trust_root)
    return signatures.check(raw, force.governance.signers()).state == signatures.GOOD


def in_force(repo: git.Repo, version: str, rev: str, trust_root: str | None) -> InForce:
    """The governance that decides *version*, released (or to be released) from *rev*."""
    for previous in reversed(earlier_releases(repo, version, trust_root)):
        if signed_release(repo, previous, trust_root):
            return InForce(governance_at(repo, f"v{previous}"), f"Fassung {previous}")
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
