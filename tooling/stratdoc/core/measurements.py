"""Measured values of an indicator, `:messwerte: 2023: 412; 2024: 430,5`, and German numbers.

One parser for the check, the history and the editions, so they never disagree on a series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stratdoc.core.i18n import _

_ENTRY = re.compile(r"^\s*(?P<year>\d{4})\s*:\s*(?P<value>[-+]?[\d.]*\d(?:,\d+)?)\s*$")
_NUMBER = re.compile(r"^\s*(?P<value>[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-+]?\d+(?:[.,]\d+)?)\b")
_YEAR = re.compile(r"\b(20[2-4]\d)\b")

MALFORMED = "malformed"
ORDER = "order"


@dataclass(frozen=True)
class SeriesProblem:
    kind: str  # MALFORMED or ORDER
    message: str


def number(text: str) -> float | None:
    """The leading number of *text* in German notation ("430,5", "1.250", "31 (…)"); else None."""
    m = _NUMBER.match(text or "")
    if not m:
        return None
    raw = m.group("value")
    if "," in raw or re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", raw):  # 1.250 is a thousand
        raw = raw.replace(".", "").replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


def year_in(text: str) -> int | None:
    """A year named in a value such as "31 (Fassung 2.0, 2025)"; the last one when several."""
    found = _YEAR.findall(text or "")
    return int(found[-1]) if found else None


def parse(text: str) -> tuple[list[tuple[int, float]], SeriesProblem | None]:
    """(year, value) pairs of a `:messwerte:` series and the first problem, if any.

    Entries are `YEAR: VALUE` separated by ";", years strictly ascending. On a problem the
    pairs read so far are returned."""
    series: list[tuple[int, float]] = []
    if not (text or "").strip():
        return series, None
    for entry in text.split(";"):
        if not entry.strip():
            continue
        m = _ENTRY.match(entry)
        value = number(m.group("value")) if m else None
        if m is None or value is None:
            return series, SeriesProblem(
                MALFORMED,
                _("'{entry}' is not 'YEAR: VALUE'; write e.g. '2023: 412; 2024: 430,5'").format(
                    entry=entry.strip()
                ),
            )
        year = int(m.group("year"))
        if series and year <= series[-1][0]:
            return series, SeriesProblem(
                ORDER,
                _("{year} follows {previous}; list the years in ascending order, once").format(
                    year=year, previous=series[-1][0]
                ),
            )
        series.append((year, value))
    return series, None


def german(value: float, decimals: int | None = None) -> str:
    """1234.5 -> "1.234,5"; whole numbers without decimals."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
        decimals = min(decimals, 2)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
