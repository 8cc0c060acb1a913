"""Which partner organisation brought a change in: a commit trailer naming its AK_ id."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
