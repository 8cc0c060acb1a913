"""Whether the steering committee adopted a Fassung at a revision, and why each vote counts or not.

A vote counts when all of these hold: its record is well-formed and names this Fassung; its
one commit is signed by a key of its seat in the roster in force; it answers the open call
(by the deadline, for an Umlaufverfahren); it names the content fingerprint of the revision;
and it is the seat's newest such vote. The open call's procedure then decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import fingerprint
from stratdoc.core.i18n import _
from stratdoc.governance import calls, records, votes
from stratdoc.governance.inforce import InForce, governance_at, in_force
from stratdoc.governance.tally import Tally, count, refusal

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class Verdict:
    path: str
    member: str
    vote: str
    commit: str
    reason: str | None  # why it does not count; None when it does


@dataclass(frozen=True)
class Adoption:
    version: str
    fingerprint: str
    force: InForce
    call: calls.Call | None
    counted: dict[str, votes.Vote]  # member id -> the vote that counts
    tally: Tally
    refusal: str | None  # why it is not adopted; None when it is
    verdicts: list[Verdict] = field(default_factory=list)
    call_problems: list[str] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The day the last counted vote was cast: the adoption date."""
        return max((v.date[:10] for v in self.counted.values()), default="")


def _draft_keys(repo: git.Repo, rev: str) -> dict[str, tuple[str, ...]]:
    try:
        return governance_at(repo, rev).signers()
    except StratdocError:
        return {}


def call_records(repo: git.Repo, rev: str, version: str) -> list[records.Record]:
    return records.read(repo, rev, f"{calls.CALLS_DIR}/{version}")


def open_call(
    repo, found_calls: list[records.Record], version, force, draft
) -> tuple[calls.Call | None, list[str]]:
    """The newest valid call among *found_calls* (see call_records), and why each other
    call record does not count."""
    keys, found, problems = force.governance.signers(), None, []
    for record in found_calls:
        parsed = calls.parse(record, version)
        why = (
            parsed
            if isinstance(parsed, str)
            else records.signer_problem(repo, record, keys, tuple(keys), draft, force.source)
        )
        if why is None:
            found = parsed
        else:
            problems.append(f"{record.path}: {why}")
    return found, problems  # type: ignore[return-value]


def _reason(
    vote: votes.Vote | str, record, repo, force, draft, version, call, content
) -> str | None:
    if isinstance(vote, str):
        return vote
    if vote.version != version:
        return _("{where}: key 'fassung' is '{named}', but the record lies under {version}").format(
            where=record.where("fassung"), named=vote.version, version=version
        )
    member = force.governance.members.get(vote.member)
    if member is None:
        return _("'{member}' is no seat of the roster in force ({source})").format(
            member=vote.member, source=force.source
        )
    if why := records.signer_problem(
        repo, record, force.governance.signers(), (vote.member,), draft, force.source
    ):
        return why
    if call is None:
        return _("no open call (Beschlussvorlage) for this Fassung")
    if vote.call != call.commit:
        return _("answers call {answered}, not the open call {open}").format(
            answered=vote.call[:7], open=call.commit[:7]
        )
    if call.procedure == "umlauf" and vote.date[:10] > call.day:
        return _("cast on {date}, after the deadline {deadline}").format(
            date=vote.date[:10], deadline=call.day
        )
    if vote.fingerprint != content:
        return _("old fingerprint: cast for {voted}, the content is {content}").format(
            voted=vote.fingerprint[:12], content=content[:12]
        )
    return None


def decide(repo: git.Repo, rev: str, version: str, trust_root: str | None = None) -> Adoption:
    """The decision on *version* as recorded at *rev*, counted against the content of *rev*;
    *trust_root*: where the walk of adopted Fassungen starts (default: *rev*'s pin)."""
    return count_under(repo, rev, version, in_force(repo, version, rev, trust_root))


def count_under(repo: git.Repo, rev: str, version: str, force: InForce) -> Adoption:
    """The decision on *version* at *rev* under the governance *force*."""
    draft = _draft_keys(repo, rev)
    content = fingerprint(repo, rev)
    found_calls = call_records(repo, rev, version)
    call, call_problems = open_call(repo, found_calls, version, force, draft)
    verdicts, counted = [], {}
    cast = records.read(repo, rev, f"{votes.VOTES_DIR}/{version}")
    tampered = [r for r in [*found_calls, *cast] if r.tampered]
    for record in cast:
        vote = votes.parse(record)
        reason = _reason(vote, record, repo, force, draft, version, call, content)
        parsed = vote if isinstance(vote, votes.Vote) else None
        if reason is None and parsed is not None:
            counted[parsed.member] = parsed  # records sort by time: the newest wins
        verdicts.append(
            Verdict(
                record.path,
                parsed.member if parsed else "?",
                parsed.vote if parsed else "?",
                record.commit,
                reason,
            )
        )
    verdicts = [
        v
        if v.reason or counted[v.member].path == v.path
        else Verdict(v.path, v.member, v.vote, v.commit, _("replaced by a later vote of the seat"))
        for v in verdicts
    ]
    tally = count(
        {m: (v.vote, v.objection_to_procedure) for m, v in counted.items()},
        len(force.governance.members),
    )
    if tampered:
        first, more = tampered[0], len(tampered) - 1
        why = (
            _("{path}: {problem} (and {n} more)").format(
                path=first.path, problem=first.tampered, n=more
            )
            if more
            else f"{first.path}: {first.tampered}"
        )
    elif call is None:
        why = _(
            "no open call for Fassung {version}: "
            "open one with `stratdoc call {version} --procedure sitzung|umlauf`"
        ).format(version=version)
    else:
        why = refusal(tally, force.governance.procedures[call.procedure])
    return Adoption(version, content, force, call, counted, tally, why, verdicts, call_problems)
