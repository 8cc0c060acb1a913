"""The vote log of a Fassung: the vote commits a decision considered, and signed votes left out.

A decision is bound to its log: the release tag (and an Umlauf's Eingangsvermerk) names every
vote commit it considered and the log's tip. A signed vote answering the open call that some
ref holds (a branch, a remote-tracking branch, a tag) but the history of the revision lacks
was dropped (reset, force push) or is not merged yet; either way no decision is taken without
it. A vote that no ref holds any more cannot be seen: the forge must keep history intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.i18n import _
from stratdoc.governance import records, signatures, votes
from stratdoc.governance.roster import Member

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class Dropped:
    member: str
    vote: str
    commit: str
    ref: str  # one ref that holds it

    def line(self) -> str:
        return _(
            "the signed vote {commit} of seat '{member}' ({vote}) is in {ref} "
            "but missing from this vote log"
        ).format(commit=self.commit[:7], member=self.member, vote=self.vote, ref=self.ref)


def folder(version: str) -> str:
    return f"{votes.VOTES_DIR}/{version}"


def tip(repo: git.Repo, rev: str, version: str) -> str | None:
    """The newest commit in the history of *rev* that touched the Fassung's vote records."""
    touching = gitrepo.commits_touching(repo, rev, folder(version))
    return touching[0] if touching else None


def dropped(
    repo: git.Repo, rev: str, version: str, call: str, members: dict[str, Member]
) -> list[Dropped]:
    """Votes for *version* answering *call*, signed by a key of their seat in *members*, that
    some ref holds but the history of *rev* lacks."""
    found = []
    for commit, path in gitrepo.added_files_outside(repo, rev, folder(version)):
        vote = votes.parse(records.at(repo, commit, path))
        if isinstance(vote, str) or vote.version != version or vote.call != call:
            continue
        seat = members.get(vote.member)
        if seat is None:
            continue
        raw = gitrepo.raw_object(repo, commit)
        if signatures.check(raw, {seat.id: seat.keys}).state != signatures.GOOD:
            continue
        refs = gitrepo.refs_containing(repo, commit) or ["HEAD"]
        found.append(Dropped(vote.member, vote.vote, commit, refs[0]))
    return found
