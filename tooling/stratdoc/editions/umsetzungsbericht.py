"""The chapter "Umsetzungsbericht" as HTML: tables per Handlungsfeld, the status
distribution per Fassung and one line chart per indicator, from the monitoring data
(history/monitoring.py as JSON).

Every text from the strategy is partner input and HTML-escaped here, once. Charts are
SVG images inlined as data URIs (nothing is written beside the sources), readable in
greyscale (hatches, markers, dash styles), each with a text alternative carrying its
numbers and its data as a table beside it.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path
from typing import Any

from stratdoc.core.edition import german_date
from stratdoc.core.measurements import german

STYLE = Path(__file__).parents[1] / "charts.mplstyle"
STATUSES = (
    "nicht begonnen",
    "in Planung",
    "in Umsetzung",
    "umgesetzt",
    "verstetigt",
    "zurückgestellt",
    "entfallen",
)
# grey levels and hatches: the statuses stay apart in print without colour
GREYS = ("#f2f2f2", "#d0d0d0", "#a8a8a8", "#6e6e6e", "#3c3c3c", "#ffffff", "#ffffff")
HATCHES = ("", "//", "..", "", "xx", "--", "\\\\")


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


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(svg: str, alt: str, caption: str, table: str) -> str:
    return (
        '<figure class="umsetzung-grafik">'
        f'<img src="data:image/svg+xml;base64,{svg}" alt="{_e(alt)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>{table}"
    )


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.style.use(str(STYLE))
    plt.rcParams["svg.hashsalt"] = "stratdoc"  # the same chart, the same bytes
    plt.rcParams["svg.fonttype"] = "none"
    return plt


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
    plt = _pyplot()
    labels = [fassung_label(f) for f in fassungen]
    fig, ax = plt.subplots(figsize=(7.5, 0.7 * len(fassungen) + 1.6))
    left = [0] * len(fassungen)
    for status in used:
        i = STATUSES.index(status) if status in STATUSES else len(STATUSES) - 1
        values = [counts[f][status] for f in fassungen]
        ax.barh(labels, values, left=left, label=status, color=GREYS[i], hatch=HATCHES[i],
                edgecolor="black", linewidth=0.6)  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Anzahl der Maßnahmen")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 - 0.05 * len(fassungen)), ncol=3,
              frameon=False)  # fmt: skip
    ax.spines[["top", "right"]].set_visible(False)
    caption = "Verteilung der Umsetzungsstände je Fassung (Daten in der Tabelle darunter)"
    return _figure(_svg(fig), alt, caption, table)


def _points(k: dict[str, Any]) -> tuple[tuple[int, float] | None, list[tuple[int, float]]]:
    base = k.get("basis") or {}
    point = (
        (base["jahr"], base["wert"]) if base.get("jahr") and base.get("wert") is not None else None
    )
    measured = [(int(y), float(v)) for y, v in k["messwerte"].items()]
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
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    series = ([base] if base else []) + measured
    ax.plot([y for y, _ in series], [v for _, v in series], color="black", linestyle="-",
            marker="o", label="Messwerte")  # fmt: skip
    if base:
        ax.plot([base[0]], [base[1]], color="black", marker="s", markersize=9, linestyle="none",
                markerfacecolor="white", label="Basiswert")  # fmt: skip
    if target is not None:
        ax.axhline(target, color="#555555", linestyle="--", linewidth=1.4, label="Zielwert")
    years = [y for y, _ in series]
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_xticks(range(min(years), max(years) + 1))
    if all(float(v).is_integer() for _, v in series) and (target is None or target.is_integer()):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: german(round(v, 2))))
    ax.set_ylabel(unit if len(unit) < 40 else unit[:37] + "…")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False)
    caption = f"{k['title']}: Basiswert, Messwerte und Zielwert (Daten in der Tabelle darunter)"
    return _figure(_svg(fig), alt, caption, table)


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


PARTS = {
    "vergleich": comparison_note,
    "massnahmen": measures_tables,
    "verteilung": distribution_chart,
    "indikatoren": indicators,
}
