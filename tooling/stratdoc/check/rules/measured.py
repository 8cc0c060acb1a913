"""Measured values of indicators (`:messwerte:`): well-formed, ascending, not in the future."""

from __future__ import annotations

from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core import measurements
from stratdoc.core.findings import ERROR, Finding

register("measured-malformed", ERROR, "a :messwerte: entry is not 'YEAR: VALUE'")
register(
    "measured-order",
    ERROR,
    "a :messwerte: year is not after the one before it, or before the base value's year",
)
register("measured-future", ERROR, "a :messwerte: value for a year after the current one")

FIELD = "messwerte"
CODES = {
    measurements.MALFORMED: "measured-malformed",
    measurements.ORDER: "measured-order",
    measurements.BEFORE_BASE: "measured-order",
    measurements.FUTURE: "measured-future",
}


def check(ctx: CheckContext) -> Iterator[Finding]:
    for need in ctx.needs.values():
        text = need.get(FIELD)
        if not text:
            continue
        base_year = measurements.year_in(str(need.get("basiswert") or ""))
        _series, problems = measurements.parse(str(text), base_year, ctx.year)
        for problem in problems:
            yield ctx.need_finding(CODES[problem.kind], need, FIELD, f":{FIELD}: {problem.message}")
