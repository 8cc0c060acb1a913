"""The shipped strategy: its data model as needs.json shows it, and its HTML edition."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from stratdoc.needs_data import NeedsFile

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
    for label in ("Umsetzungsstand:", "Priorität:", "Federführung:", "trägt bei zu:"):
        assert label in text
    for raw in (":federfuehrung:", "beitrag_zu:", "prioritaet:"):
        assert raw not in text
    assert re.search(r"Entwurf · Stand \d\d\.\d\d\.\d{4}", text)
    assert 'lang="de"' in page
