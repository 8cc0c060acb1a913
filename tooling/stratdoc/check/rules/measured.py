"""Measured values of indicators (`:messwerte:`): well-formed, ascending, not in the future."""

from __future__ import annotations

from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core import measurements
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _

register("measured-malformed", ERROR, "a :messwerte: entry is not 'YEAR: VALUE'")
register(
    "measured-order",
    ERROR,
    "a :messwerte: year is not after the one before it, or before the base value's year",
)
register("measured-future", ERROR, "a :messwerte: value for a year after the current one")

FIELD = "messwerte"


def check(ctx: CheckContext) -> Iterator[Finding]:
    for need in ctx.needs.values():
        text = need.get(FIELD)
        if not text:
            continue
        series, problem = measurements.parse(str(text))
        if problem is not None:
            code = (
                "measured-malformed" if problem.kind == measurements.MALFORMED else "measured-order"
            )
            yield ctx.need_finding(code, need, FIELD, f":{FIELD}: {problem.message}")
            continue
        base_year = measurements.year_in(str(need.get("basiswert") or ""))
        if base_year and series and series[0][0] < base_year:
            yield ctx.need_finding(
                "measured-order",
                need,
                FIELD,
                _(
                    ":{field}: {year} lies before the base value's year {base_year}; "
                    "measure from the base year on"
                ).format(field=FIELD, year=series[0][0], base_year=base_year),
            )
        if future := [year for year, _ in series if year > ctx.year]:
            yield ctx.need_finding(
                "measured-future",
                need,
                FIELD,
                _(
                    ":{field}: {year} lies after the current year {current}; "
                    "enter a value once it has been measured"
                ).format(field=FIELD, year=future[0], current=ctx.year),
            )
