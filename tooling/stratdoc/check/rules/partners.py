"""The partner map (governance/partners.toml) names organisations of the strategy, each once."""

from __future__ import annotations

from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core import partners
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _

register(
    "partner-unknown-actor",
    ERROR,
    "the partner map names an AK_ id that is no Akteur of the strategy",
)
register(
    "partner-identity-twice",
    ERROR,
    "the partner map gives one forge account or e-mail domain to two organisations",
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    mapping = partners.load(ctx.project)
    for actor, line in mapping.actors.items():
        need = ctx.needs.get(actor)
        if need is None or need.get("type") != "akteur":
            yield ctx.finding(
                "partner-unknown-actor",
                mapping.path,
                line,
                _(
                    "{actor} is no Akteur of the strategy; use the AK_ id of its akteur directive"
                ).format(actor=actor),
                actor,
            )
    first: dict[tuple[str, str], str] = {}
    for entry in mapping.entries:
        key = (entry.kind, entry.value)
        owner = first.setdefault(key, entry.actor)
        if owner != entry.actor:
            yield ctx.finding(
                "partner-identity-twice",
                mapping.path,
                entry.line,
                _(
                    "{kind} {value} belongs to {owner} and to {actor}; "
                    "give it to one organisation only"
                ).format(
                    kind=_kind(entry.kind), value=repr(entry.value), owner=owner, actor=entry.actor
                ),
                entry.actor,
            )


def _kind(kind: str) -> str:
    """What the partner map's section *kind* holds, as the user reads it."""
    return _("account") if kind == "accounts" else _("e-mail domain")
