"""The chapter "Umsetzungsbericht" as HTML: tables per Handlungsfeld, the status
distribution per Fassung and one line chart per indicator, from the monitoring data
(history/monitoring.py as JSON).

Every text from the strategy is partner input and HTML-escaped here, once. Charts are
SVG images (editions/svgcharts.py) inlined as data URIs (nothing is written beside the
sources), readable in greyscale (hatches, markers, dash styles), each with a text
alternative carrying its numbers and its data as a table beside it.
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from stratdoc.core.edition import german_date
from stratdoc.core.measurements import german
from stratdoc.editions import svgcharts
from stratdoc.history import monitoring

STATUSES = monitoring.STATUSES


def _e(text: Any) -> str:
    return html.escape(str(text))


def fassung_label(label: str) -> str:
    return "Entwurf" if label == "entwurf" else f"Fassung {label}"


def comparison_note(data: dict[str, Any]) -> str:
    fassungen = data["fassungen"]
    if len(fassungen) < 2:
        return (
            "<p>Dies ist die erste Fassung der Strategie; eine frühere Fassung, mit der "
            "sie verglichen werden könnte, gibt es nicht. Der Bericht zeigt daher den "
            "Stand dieser Fassung und die Änderungen, die zu ihm geführt haben.</p>"
        )
    names = ", ".join(fassung_label(f) for f in fassungen[:-1])
    return (
        f"<p>Verglichen werden {_e(names)} und {_e(fassung_label(fassungen[-1]))}. "
        "Jede Änderung nennt ihr Datum und die Organisation, die sie eingebracht hat; "
        "„nicht zugeordnet“ heißt, dass der Änderung keine Partnerorganisation zugeordnet "
        "ist und die Person genannt wird, die sie eingetragen hat.</p>"
    )


def _organisation(data: dict[str, Any], change: dict[str, Any]) -> str:
    if not change.get("attributed", True):
        return f"{change['organisation']} (nicht zugeordnet)"
    names = data.get("organisations", {})
    return ", ".join(names.get(p.strip(), p.strip()) for p in change["organisation"].split(","))


def _last_change(data: dict[str, Any], measure: dict[str, Any]) -> str:
    if not measure["changes"]:
        return "—"
    c = measure["changes"][-1]
    what = f"{c['old']} → {c['new']}" if c["old"] else f"neu: {c['new']}"
    return (
        f"{_e(german_date(c['date']))}: {_e(what)}<br>"
        f'<span class="umsetzung-org">{_e(_organisation(data, c))}</span>'
    )


def measures_tables(data: dict[str, Any]) -> str:
    """One table per Handlungsfeld: measure, status per Fassung, last change."""
    fassungen = data["fassungen"]
    by_field: dict[str, list[dict[str, Any]]] = {}
    for m in data["measures"]:
        first = m["handlungsfelder"][0] if m["handlungsfelder"] else ""
        by_field.setdefault(first, []).append(m)
    fields = [(f["id"], f["title"]) for f in data["handlungsfelder"]]
    if "" in by_field or any(k not in dict(fields) for k in by_field):
        fields += [(k, "Ohne Handlungsfeld") for k in by_field if k not in dict(fields)]
    head = "".join(f'<th scope="col">{_e(fassung_label(f))}</th>' for f in fassungen)
    parts = []
    for field_id, title in fields:
        rows = []
        for m in by_field.get(field_id, []):
            cells = "".join(f"<td>{_e(m['status'].get(f) or '—')}</td>" for f in fassungen)
            rows.append(
                f'<tr><th scope="row">{_e(m["title"])} <span class="umsetzung-id">'
                f"({_e(m['id'])})</span></th>{cells}<td>{_last_change(data, m)}</td></tr>"
            )
        if not rows:
            continue
        parts.append(
            f'<table class="umsetzung-tabelle"><caption>Handlungsfeld {_e(title)}: '
            "Umsetzungsstand je Fassung</caption>"
            f'<thead><tr><th scope="col">Maßnahme</th>{head}'
            '<th scope="col">Letzte Änderung</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts) or "<p>Die Strategie enthält keine Maßnahmen.</p>"


def distribution(data: dict[str, Any]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {f: Counter() for f in data["fassungen"]}
    for m in data["measures"]:
        for label, status in m["status"].items():
            if status:
                counts[label][status] += 1
    return counts


def _b64(svg: str) -> str:
    return base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _figure(svg: str, alt: str, caption: str, table: str) -> str:
    # one block, so print keeps chart, caption and data table on one page where they fit
    return (
        '<div class="umsetzung-block"><figure class="umsetzung-grafik">'
        f'<img src="data:image/svg+xml;base64,{svg}" alt="{_e(alt)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>{table}</div>"
    )


def distribution_chart(data: dict[str, Any]) -> str:
    counts = distribution(data)
    fassungen = data["fassungen"]
    used = [s for s in STATUSES if any(counts[f][s] for f in fassungen)]
    used += sorted({s for f in fassungen for s in counts[f]} - set(STATUSES))
    if not used:
        return "<p>Keine Maßnahme hat einen Umsetzungsstand.</p>"
    head = "".join(f'<th scope="col">{_e(s)}</th>' for s in used)
    rows = "".join(
        f'<tr><th scope="row">{_e(fassung_label(f))}</th>'
        + "".join(f"<td>{counts[f][s]}</td>" for s in used)
        + f"<td>{sum(counts[f].values())}</td></tr>"
        for f in fassungen
    )
    table = (
        '<table class="umsetzung-tabelle umsetzung-daten"><caption>Anzahl der Maßnahmen je '
        "Umsetzungsstand und Fassung</caption>"
        f'<thead><tr><th scope="col">Fassung</th>{head}<th scope="col">zusammen</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )
    alt = "Balkendiagramm, Anzahl der Maßnahmen je Umsetzungsstand. " + " ".join(
        f"{fassung_label(f)}: "
        + ", ".join(f"{s} {counts[f][s]}" for s in used if counts[f][s])
        + "."
        for f in fassungen
    )
    rows = [(fassung_label(f), [counts[f][s] for s in used]) for f in fassungen]
    styles = [(s, STATUSES.index(s) if s in STATUSES else len(STATUSES) - 1) for s in used]
    svg = _b64(svgcharts.stacked_bars(rows, styles))
    caption = "Verteilung der Umsetzungsstände je Fassung (Daten in der Tabelle darunter)"
    return _figure(svg, alt, caption, table)


Number = Decimal | int  # the directive reads the JSON with parse_float=Decimal


def _points(k: dict[str, Any]) -> tuple[tuple[int, Number] | None, list[tuple[int, Number]]]:
    base = k.get("basis") or {}
    point = (
        (base["jahr"], base["wert"]) if base.get("jahr") and base.get("wert") is not None else None
    )
    measured = [(int(y), v) for y, v in k["messwerte"].items()]
    return point, measured


def indicator_chart(k: dict[str, Any]) -> str:
    base, measured = _points(k)
    target = k.get("ziel")
    unit = k.get("einheit") or ""
    rows = []
    if base:
        rows.append(("Basiswert", str(base[0]), german(base[1])))
    rows += [("Messwert", str(y), german(v)) for y, v in measured]
    table = (
        '<table class="umsetzung-tabelle umsetzung-daten"><caption>Werte des Indikators '
        f"{_e(k['title'])} ({_e(unit)})</caption>"
        '<thead><tr><th scope="col">Art</th><th scope="col">Jahr</th>'
        '<th scope="col">Wert</th></tr></thead><tbody>'
        + "".join(
            f'<tr><th scope="row">{_e(a)}</th><td>{_e(y)}</td><td>{_e(v)}</td></tr>'
            for a, y, v in rows
        )
        + f'<tr><th scope="row">Zielwert</th><td>—</td><td>{_e(k["zielwert"] or "—")}</td></tr>'
        "</tbody></table>"
    )
    alt = (
        f"Liniendiagramm {k['title']} in {unit}: "
        + (f"Basiswert {german(base[1])} ({base[0]}); " if base else "kein bezifferter Basiswert; ")
        + "Messwerte "
        + ", ".join(f"{y}: {german(v)}" for y, v in measured)
        + "; Zielwert "
        + (german(target) if target is not None else (k["zielwert"] or "nicht festgelegt"))
        + "."
    )
    svg = _b64(svgcharts.line_chart(measured, base, target, unit))
    caption = f"{k['title']}: Basiswert, Messwerte und Zielwert (Daten in der Tabelle darunter)"
    return _figure(svg, alt, caption, table)


def indicators(data: dict[str, Any]) -> str:
    charted, waiting = [], []
    for k in data["indicators"]:
        base, measured = _points(k)
        if measured:
            title = f'<h3 class="umsetzung-indikator">{_e(k["title"])}</h3>'
            charted.append(title + indicator_chart(k))
        else:
            waiting.append(k)
    parts = charted
    if waiting:
        items = "".join(
            f"<li>{_e(k['title'])} (Basiswert: {_e(k['basiswert'] or '—')})</li>" for k in waiting
        )
        parts.append(f"<p>Noch ohne Messwerte:</p><ul>{items}</ul>")
    return "".join(parts) or "<p>Die Strategie enthält keine Indikatoren.</p>"


def scrollable(markup: str) -> str:
    """Each table in a keyboard-focusable region that scrolls sideways on a narrow screen,
    so the page itself reflows at 320 px (WCAG 1.4.10 allows data tables to scroll)."""

    def wrap(match: re.Match[str]) -> str:
        caption = re.search(r"<caption>(.*?)</caption>", match[0], re.S)
        # the caption is markup already: its text, unescaped, so it is escaped once below
        label = html.unescape(re.sub(r"<[^>]+>", "", caption[1])) if caption else "Tabelle"
        return (
            f'<div class="umsetzung-scroll" role="region" tabindex="0" '
            f'aria-label="{html.escape(label)}">{match[0]}</div>'
        )

    return re.sub(r'<table class="umsetzung-tabelle.*?</table>', wrap, markup, flags=re.S)


PARTS = {
    "vergleich": comparison_note,
    "massnahmen": measures_tables,
    "verteilung": distribution_chart,
    "indikatoren": indicators,
}
