"""Whether counted votes carry a resolution under a procedure: participation and majority."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stratdoc.core.i18n import _
from stratdoc.governance.roster import Procedure

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

    def shown(self) -> str:
        """The tally in the command line's language; line() is the record's, always German."""
        return _(
            "{yes} in favour, {no} against, {abstain} abstaining ({cast} of {seats} seats voted)"
        ).format(
            yes=self.zustimmung,
            no=self.ablehnung,
            abstain=self.enthaltung,
            cast=self.cast,
            seats=self.members,
        )

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


def refusal(tally: Tally, procedure: Procedure) -> str | None:
    """Why the tally carries no resolution, or None. Enthaltung counts for participation only."""
    if tally.cast < procedure.quorum:
        what = (
            _("no quorum: {cast} of {quorum} required votes cast")
            if procedure.name == "sitzung"
            else _("too few votes in the Umlaufverfahren: {cast} of {quorum} required votes cast")
        )
        return what.format(cast=tally.cast, quorum=procedure.quorum)
    if procedure.objection_blocks and tally.objection:
        return _("a member objected to the Umlaufverfahren; decide in a Sitzung")
    yes, no = tally.zustimmung, tally.ablehnung
    carried = {
        "simple": yes > no,
        "two_thirds": yes * 3 >= (yes + no) * 2 and yes > 0,
        "unanimous": no == 0 and yes > 0,
    }[procedure.majority]
    if carried:
        return None
    return {
        "simple": _("no simple majority: {tally}"),
        "two_thirds": _("no two_thirds majority: {tally}"),
        "unanimous": _("no unanimous majority: {tally}"),
    }[procedure.majority].format(tally=tally.shown())
