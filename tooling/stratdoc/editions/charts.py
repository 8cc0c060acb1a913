"""German numbers in the sphinx-needs charts: "12,1 %" where sphinx-needs writes "12.1%"."""

from __future__ import annotations

from collections.abc import Iterable


def pie_label(pct: float, allvals: Iterable[float]) -> str:
    """Share with decimal comma and the thin space German typesetting puts before "%",
    then the count, as the needpie wedges show them."""
    absolute = round(pct / 100.0 * sum(allvals))
    return f"{pct:.1f}".replace(".", ",") + f"\u202f%\n({absolute:d})"


def install() -> None:
    """needpie formats its wedge labels with a module-level function and no option to
    change it; replace that function (sphinx-needs 9.1 looks it up at draw time)."""
    from sphinx_needs.directives import needpie

    needpie.label_calc = pie_label
