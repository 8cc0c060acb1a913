"""The site's root: the German landing page listing every Fassung, and the switcher's JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

from stratdoc.core.edition import Edition, german_date

LATEST = "latest"


@dataclass(frozen=True)
class PdfInfo:
    href: str  # relative to the site root
    size: int
    sha256: str


@dataclass(frozen=True)
class Published:
    """One Fassung as the site shows it: folder name, edition metadata, its PDFs."""

    edition: Edition
    slug: str
    pdfs: list[PdfInfo] = field(default_factory=list)
    # who brought its changes in since the Fassung before: organisation names, then
    # "nicht zugeordnet: <author names>" (names only: the site is public, e-mails stay out)
    credits: list[str] = field(default_factory=list)


def german_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


def switcher_entries(fassungen: list[Published], base_url: str) -> list[dict[str, object]]:
    """pydata-sphinx-theme's switcher.json: draft first, then releases newest first."""
    entries: list[dict[str, object]] = []
    releases = [f for f in fassungen if not f.edition.is_draft]
    for f in fassungen:
        if f.edition.is_draft:
            entries.append(
                {"name": "Entwurf", "version": f.edition.version, "url": f"{base_url}{f.slug}/"}
            )
    for f in reversed(releases):
        if f is releases[-1]:
            entries.append(
                {
                    "name": f"{f.edition.version} (aktuell)",
                    "version": f.edition.version,
                    "url": f"{base_url}{LATEST}/",
                    "preferred": True,
                }
            )
        else:
            entries.append(
                {
                    "name": f.edition.version,
                    "version": f.edition.version,
                    "url": f"{base_url}{f.slug}/",
                }
            )
    return entries


def switcher_json(fassungen: list[Published], base_url: str) -> str:
    return json.dumps(switcher_entries(fassungen, base_url), indent=1, ensure_ascii=False)


_STYLE = """
body { font-family: "DejaVu Sans", sans-serif; color: #1b1b1b; background: #fff;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
a { color: #0b4f9c; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.4rem 0.6rem; text-align: left;
         vertical-align: top; }
code { word-break: break-all; font-size: 0.85em; }
.current { font-size: 1.15rem; }
"""


def _row(f: Published, newest: Published | None) -> str:
    ed = f.edition
    if ed.is_draft:
        label, status, date = "Entwurf", "Entwurf", f"Stand {german_date(ed.date)}"
    else:
        label, status = f"Fassung {ed.version}", "beschlossen"
        date = german_date(ed.date)
        if f is newest:
            status += " (aktuell)"
    pdfs = (
        "<br>".join(
            f'<a href="{escape(p.href)}">PDF ({german_size(p.size)})</a><br>'
            f"SHA-256: <code>{escape(p.sha256)}</code>"
            for p in f.pdfs
        )
        or "kein PDF"
    )
    credits = "<br>".join(escape(c) for c in f.credits) or "—"
    return (
        f'<tr><th scope="row"><a href="{escape(f.slug)}/">{escape(label)}</a></th>'
        f"<td>{escape(status)}</td><td>{escape(date)}</td><td>{pdfs}</td>"
        f"<td>{credits}</td></tr>"
    )


def landing_page(title: str, fassungen: list[Published]) -> str:
    releases = [f for f in fassungen if not f.edition.is_draft]
    newest = releases[-1] if releases else None
    ordered = [f for f in fassungen if f.edition.is_draft] + list(reversed(releases))
    if newest:
        current = (
            f'<p class="current"><a href="{LATEST}/">Aktuelle Fassung lesen: '
            f"Fassung {escape(newest.edition.version)} vom "
            f"{escape(german_date(newest.edition.date))}</a></p>"
        )
    else:
        current = "<p>Es gibt noch keine beschlossene Fassung, nur den Entwurf.</p>"
    rows = "\n".join(_row(f, newest) for f in ordered)
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{escape(title)}: alle Fassungen</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
{current}
<table>
<caption>Alle Fassungen</caption>
<thead><tr><th scope="col">Fassung</th><th scope="col">Status</th><th scope="col">Datum</th>
<th scope="col">PDF, Größe und Prüfsumme</th>
<th scope="col">Eingebracht von (seit der Fassung davor)</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p>Handlungsfelder, Maßnahmen, Akteure, Befunde und Indikatoren jeder Fassung stehen
auch maschinenlesbar in ihrer Datei <code>needs.json</code> (z. B.
<a href="{LATEST if newest else "entwurf"}/needs.json">needs.json der
{"aktuellen Fassung" if newest else "Entwurfsfassung"}</a>), damit andere Strategien
auf sie verweisen können (sphinx-needs: externe Needs).</p>
</main>
</body>
</html>
"""
