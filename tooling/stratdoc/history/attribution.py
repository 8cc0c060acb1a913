"""Which partner organisation brought a change in: a commit trailer naming its AK_ id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo

if TYPE_CHECKING:
    import git

TRAILER = "Eingebracht-von"


def trailer(actor_id: str) -> str:
    return f"{TRAILER}: {actor_id}"


def contributors(repo: git.Repo, since: str | None, until: str = "HEAD") -> list[str]:
    """AK_ ids named in the trailers of the commits in since..until, oldest contribution first."""
    span = f"{since}..{until}" if since else until
    fmt = f"--format=%(trailers:key={TRAILER},valueonly,separator=%x0a)"
    out = repo.git.log("--reverse", span, fmt)
    seen: dict[str, None] = {}
    for line in out.splitlines():
        if value := line.strip():
            seen.setdefault(value, None)
    return list(seen)


def organisations(
    repo: git.Repo, since: str | None, by_identity: dict[str, str], paths: tuple[str, ...]
) -> list[str]:
    """AK_ ids from the trailers, then those whose identity authored a change to *paths*."""
    found = contributors(repo, since)
    span = f"{since}..HEAD" if since else "HEAD"
    for commit in repo.iter_commits(span, paths=list(paths), reverse=True):
        org = by_identity.get(f"{commit.author.name} <{commit.author.email}>")
        if org and org not in found:
            found.append(org)
    return found


@dataclass(frozen=True)
class Organisation:
    name: str  # an AK_ id, or the author's name when no trailer names one
    attributed: bool  # False: no Eingebracht-von trailer, *name* is the Git author


def organisation(repo: git.Repo, commit: gitrepo.LoggedCommit) -> Organisation:
    """Who brought *commit* in: its Eingebracht-von trailer; for a merge without one, the
    trailers of the merged branch's commits; else its author, marked not attributed.

    The one place that maps a commit to an organisation (a partner map by author
    identity can be added here)."""
    values = list(commit.trailers)
    if not values and len(commit.parents) > 1:
        span = f"{commit.parents[0]}..{commit.parents[1]}"
        values = list(dict.fromkeys(gitrepo.trailer_values(repo, span, TRAILER)))
    if values:
        return Organisation(", ".join(dict.fromkeys(values)), True)
    return Organisation(commit.author, False)
