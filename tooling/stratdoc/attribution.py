"""Which partner organisation brought a change in: a commit trailer naming its AK_ id."""

from __future__ import annotations

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
