"""Traceability: links point at existing needs of the right type, and the chain
Befund -> Handlungsfeld -> Massnahme -> Akteur (and Indikator) has no gaps."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core.findings import ERROR, WARNING, Finding
from stratdoc.core.i18n import _

register("link-unknown-target", ERROR, "a link names an ID that no need has")
register("link-wrong-type", ERROR, "a link points at a need of a type the link does not allow")
register("measure-no-field", ERROR, "a Maßnahme contributes to no Handlungsfeld (:beitrag_zu:)")
register("measure-lead-count", ERROR, "a Maßnahme has no Federführung or more than one")
register("field-no-measure", ERROR, "no Maßnahme contributes to a Handlungsfeld")
register("field-no-finding", ERROR, "no Befund justifies a Handlungsfeld (:begruendet:)")
register("finding-unused", WARNING, "a Befund justifies no Handlungsfeld")
register("actor-unused", WARNING, "an Akteur leads or joins no Maßnahme")
register("indicator-no-target", WARNING, "an Indikator has no target value (:zielwert:)")


def check(ctx: CheckContext) -> Iterator[Finding]:
    for need in ctx.needs.values():
        yield from _targets(ctx, need)
        yield from _chain(ctx, need)


def _targets(ctx: CheckContext, need: dict) -> Iterator[Finding]:
    for link, spec in ctx.model.links.items():
        allowed = spec.get("target_types") or []
        for target in need.get(link) or []:
            other = ctx.needs.get(target)
            if other is None:
                yield ctx.need_finding(
                    "link-unknown-target", need, link, _unknown(ctx, link, target, allowed)
                )
            elif allowed and other["type"] not in allowed:
                kinds = _(" or ").join(ctx.model.type_title(t) for t in allowed)
                yield ctx.need_finding(
                    "link-wrong-type",
                    need,
                    link,
                    _(":{link}: points at {target}, a {kind}; it must name a {kinds}").format(
                        link=link,
                        target=target,
                        kind=ctx.model.type_title(other["type"]),
                        kinds=kinds,
                    ),
                )


def _unknown(ctx: CheckContext, link: str, target: str, allowed: list[str]) -> str:
    """The message for an unknown *target*, with the closest ID of a type the link allows."""
    known = [i for i, n in ctx.needs.items() if not allowed or n["type"] in allowed]
    close = difflib.get_close_matches(target, known, n=1)
    if close:
        return _(
            ":{link}: names {target}, an ID that does not exist — did you mean {close}?"
        ).format(link=link, target=target, close=close[0])
    return _(":{link}: names {target}, which no need has; fix the ID or add that need").format(
        link=link, target=target
    )


def _chain(ctx: CheckContext, need: dict) -> Iterator[Finding]:
    kind = need["type"]
    if kind == "massnahme":
        if not need.get("beitrag_zu"):
            yield ctx.need_finding(
                "measure-no-field",
                need,
                None,
                _("add :beitrag_zu: with the Handlungsfeld this Maßnahme contributes to"),
            )
        leads = need.get("federfuehrung") or []
        if len(leads) != 1:
            yield ctx.need_finding(
                "measure-lead-count",
                need,
                "federfuehrung" if leads else None,
                _(
                    "a Maßnahme needs exactly one Federführung, it has {count}; "
                    "name one Akteur in :federfuehrung: and the others in :beteiligt:"
                ).format(count=len(leads)),
            )
    elif kind == "handlungsfeld":
        if not need.get("beitrag_zu_back"):
            yield ctx.need_finding(
                "field-no-measure",
                need,
                None,
                _("no Maßnahme contributes to this Handlungsfeld; link one via :beitrag_zu:"),
            )
        if not need.get("begruendet_back"):
            yield ctx.need_finding(
                "field-no-finding",
                need,
                None,
                _("no Befund justifies this Handlungsfeld; add :begruendet: to a Befund"),
            )
    elif kind == "befund" and not need.get("begruendet"):
        yield ctx.need_finding(
            "finding-unused",
            need,
            None,
            _("this Befund justifies no Handlungsfeld; add :begruendet: or remove it"),
        )
    elif kind == "akteur" and not need.get("federfuehrung_back") and not need.get("beteiligt_back"):
        yield ctx.need_finding(
            "actor-unused",
            need,
            None,
            _("this Akteur leads or joins no Maßnahme; name it in :federfuehrung: or :beteiligt:"),
        )
    elif kind == "indikator" and not need.get("zielwert"):
        yield ctx.need_finding(
            "indicator-no-target", need, "zielwert", _("add the target value as :zielwert:")
        )
