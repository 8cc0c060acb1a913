"""Whether counted votes carry a resolution under the rule: quorum, majority, circulation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stratdoc.governance.roster import Rules

VOTES = ("zustimmung", "ablehnung", "enthaltung")


@dataclass(frozen=True)
class Tally:
    zustimmung: int
    ablehnung: int
    enthaltung: int
    members: int
    objection: bool

    @property
    def cast(self) -> int:
        return self.zustimmung + self.ablehnung + self.enthaltung

    def line(self) -> str:
        return (
            f"Zustimmung {self.zustimmung}, Ablehnung {self.ablehnung}, "
            f"Enthaltung {self.enthaltung} ({self.cast} von {self.members} Mitgliedern)"
        )


def count(votes: Mapping[str, tuple[str, bool]], members: int) -> Tally:
    """*votes*: member id → (vote, objection_to_procedure), one counted vote per member."""
    kinds = [v for v, _ in votes.values()]
    return Tally(
        kinds.count("zustimmung"),
        kinds.count("ablehnung"),
        kinds.count("enthaltung"),
        members,
        any(o for _, o in votes.values()),
    )


def refusal(tally: Tally, rules: Rules) -> str | None:
    """Why the tally carries no resolution, or None. Enthaltung counts for the quorum only."""
    if tally.cast < rules.quorum:
        return f"no quorum: {tally.cast} of {rules.quorum} required votes cast"
    if rules.circulation and tally.objection:
        return "a member objected to the circulation procedure (Umlaufverfahren)"
    if rules.circulation and tally.cast < tally.members:
        return f"Umlaufverfahren needs every member's vote: {tally.cast} of {tally.members} cast"
    yes, no = tally.zustimmung, tally.ablehnung
    carried = {
        "simple": yes > no,
        "two_thirds": yes * 3 >= (yes + no) * 2 and yes > 0,
        "unanimous": no == 0 and yes > 0,
    }[rules.majority]
    return None if carried else f"no {rules.majority} majority: {tally.line()}"
