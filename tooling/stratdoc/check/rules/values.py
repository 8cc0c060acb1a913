"""Values: IDs unique and well-formed, values from the closed lists, plausible periods."""

from __future__ import annotations

from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _

register("id-duplicate", ERROR, "two needs share one ID")
register("id-pattern", ERROR, "an ID does not match the ID pattern or its type's prefix")
register("value-not-allowed", ERROR, "a field value outside its closed list or of the wrong kind")
register("period-reversed", ERROR, "a Maßnahme ends (:ende:) before it begins (:beginn:)")
register("status-before-start", ERROR, "status `umgesetzt` although :beginn: is a future year")

DONE = "umgesetzt"


def check(ctx: CheckContext) -> Iterator[Finding]:
    prefixes = {name: spec.get("prefix", "") for name, spec in ctx.model.types.items()}
    enums = {name: enum for name in ctx.model.fields if (enum := ctx.model.enum(name)) is not None}
    for need in ctx.needs.values():
        prefix = prefixes.get(need["type"], "")
        if prefix and not need["id"].startswith(prefix):
            yield ctx.need_finding(
                "id-pattern",
                need,
                "id",
                _("the ID of a {kind} starts with {prefix}").format(
                    kind=ctx.model.type_title(need["type"]), prefix=prefix
                ),
            )
        for name, enum in enums.items():
            value = need.get(name)
            if value not in (None, "") and value not in enum:
                choices = ", ".join(f"'{v}'" for v in enum)
                yield ctx.need_finding(
                    "value-not-allowed",
                    need,
                    name,
                    _(":{field}: '{value}' is not allowed; use one of {choices}").format(
                        field=name, value=value, choices=choices
                    ),
                )
        yield from _period(ctx, need)


def _period(ctx: CheckContext, need: dict) -> Iterator[Finding]:
    start, end = need.get("beginn"), need.get("ende")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        yield ctx.need_finding(
            "period-reversed",
            need,
            "ende",
            _(":ende: {end} lies before :beginn: {start}; correct one of the years").format(
                end=end, start=start
            ),
        )
    if need.get("status") == DONE and isinstance(start, int) and start > ctx.year:
        yield ctx.need_finding(
            "status-before-start",
            need,
            "status",
            _(
                "status '{status}' but the Maßnahme only begins in {start}; "
                "correct status or :beginn:"
            ).format(status=DONE, start=start),
        )
