"""The overview as a static German site: index.html (networks, map, status over time, data
provenance) and massnahmen.html (every measure, filterable), from Jinja2 templates."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from stratdoc.core.edition import DRAFT, german_date
from stratdoc.federation.overview import coordination
from stratdoc.federation.overview.model import Measure, measures_of
from stratdoc.federation.overview.networks import MONITORING, NEEDS
from stratdoc.federation.overview.similarity import Similar, cached_similar_measures
from stratdoc.federation.overview.sources import Retrieved, now

HERE = Path(__file__).parent
STATIC = ("overview.css", "filter.js")
MAP_SIZE = 640
STATUS_ORDER = ["nicht begonnen", "in Planung", "in Umsetzung", "umgesetzt", "verstetigt"]


@dataclass(frozen=True)
class Written:
    out: Path
    networks: int
    measures: int
    similarity_computed: bool  # False: the cached result was still valid


def _anchor(key: str) -> str:
    return "m-" + key.replace(":", "-")


def _statuses(measures: list[Measure], retrieved: list[Retrieved]) -> list[str]:
    seen = {m.status for m in measures if m.status}
    for r in retrieved:
        for row in (r.summary or {}).get("history", []):
            seen.update(row["counts"])
    ordered = [s for s in STATUS_ORDER if s in seen]
    return ordered + sorted(seen - set(ordered))


def _fassung(label: str) -> str:
    if not label:
        return "unbekannt"
    return "Entwurf" if label == DRAFT else f"Fassung {label}"


def _timestamp(iso: str | None) -> str:
    if not iso:
        return "nie"
    return f"{german_date(iso[:10])}, {iso[11:16]} Uhr (UTC)"


def all_measures(retrieved: list[Retrieved]) -> list[Measure]:
    return [m for r in retrieved if r.summary for m in measures_of(r.summary)]


def context(
    retrieved: list[Retrieved], measures: list[Measure], similar: dict[str, list[Similar]]
) -> dict[str, Any]:
    by_key = {m.key: m for m in measures}
    names = {r.network.short_name: r.network.name for r in retrieved}
    statuses = _statuses(measures, retrieved)
    networks = []
    for r in retrieved:
        summary = r.summary or {}
        history = [
            {
                "fassung": _fassung(row["fassung"]),
                "counts": [row["counts"].get(s, 0) for s in statuses],
                "total": sum(row["counts"].values()),
            }
            for row in summary.get("history", [])
        ]
        networks.append(
            {
                "short": r.network.short_name,
                "name": r.network.name,
                "region": r.network.region,
                "fassung": _fassung(summary.get("fassung", "")),
                "date": german_date(summary["date"]) if summary.get("date") else "unbekannt",
                "available": r.summary is not None,
                "stale": r.stale,
                "problems": r.problems,
                "measures": len(summary.get("measures", [])),
                "history": history,
                "files": [
                    {
                        "name": kind,
                        "source": copy.source,
                        "sha256": copy.sha256 or "",
                        "retrieved": _timestamp(copy.retrieved),
                        "stale": copy.stale,
                    }
                    for kind, copy in ((k, r.copies[k]) for k in (NEEDS, MONITORING))
                ],
            }
        )
    rows = []
    for m in measures:
        rows.append(
            {
                "anchor": _anchor(m.key),
                "network": m.network,
                "network_name": names.get(m.network, m.network),
                "id": m.id,
                "title": m.title,
                "status": m.status,
                "themes": list(m.themes),
                "actor_kind": m.actor_kind,
                "lead": m.lead,
                "links": [
                    {
                        "key": link,
                        "href": f"#{_anchor(link)}" if link in by_key else "",
                    }
                    for link in m.links
                ],
                "similar": [
                    {
                        "href": f"#{_anchor(s.key)}",
                        "title": by_key[s.key].title,
                        "network_name": names.get(by_key[s.key].network, ""),
                        "percent": round(s.score * 100),
                    }
                    for s in similar.get(m.key, [])
                ],
            }
        )
    shorts = [r.network.short_name for r in retrieved]
    pairs = coordination.pairs(measures)
    return {
        "networks": networks,
        "rows": rows,
        "statuses": statuses,
        "themes": sorted({t for m in measures for t in m.themes}),
        "actor_kinds": sorted({m.actor_kind for m in measures if m.actor_kind}),
        "pairs": [
            {
                "a": p.a,
                "b": p.b,
                "a_name": names.get(p.a, p.a),
                "b_name": names.get(p.b, p.b),
                "links": [{"source": s, "anchor": _anchor(s), "target": t} for s, t in p.links],
            }
            for p in pairs
        ],
        "nodes": coordination.circle(shorts, MAP_SIZE, 70),
        "map_size": MAP_SIZE,
        "generated": _timestamp(now()),
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def write_site(retrieved: list[Retrieved], out: Path, cache: Path) -> Written:
    """Both pages and their CSS and JS into *out*, replaced whole: written beside it first.
    The similarity search is kept in *cache* (the copies' folder) between runs."""
    measures = all_measures(retrieved)
    found = cached_similar_measures(measures, cache)
    data = context(retrieved, measures, found.similar)
    env = _environment()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for page in ("index.html", "massnahmen.html"):
            html = env.get_template(page).render(**data)
            (staging / page).write_text(html, encoding="utf-8")
        for name in STATIC:
            shutil.copyfile(HERE / "templates" / name, staging / name)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return Written(out, len(retrieved), len(data["rows"]), found.computed)
