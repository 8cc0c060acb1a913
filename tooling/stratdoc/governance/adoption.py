"""Whether the steering committee adopted a Fassung: counted votes for the content at a revision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.core.fingerprint import fingerprint
from stratdoc.governance.roster import Governance
from stratdoc.governance.tally import Tally, count, refusal
from stratdoc.governance.votes import VoteRecord, counted, records

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class Adoption:
    version: str
    fingerprint: str
    votes: dict[str, VoteRecord]  # member id -> the vote that counts
    tally: Tally
    refusal: str | None  # why it is not adopted; None when it is

    @property
    def date(self) -> str:
        """The day the last counted vote was cast: the adoption date."""
        return max((v.date[:10] for v in self.votes.values()), default="")


def tally_votes(gov: Governance, found: list[VoteRecord], version: str, content: str) -> Adoption:
    votes = counted(found, gov.members, version, content)
    tally = count(
        {m: (r.vote, r.objection_to_procedure) for m, r in votes.items()}, len(gov.members)
    )
    return Adoption(version, content, votes, tally, refusal(tally, gov.rules))


def adoption(gov: Governance, repo: git.Repo, rev: str, version: str) -> Adoption:
    """The votes for *version* recorded at *rev*, counted against the content of *rev*."""
    return tally_votes(gov, records(repo, rev, version), version, fingerprint(repo, rev))
