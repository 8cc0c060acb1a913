"""Which partner organisation brought a change in: a commit trailer naming its AK_ id, or,
for a commit made in the forge's browser editor, the partner map (governance/partners.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.partners import PartnerMap

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


UNATTRIBUTED = "nicht zugeordnet"


@dataclass(frozen=True)
class Credit:
    """One organisation's part in a span of commits, or one author no organisation claims."""

    organisation: str | None  # AK_ id; None: nicht zugeordnet (see *authors*)
    authors: tuple[str, ...]  # "Name <e-mail>", first contribution first
    commits: tuple[str, ...]  # full SHAs, oldest first
    how: tuple[str, ...]  # "Trailer", "Konto", "Domain": what credited the organisation

    def label(self) -> str:
        """German, one line: "AK_IHK" or "nicht zugeordnet: Name <e-mail>"."""
        if self.organisation:
            return self.organisation
        return f"{UNATTRIBUTED}: {', '.join(self.authors)}"


def credits(
    repo: git.Repo,
    since: str | None,
    until: str,
    partners: PartnerMap,
    paths: tuple[str, ...] = ("strategy",),
) -> list[Credit]:
    """Who brought in the commits of since..until (merges left out) that touch *paths*.

    A commit counts for the organisations of its `Eingebracht-von:` trailers; without a
    trailer, for the organisation the partner map gives its author's forge account or
    e-mail domain; otherwise it is listed as nicht zugeordnet with its author, never dropped.
    Organisations in order of their first contribution, then the unattributed authors."""
    span = f"{since}..{until}" if since else until
    sep, end = "\x1f", "\x1e"
    fmt = f"--format=%H{sep}%an <%ae>{sep}%ae{sep}%(trailers:key={TRAILER},valueonly,separator=,)"
    out = repo.git.log("--reverse", "--no-merges", fmt + end, span, "--", *paths)
    found: dict[str | None | tuple[None, str], dict[str, list[str]]] = {}
    for record in out.split(end):
        if not record.strip():
            continue
        sha, author, email, trailers = record.strip("\n").split(sep)
        named = [t.strip() for t in trailers.split(",") if t.strip()]
        if named:
            hits = [(org, "Trailer") for org in named]
        else:
            org, how = partners.organisation(email)
            hits = [(org, how)] if org else [((None, author), "")]
        for org, how in hits:
            entry = found.setdefault(org, {"authors": [], "commits": [], "how": []})
            for key, value in (("authors", author), ("commits", sha), ("how", how)):
                if value and value not in entry[key]:
                    entry[key].append(value)
    orgs = [
        Credit(key, tuple(v["authors"]), tuple(v["commits"]), tuple(v["how"]))
        for key, v in found.items()
        if isinstance(key, str)
    ]
    others = [
        Credit(None, tuple(v["authors"]), tuple(v["commits"]), ())
        for key, v in found.items()
        if not isinstance(key, str)
    ]
    return orgs + others


@dataclass(frozen=True)
class Organisation:
    name: str  # an AK_ id, or the author's name when no trailer names one
    attributed: bool  # False: no Eingebracht-von trailer, *name* is the Git author


def organisation(
    repo: git.Repo, commit: gitrepo.LoggedCommit, partners: PartnerMap | None = None
) -> Organisation:
    """Who brought *commit* in: its Eingebracht-von trailer; for a merge without one, the
    trailers of the merged branch's commits; else the organisation the partner map gives
    the author's e-mail; else its author, marked not attributed."""
    values = list(commit.trailers)
    if not values and len(commit.parents) > 1:
        span = f"{commit.parents[0]}..{commit.parents[1]}"
        values = list(dict.fromkeys(gitrepo.trailer_values(repo, span, TRAILER)))
    if values:
        return Organisation(", ".join(dict.fromkeys(values)), True)
    mapped = partners.organisation(commit.email)[0] if partners else None
    return Organisation(mapped, True) if mapped else Organisation(commit.author, False)
