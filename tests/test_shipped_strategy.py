"""The shipped strategy: its data model as needs.json shows it, and its HTML edition."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from stratdoc.core.needs_data import NeedsFile

REPO = Path(__file__).resolve().parents[1]
MODEL = tomllib.loads((REPO / "ubproject.toml").read_text(encoding="utf-8"))["needs"]
TYPES = {"handlungsfeld", "massnahme", "akteur", "befund", "indikator"}


@pytest.fixture(scope="module")
def needs(shipped_build: Path) -> NeedsFile:
    return NeedsFile.load(shipped_build / "html" / "needs.json")


def test_every_type_is_used(needs: NeedsFile) -> None:
    used = {n["type"] for n in needs.needs.values()}
    assert used == TYPES


def test_every_link_resolves_to_its_target_type(needs: NeedsFile) -> None:
    checked = 0
    for need in needs.needs.values():
        for link, spec in MODEL["links"].items():
            for target in need.get(link) or []:
                assert target in needs.needs, f"{need['id']}.{link} -> {target}"
                assert needs.needs[target]["type"] in spec["target_types"]
                checked += 1
    assert checked > 0


def test_measures_have_one_lead_and_an_action_field(needs: NeedsFile) -> None:
    measures = needs.of_type("massnahme")
    assert measures
    for m in measures:
        assert len(m["federfuehrung"]) == 1, m["id"]
        assert m["beitrag_zu"], m["id"]


def test_prefixes_match_types(needs: NeedsFile) -> None:
    prefixes = {t["directive"]: t["prefix"] for t in MODEL["types"]}
    for need in needs.needs.values():
        assert need["id"].startswith(prefixes[need["type"]])


def test_html_shows_german_labels_and_draft_marker(shipped_build: Path) -> None:
    page = (shipped_build / "html" / "handlungsfelder" / "fachkraefte-quantitativ.html").read_text(
        encoding="utf-8"
    )
    text = re.sub(r"<[^>]+>", " ", page)
    for label in ("Umsetzungsstand:", "Priorität:", "Federführung:", "Trägt bei zu:"):
        assert label in text
    for raw in (":federfuehrung:", "beitrag_zu:", "prioritaet:"):
        assert raw not in text
    assert re.search(r"Entwurf · Stand \d\d\.\d\d\.\d{4}", text)
    assert 'lang="de"' in page
    for english in ("More", "Collapse Sidebar", "Section Navigation"):
        assert f">{english}<" not in re.sub(r">\s+", ">", re.sub(r"\s+<", "<", page))


def test_section_navigation_only_where_a_chapter_has_pages(shipped_build: Path) -> None:
    """No empty "Navigation im Kapitel" column beside pages without subpages."""
    html = shipped_build / "html"
    for page, navigates in [
        ("einleitung.html", False),
        ("akteure.html", False),
        ("handlungsfelder/index.html", True),
        ("handlungsfelder/wissenstransfer.html", True),
    ]:
        text = (html / page).read_text(encoding="utf-8")
        assert ("Navigation im Kapitel" in text) is navigates, page
        assert ('bd-sidebar hide-on-wide"' in text) is not navigates, page


# ---- issue 3: the strategy written in full ---------------------------------------------

MINIMUM = {"handlungsfeld": 6, "massnahme": 30, "akteur": 25, "befund": 12, "indikator": 8}
PLAUSIBLE = "Ergänzungsvorschlag"


def _targets(needs: NeedsFile, need_type: str, link: str) -> set[str]:
    """Every ID that a need of *need_type* points to through *link*."""
    return {t for n in needs.of_type(need_type) for t in n.get(link) or []}


@pytest.mark.parametrize(("need_type", "minimum"), sorted(MINIMUM.items()))
def test_strategy_has_the_minimum_number_of_objects(
    needs: NeedsFile, need_type: str, minimum: int
) -> None:
    assert len(needs.of_type(need_type)) >= minimum


def test_every_action_field_has_a_finding_and_a_measure(needs: NeedsFile) -> None:
    justified = _targets(needs, "befund", "begruendet")
    implemented = _targets(needs, "massnahme", "beitrag_zu")
    for field in needs.of_type("handlungsfeld"):
        assert field["id"] in justified, f"{field['id']} has no finding"
        assert field["id"] in implemented, f"{field['id']} has no measure"
        assert field["ziel"], field["id"]


def test_measures_carry_status_priority_period_and_source(needs: NeedsFile) -> None:
    enums = {name: MODEL["fields"][name]["schema"]["enum"] for name in ("status", "herkunft")}
    for m in needs.of_type("massnahme"):
        assert m["status"] in enums["status"], m["id"]
        assert m["herkunft"] in enums["herkunft"], m["id"]
        assert m["prioritaet"], m["id"]
        assert m["beginn"] <= m["ende"], m["id"]


def test_found_measures_come_before_plausible_ones_on_each_page(needs: NeedsFile) -> None:
    by_page: dict[str, list[tuple[int, bool]]] = {}
    for m in needs.of_type("massnahme"):
        by_page.setdefault(m["docname"], []).append((m["lineno"], m["herkunft"] == PLAUSIBLE))
    kinds = {plausible for page in by_page.values() for _, plausible in page}
    assert kinds == {True, False}, "expected both found and plausible measures"
    for page, measures in by_page.items():
        order = [plausible for _, plausible in sorted(measures)]
        assert order == sorted(order), f"{page}: a found measure follows a plausible one"


def test_every_actor_has_kind_role_and_a_measure(needs: NeedsFile) -> None:
    involved = _targets(needs, "massnahme", "federfuehrung") | _targets(
        needs, "massnahme", "beteiligt"
    )
    for actor in needs.of_type("akteur"):
        assert actor["art"] in MODEL["fields"]["art"]["schema"]["enum"], actor["id"]
        assert actor["rolle"] in MODEL["fields"]["rolle"]["schema"]["enum"], actor["id"]
        assert actor["id"] in involved, f"{actor['id']} takes part in no measure"


def test_findings_cover_the_whole_swot(needs: NeedsFile) -> None:
    categories = {f["kategorie"] for f in needs.of_type("befund")}
    assert categories == set(MODEL["fields"]["kategorie"]["schema"]["enum"])
    assert all(f["quelle"] for f in needs.of_type("befund"))


def test_indicators_name_a_baseline_and_what_they_measure(needs: NeedsFile) -> None:
    for kpi in needs.of_type("indikator"):
        assert kpi["basiswert"] and kpi["einheit"], kpi["id"]
        assert kpi["misst"], kpi["id"]


def test_overview_charts_are_images_with_german_alt_text(shipped_build: Path) -> None:
    html = shipped_build / "html"
    page = (html / "uebersichten.html").read_text(encoding="utf-8")
    images = {}
    for tag in re.findall(r"<img\b[^>]*>", page):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        images[attrs.get("alt", "")] = attrs["src"]
    charts = ("Maßnahmen nach Umsetzungsstand", "Maßnahmen je Handlungsfeld nach Umsetzungsstand")
    for alt in charts:
        assert alt in images, sorted(images)
        assert (html / images[alt]).is_file()
