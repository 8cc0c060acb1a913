"""Measured values of an indicator, `:messwerte: 2023: 412; 2024: 430,5`, and German numbers.

One parser for the check, the history, the charts and the exports, so they never disagree
on a series. Numbers are German: a comma separates the decimals, a point groups thousands
(`1.250` is one thousand two hundred and fifty, `1.5` is no number: write `1,5`). Values
are Decimals and keep exactly the digits written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from stratdoc.core.i18n import _

_GERMAN = r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_ENTRY = re.compile(r"^\s*(?P<year>\d{4})\s*:\s*(?P<value>\S(?:.*\S)?)\s*$")
_VALUE = re.compile(rf"^{_GERMAN}$")
# a leading number ends where no digit, and no separator with a digit, follows
_LEADING = re.compile(rf"^\s*(?P<value>{_GERMAN})(?!\d|[.,]\d)")
_DECIMAL_POINT = re.compile(r"^[-+]?\d+\.\d+$")
_YEAR = re.compile(r"\b(20[2-4]\d)\b")

MALFORMED = "malformed"
ORDER = "order"
BEFORE_BASE = "before-base"
FUTURE = "future"

Series = list[tuple[int, Decimal]]


@dataclass(frozen=True)
class SeriesProblem:
    kind: str  # MALFORMED, ORDER, BEFORE_BASE or FUTURE
    message: str


def _decimal(german_text: str) -> Decimal:
    return Decimal(german_text.replace(".", "").replace(",", "."))


def value(text: str) -> Decimal | None:
    """*text* as one German number ("430,5", "1.250", "-3"); else None."""
    return _decimal(text.strip()) if _VALUE.match(text or "") else None


def number(text: str) -> Decimal | None:
    """The leading number of a free text such as "31 (2023)" or "1.250 Plätze"; else None
    (also for "1.5 …", which is no German number)."""
    m = _LEADING.match(text or "")
    return _decimal(m.group("value")) if m else None


def year_in(text: str) -> int | None:
    """A year named in a value such as "31 (Fassung 2.0, 2025)"; the last one when several."""
    found = _YEAR.findall(text or "")
    return int(found[-1]) if found else None


def parse(
    text: str, base_year: int | None = None, this_year: int | None = None
) -> tuple[Series, list[SeriesProblem]]:
    """(year, value) pairs of a `:messwerte:` series and every problem in it.

    Entries are `YEAR: VALUE` separated by ";", years strictly ascending, none before
    *base_year* or after *this_year* (where given). An entry that cannot be read, or whose
    year does not follow the one before, is left out; one before the base year or in the
    future is kept. Each is a problem, so no reader drops a value without saying so."""
    series: Series = []
    problems: list[SeriesProblem] = []
    for entry in (text or "").split(";"):
        if not entry.strip():
            continue
        m = _ENTRY.match(entry)
        amount = value(m.group("value")) if m else None
        if m is None or amount is None:
            problems.append(_malformed(entry.strip(), m.group("value") if m else None))
            continue
        year = int(m.group("year"))
        if series and year <= series[-1][0]:
            problems.append(
                SeriesProblem(
                    ORDER,
                    _("{year} follows {previous}; list the years in ascending order, once").format(
                        year=year, previous=series[-1][0]
                    ),
                )
            )
            continue
        if base_year is not None and year < base_year:
            problems.append(
                SeriesProblem(
                    BEFORE_BASE,
                    _(
                        "{year} lies before the base value's year {base_year}; "
                        "measure from the base year on"
                    ).format(year=year, base_year=base_year),
                )
            )
        if this_year is not None and year > this_year:
            problems.append(
                SeriesProblem(
                    FUTURE,
                    _(
                        "{year} lies after the current year {current}; "
                        "enter a value once it has been measured"
                    ).format(year=year, current=this_year),
                )
            )
        series.append((year, amount))
    return series, problems


def _malformed(entry: str, raw_value: str | None) -> SeriesProblem:
    if raw_value is not None and _DECIMAL_POINT.match(raw_value):
        return SeriesProblem(
            MALFORMED,
            _(
                "'{entry}': a point groups thousands in German numbers; "
                "write the decimals after a comma, e.g. '{fixed}'"
            ).format(entry=entry, fixed=raw_value.replace(".", ",")),
        )
    return SeriesProblem(
        MALFORMED,
        _("'{entry}' is not 'YEAR: VALUE'; write e.g. '2023: 412; 2024: 430,5'").format(
            entry=entry
        ),
    )


def german(amount: Decimal | int | float) -> str:
    """German notation with exactly the digits of *amount*: 1234.5 -> "1.234,5",
    Decimal("0.00001") -> "0,00001"; a whole float (an axis tick) without decimals."""
    if isinstance(amount, float):
        amount = int(amount) if amount.is_integer() else Decimal(repr(amount))
    exact = Decimal(amount)
    if exact == 0:
        exact = abs(exact)  # no "-0"
    text = f"{exact:,f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
