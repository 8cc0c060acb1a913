"""What the overview keeps of a network's needs.json and monitoring.json: a small JSON
summary per network, cached, so an unchanged network is neither fetched nor parsed again."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from stratdoc.core import neighbours
from stratdoc.core.i18n import _

MEASURE = "massnahme"
SUMMARY_FORMAT = 1  # part of the cached summaries' key: raise it when summarise changes


class InvalidData(ValueError):
    """A file that is not what a published Fassung contains; the reason in one line."""


@dataclass(frozen=True)
class Measure:
    network: str  # short name
    id: str
    title: str
    text: str
    status: str
    themes: tuple[str, ...]  # the titles of the Handlungsfelder it contributes to
    actor_kind: str  # the `art` of its Federführung, "" when unknown
    lead: str  # the Federführung's title
    links: tuple[str, ...]  # "SHORT:ID" of needs in other networks

    @property
    def key(self) -> str:
        return f"{self.network}:{self.id}"


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidData(_("not JSON: {reason}").format(reason=exc)) from exc


def _needs(body: bytes) -> tuple[str, dict[str, dict[str, Any]]]:
    data = _json(body)
    try:
        version = data["versions"][data["current_version"]]
        needs = version["needs"]
        project = str(data.get("project") or "")
    except (KeyError, TypeError) as exc:
        raise InvalidData(_("no sphinx-needs needs.json (versions → needs missing)")) from exc
    if not isinstance(needs, dict) or not all(
        isinstance(n, dict) and isinstance(n.get("type"), str) for n in needs.values()
    ):
        raise InvalidData(_("no sphinx-needs needs.json (versions → needs missing)"))
    return project, needs


def validate_needs(body: bytes) -> None:
    _needs(body)


def validate_monitoring(body: bytes) -> None:
    _monitoring(body)


def _monitoring(body: bytes) -> dict[str, Any]:
    """The parsed file, checked as deep as the summary reads it (so summarise cannot fail)."""
    data = _json(body)
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("fassungen"), list)
        or not data["fassungen"]
        or not isinstance(data.get("measures"), list)
    ):
        raise InvalidData(_("no monitoring.json (fassungen and measures missing)"))
    if not all(isinstance(f, str) for f in data["fassungen"]) or not all(
        isinstance(m, dict)
        and isinstance(m.get("status") or {}, dict)
        and isinstance(m.get("changes") or [], list)
        for m in data["measures"]
    ):
        raise InvalidData(
            _("no monitoring.json (fassungen must be strings, measures objects with status)")
        )
    return data


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return []


def summarise(short: str, needs_body: bytes, monitoring_body: bytes | None) -> dict[str, Any]:
    """The summary the site is drawn from (JSON-ready): project title, Fassung and date,
    measures, and the status distribution per Fassung."""
    project, needs = _needs(needs_body)
    monitoring = _monitoring(monitoring_body) if monitoring_body is not None else None
    measures = []
    for need in sorted(needs.values(), key=lambda n: str(n.get("id", ""))):
        if need["type"] != MEASURE:
            continue
        themes = [
            str(needs[f].get("title", f)) for f in _strings(need.get("beitrag_zu")) if f in needs
        ]
        leads = [needs[a] for a in _strings(need.get("federfuehrung")) if a in needs]
        lead = leads[0] if leads else {}
        measures.append(
            {
                "id": str(need.get("id", "")),
                "title": str(need.get("title", "")),
                "text": str(need.get("content", "") or ""),
                "status": str(need.get("status") or ""),
                "themes": themes,
                "actor_kind": str(lead.get("art") or ""),
                "lead": str(lead.get("title") or ""),
                "links": _strings(need.get(neighbours.FIELD)),
            }
        )
    fassung, date, history = "", "", []
    if monitoring is not None:
        fassung = str(monitoring["fassungen"][-1])
        edition = monitoring.get("edition") if isinstance(monitoring.get("edition"), dict) else {}
        date = str(edition.get("date") or "")
        history = _history(monitoring)
        if not date:  # older files: the day of the newest change they record
            dates = [
                str(c.get("date", ""))[:10]
                for m in monitoring["measures"]
                for c in (m.get("changes") or [])
                if isinstance(c, dict)
            ]
            date = max(dates, default="")
    return {
        "short_name": short,
        "project": project,
        "fassung": fassung,
        "date": date,
        "measures": measures,
        "history": history,
    }


def _history(monitoring: dict[str, Any]) -> list[dict[str, Any]]:
    """Per Fassung, oldest first: how many measures had which status."""
    rows = []
    for label in monitoring["fassungen"]:
        counts: Counter[str] = Counter()
        for m in monitoring["measures"]:
            status = (m.get("status") or {}).get(label)
            if status:
                counts[str(status)] += 1
        rows.append({"fassung": str(label), "counts": dict(counts)})
    return rows


def measures_of(summary: dict[str, Any]) -> list[Measure]:
    return [
        Measure(
            network=summary["short_name"],
            id=m["id"],
            title=m["title"],
            text=m["text"],
            status=m["status"],
            themes=tuple(m["themes"]),
            actor_kind=m["actor_kind"],
            lead=m["lead"],
            links=tuple(m["links"]),
        )
        for m in summary["measures"]
    ]
