"""Whether the steering committee adopted a Fassung at a revision, and why each vote counts or not.

A vote counts when all of these hold: its record is well-formed and names this Fassung; its
one commit is signed by a key of its seat in the roster in force; it answers the open call;
it is dated neither before that call was opened nor before its parent commit; in an
Umlaufverfahren it is dated by the deadline and named in the project office's Eingangsvermerk;
it names the content fingerprint of the revision; and it is the seat's newest such vote. The
open call's procedure then decides; no decision is taken while a signed vote answering the
call is held by some ref but missing from the revision's history (see votelog), and an
Umlaufverfahren needs its Eingangsvermerk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import fingerprint
from stratdoc.core.i18n import _
from stratdoc.governance import calls, records, signatures, votelog, votes
from stratdoc.governance import closing as closings
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
    considered: list[str] = field(default_factory=list)  # every vote commit in the log
    log: str | None = None  # the tip of the vote log
    closing: closings.Closing | None = None  # the Eingangsvermerk of an Umlauf
    dropped: list[votelog.Dropped] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The day the last counted vote was cast: the adoption date."""
        return max((v.date[:10] for v in self.counted.values()), default="")

    @property
    def missing(self) -> list[str]:
        """The seats of the roster in force whose vote does not count (yet)."""
        return sorted(set(self.force.governance.members) - set(self.counted))


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


# how far a seat's clock may lag the clocks of the call's author and of its parent commit
CLOCK_SKEW = dt.timedelta(minutes=5)


def _utc(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _backdated(
    vote: votes.Vote, repo: git.Repo, call: calls.Call, signers: dict[str, tuple[str, ...]]
) -> str | None:
    """Why *vote*'s date cannot be true: before its call was opened, or before a parent commit
    signed by a key in force (an unsigned commit's date is anyone's to set)."""
    cast = _utc(vote.date) + CLOCK_SKEW
    if call.opened and cast < _utc(call.opened):
        return _("dated {date}, before its call was opened ({opened})").format(
            date=vote.date, opened=call.opened
        )
    for parent, time in gitrepo.parent_times(repo, vote.commit):
        if cast >= time:
            continue
        raw = gitrepo.raw_object(repo, parent)
        if signatures.check(raw, signers).state == signatures.GOOD:
            return _("dated {date}, before its parent commit {parent} ({time})").format(
                date=vote.date, parent=parent[:7], time=f"{time:%Y-%m-%dT%H:%M:%SZ}"
            )
    return None


def _reason(
    vote: votes.Vote | str,
    record,
    repo,
    force,
    draft,
    version,
    call,
    content,
    closing: closings.Closing | None,
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
    if why := _backdated(vote, repo, call, force.governance.signers()):
        return why
    if call.procedure == "umlauf" and vote.date[:10] > call.day:
        return _("cast on {date}, after the deadline {deadline}").format(
            date=vote.date[:10], deadline=call.day
        )
    if closing is not None and vote.commit not in closing.votes:
        return _("not received by the Eingangsvermerk {closing} of {closed}").format(
            closing=closing.commit[:7], closed=closing.closed
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
    found_closings = closings.closing_records(repo, rev, version)
    closing = None
    if call is not None and call.procedure == "umlauf":
        closing, closing_problems = closings.find(repo, found_closings, version, call, force, draft)
        call_problems += closing_problems
    verdicts, counted = [], {}
    cast = records.read(repo, rev, votelog.folder(version))
    tampered = [r for r in [*found_calls, *found_closings, *cast] if r.tampered]
    for record in cast:
        vote = votes.parse(record)
        reason = _reason(vote, record, repo, force, draft, version, call, content, closing)
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
    dropped = (
        votelog.dropped(repo, rev, version, call.commit, force.governance.members) if call else []
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
    elif dropped:
        why = dropped[0].line()
    else:
        why = refusal(tally, force.governance.procedures[call.procedure])
        if why is None and call.procedure == "umlauf" and closing is None:
            why = _(
                "the Umlaufverfahren is not closed: the project office records the votes "
                "received with `stratdoc close {version}`"
            ).format(version=version)
    return Adoption(
        version,
        content,
        force,
        call,
        counted,
        tally,
        why,
        verdicts,
        call_problems,
        considered=[r.commit for r in cast],
        log=votelog.tip(repo, rev, version),
        closing=closing,
        dropped=dropped,
    )
