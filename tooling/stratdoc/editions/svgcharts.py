"""Small SVG charts written directly (no matplotlib: the Umsetzungsbericht draws one per
indicator, and importing and running matplotlib for them cost more than the chapter may).

Series are told apart by markers, dash styles and hatch patterns, not by colour alone, so
they survive greyscale print. Numbers on the axes use German notation.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from stratdoc.core.measurements import german

POINT_RADIUS = 4.5  # a measured value: filled circle
BASE_MARKER = 16  # the base value: open square, its side wider than a point with its stroke
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12"'
# (fill, pattern) per series of a stacked bar: grey levels plus hatches
FILLS = (
    ("#f2f2f2", None),
    ("#d0d0d0", "diagonal"),
    ("#a8a8a8", "dots"),
    ("#6e6e6e", None),
    ("#3c3c3c", "cross"),
    ("#ffffff", "horizontal"),
    ("#ffffff", "backslash"),
)
PATTERNS = (
    '<defs><pattern id="diagonal" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<path d="M0,6 L6,0" stroke="black" stroke-width="1"/></pattern>'
    '<pattern id="backslash" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<path d="M0,0 L6,6" stroke="black" stroke-width="1"/></pattern>'
    '<pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<circle cx="2.5" cy="2.5" r="1" fill="black"/></pattern>'
    '<pattern id="cross" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<path d="M0,6 L6,0 M0,0 L6,6" stroke="white" stroke-width="1"/></pattern>'
    '<pattern id="horizontal" width="6" height="5" patternUnits="userSpaceOnUse">'
    '<path d="M0,2.5 L6,2.5" stroke="black" stroke-width="1"/></pattern></defs>'
)


def _doc(width: float, height: float, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}">{body}</svg>'
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def line_chart(
    exact: list[tuple[int, Decimal]],
    base_value: tuple[int, Decimal] | None,
    target_value: Decimal | None,
    unit: str,
) -> str:
    """Base value (open square), measured values (solid line, filled circles) and the
    target (dashed line) over the years. The values only place marks: the numbers
    themselves are in the chart's text alternative and table."""
    width, height, left, right, top, bottom = 560.0, 270.0, 70.0, 20.0, 40.0, 40.0
    measured = [(year, float(v)) for year, v in exact]
    base = (base_value[0], float(base_value[1])) if base_value else None
    target = float(target_value) if target_value is not None else None
    series = ([base] if base else []) + measured
    years = [y for y, _ in series]
    values = [v for _, v in series] + ([target] if target is not None else [])
    ticks = nice_ticks(min(values), max(values))
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = min(years) - 0.5, max(years) + 0.5

    def x(year: float) -> float:
        return left + (year - x0) / (x1 - x0) * (width - left - right)

    def y(value: float) -> float:
        return height - bottom - (value - y0) / (y1 - y0) * (height - top - bottom)

    parts = []
    for t in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
            'stroke="#dddddd"/>'
            f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" {FONT}>{german(t)}</text>'
        )
    for year in range(min(years), max(years) + 1):
        parts.append(
            f'<text x="{x(year):.1f}" y="{height - bottom + 18}" text-anchor="middle" {FONT}>'
            f"{year}</text>"
        )
    parts.append(
        f'<path d="M{left},{top - 10} L{left},{height - bottom} L{width - right},'
        f'{height - bottom}" fill="none" stroke="black"/>'
    )
    label = escape(unit if len(unit) <= 45 else unit[:44] + "…")
    parts.append(
        f'<text x="14" y="{(top + height - bottom) / 2:.1f}" text-anchor="middle" {FONT} '
        f'transform="rotate(-90 14 {(top + height - bottom) / 2:.1f})">{label}</text>'
    )
    if target is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            'stroke="#444444" stroke-width="1.6" stroke-dasharray="7 4"/>'
        )
    points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in series)
    parts.append(f'<polyline points="{points}" fill="none" stroke="black" stroke-width="2"/>')
    if base:
        # drawn first and wider than a point: a measured value of the base year, painted
        # on top, stays visible inside it
        half = BASE_MARKER / 2
        parts.append(
            f'<rect x="{x(base[0]) - half:.1f}" y="{y(base[1]) - half:.1f}" '
            f'width="{BASE_MARKER}" height="{BASE_MARKER}" '
            'fill="white" stroke="black" stroke-width="1.6"/>'
        )
    parts += [f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="{POINT_RADIUS}"/>' for a, b in measured]
    legend = [
        (
            f'<circle cx="8" cy="0" r="{POINT_RADIUS}"/>'
            '<line x1="0" x2="16" y1="0" y2="0" stroke="black" stroke-width="2"/>',
            "Messwerte",
        ),  # fmt: skip
    ]
    if base:
        legend.append(
            (
                f'<rect x="{8 - BASE_MARKER / 2}" y="{-BASE_MARKER / 2}" width="{BASE_MARKER}" '
                f'height="{BASE_MARKER}" fill="white" stroke="black"/>',
                "Basiswert",
            )
        )
    if target is not None:
        legend.append(
            (
                '<line x1="0" x2="16" y1="0" y2="0" stroke="#444444" stroke-width="1.6" '
                'stroke-dasharray="7 4"/>',
                "Zielwert",
            )  # fmt: skip
        )
    offset = left
    for symbol, text in legend:
        parts.append(
            f'<g transform="translate({offset},14)">{symbol}'
            f'<text x="22" y="4" {FONT}>{text}</text></g>'
        )
        offset += 40 + 8 * len(text)
    return _doc(width, height, "".join(parts))


def stacked_bars(rows: list[tuple[str, list[int]]], series: list[tuple[str, int]]) -> str:
    """Horizontal stacked bars: *rows* (label, one count per series), *series* (label,
    index into FILLS)."""
    width, left, right, top, bar = 600.0, 110.0, 20.0, 10.0, 26.0
    plot_h = len(rows) * (bar + 14)
    legend_rows = math.ceil(len(series) / 3)
    height = top + plot_h + 34 + legend_rows * 22 + 10
    total = max((sum(counts) for _, counts in rows), default=1) or 1
    ticks = nice_ticks(0, total)

    def x(value: float) -> float:
        return left + value / ticks[-1] * (width - left - right)

    parts = [PATTERNS]
    base_y = top + plot_h
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{base_y}" stroke="#dddddd"/>'
            f'<text x="{x(t):.1f}" y="{base_y + 16}" text-anchor="middle" {FONT}>'
            f"{german(t)}</text>"
        )
    for i, (label, counts) in enumerate(rows):
        y = top + i * (bar + 14) + 7
        parts.append(
            f'<text x="{left - 8}" y="{y + bar / 2 + 4:.1f}" text-anchor="end" {FONT}>'
            f"{escape(label)}</text>"
        )
        start = 0
        for (_, style), count in zip(series, counts, strict=True):
            if count:
                parts.append(_box(x(start), y, x(start + count) - x(start), bar, style))
            start += count
    parts.append(
        f'<path d="M{left},{top} L{left},{base_y} L{width - right},{base_y}" fill="none" '
        'stroke="black"/>'
        f'<text x="{(left + width - right) / 2:.1f}" y="{base_y + 32}" text-anchor="middle" '
        f"{FONT}>Anzahl der Maßnahmen</text>"
    )
    for i, (label, style) in enumerate(series):
        lx, ly = left + (i % 3) * 160, base_y + 44 + (i // 3) * 22
        parts.append(
            _box(lx, ly, 22, 14, style) + f'<text x="{lx + 28}" y="{ly + 11}" {FONT}>'
            f"{escape(label)}</text>"
        )
    return _doc(width, height, "".join(parts))


def _box(x: float, y: float, w: float, h: float, style: int) -> str:
    fill, pattern = FILLS[style % len(FILLS)]
    box = (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
        'stroke="black" stroke-width="0.8"/>'
    )
    if pattern:
        box += (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="url(#{pattern})" stroke="black" stroke-width="0.8"/>'
        )
    return box
