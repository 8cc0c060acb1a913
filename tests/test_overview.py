"""`stratdoc overview`: many networks' published files, over a real HTTP server on 127.0.0.1
and from folders, into one static site; last good copies; only changed networks re-read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import LocalServer
from stratdoc.cli import main
from stratdoc.federation.overview import networks, similarity, site, sources

STATUS = "in Umsetzung"


def _needs(short: str, measures: list[dict[str, object]]) -> dict[str, object]:
    """A needs.json as sphinx-needs 9 writes it, with the fields the overview reads."""
    needs: dict[str, dict[str, object]] = {
        "HF_FACHKRAEFTE": {"id": "HF_FACHKRAEFTE", "type": "handlungsfeld", "title": "Fachkräfte"},
        "HF_STANDORT": {"id": "HF_STANDORT", "type": "handlungsfeld", "title": "Standort"},
        "AK_IHK": {"id": "AK_IHK", "type": "akteur", "title": f"IHK {short}", "art": "IHK"},
        "AK_WF": {
            "id": "AK_WF",
            "type": "akteur",
            "title": f"Wirtschaftsförderung {short}",
            "art": "Wirtschaftsförderung",
        },
    }
    for m in measures:
        needs[str(m["id"])] = {
            "type": "massnahme",
            "status": STATUS,
            "beitrag_zu": ["HF_FACHKRAEFTE"],
            "federfuehrung": ["AK_IHK"],
            "abgestimmt_mit": [],
            **m,
        }
    return {
        "current_version": "",
        "project": f"Strategie {short}",
        "versions": {"": {"needs_amount": len(needs), "needs": needs}},
    }


def _monitoring(fassung: str, date: str, measures: list[dict[str, object]]) -> dict[str, object]:
    return {
        "revision": "0" * 40,
        "fassungen": ["1.0", fassung],
        "edition": {"fassung": fassung, "date": date},
        "measures": [
            {"id": m["id"], "status": {"1.0": "in Planung", fassung: STATUS}, "changes": []}
            for m in measures
        ],
    }


def publish(folder: Path, short: str, measures: list[dict[str, object]], fassung: str = "2.0"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "needs.json").write_text(json.dumps(_needs(short, measures)), encoding="utf-8")
    (folder / "monitoring.json").write_text(
        json.dumps(_monitoring(fassung, "2026-10-01", measures)), encoding="utf-8"
    )


def touch_later(path: Path) -> None:
    """Move mtime on: the server's If-Modified-Since has whole seconds."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


TRAIBER = [
    {
        "id": "MA_WEITERBILDUNGSVERBUND",
        "title": "Weiterbildungsverbund der Zulieferbetriebe",
        "content": "Zulieferbetriebe gründen einen Weiterbildungsverbund für Beschäftigte.",
        "abgestimmt_mit": ["ATLAS:MA_VERBUND"],
    },
    {
        "id": "MA_FLAECHEN",
        "title": "Gewerbeflächen für Wasserstoff",
        "content": "Die Kommunen sichern Flächen für Elektrolyseure am Rhein.",
        "beitrag_zu": ["HF_STANDORT"],
        "federfuehrung": ["AK_WF"],
    },
]
ATLAS = [
    {
        "id": "MA_VERBUND",
        "title": "Verbund für Weiterbildung in Zulieferbetrieben",
        "content": "Ein Verbund der Zulieferbetriebe organisiert Weiterbildung der Beschäftigten.",
    },
    {
        "id": "MA_KITA",
        "title": "Betriebskitas im Sauerland",
        "content": "Unternehmen öffnen gemeinsame Kinderbetreuung für Schichtarbeit.",
    },
]


@pytest.fixture
def two_networks(tmp_path: Path, http_server: LocalServer) -> Path:
    """TRAIBER from a folder, ATLAS from the local HTTP server; the list beside them."""
    publish(tmp_path / "traiber", "TRAIBER", TRAIBER)
    publish(http_server.root / "atlas" / "latest", "ATLAS", ATLAS, fassung="1.1")
    listed = tmp_path / "netzwerke.toml"
    listed.write_text(
        '[[network]]\nname = "TRAIBER.NRW"\nshort_name = "TRAIBER"\n'
        'region = "Bergische Region"\nfolder = "traiber"\n\n'
        '[[network]]\nname = "ATLAS"\nshort_name = "ATLAS"\nregion = "Südwestfalen"\n'
        f'needs_url = "{http_server.url("atlas/latest/needs.json")}"\n'
        f'monitoring_url = "{http_server.url("atlas/latest/monitoring.json")}"\n',
        encoding="utf-8",
    )
    return listed


def run(listed: Path, out: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["overview", str(listed), "--out", str(out)])
    return result.exit_code, result.stdout, result.stderr


def test_overview_shows_networks_measures_similar_ones_and_the_map(
    two_networks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, stdout, stderr = run(two_networks, out)
    assert (code, stderr) == (0, ""), stdout + stderr
    assert "4 files read from their sources" in stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Fassung 2.0" in index and "Fassung 1.1" in index and "01.10.2026" in index
    # the map's text alternative and the list name the one pair that coordinates
    assert "TRAIBER.NRW und ATLAS: 1 abgestimmte Maßnahme." in index or (
        "ATLAS und TRAIBER.NRW: 1 abgestimmte Maßnahme." in index
    )
    # the status per Fassung: 1.0 both in Planung, 2.0 both in Umsetzung
    assert index.count("<td>2</td>") >= 4
    measures = (out / "massnahmen.html").read_text(encoding="utf-8")
    row = measures.split('id="m-TRAIBER-MA_WEITERBILDUNGSVERBUND"')[1].split("</tr>")[0]
    assert 'href="#m-ATLAS-MA_VERBUND">ATLAS:MA_VERBUND</a>' in row  # abgestimmt_mit
    similar = row.split('class="aehnlich"')[1]
    assert "Verbund für Weiterbildung in Zulieferbetrieben" in similar
    assert "Betriebskitas" not in similar and "Gewerbeflächen" not in similar
    kita = measures.split('id="m-ATLAS-MA_KITA"')[1].split("</tr>")[0]
    assert '<span class="leer">keine</span></td>' in kita  # nothing like it elsewhere
    assert 'data-art="Wirtschaftsförderung"' in measures and "<option>Standort</option>" in measures


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [("status", "HTTP 503"), ("invalid", "not JSON")],
)
def test_unreachable_or_invalid_network_keeps_its_last_good_copy(
    two_networks: Path, tmp_path: Path, http_server: LocalServer, breakage: str, reason: str
) -> None:
    out = tmp_path / "site"
    assert run(two_networks, out)[0] == 0
    needs = http_server.root / "atlas" / "latest" / "needs.json"
    if breakage == "status":
        http_server.errors["/atlas/latest/needs.json"] = 503
    else:
        needs.write_text("{ kaputt", encoding="utf-8")
        touch_later(needs)
    code, stdout, stderr = run(two_networks, out)
    assert code == 1
    lines = stderr.splitlines()
    assert lines[0].startswith(f"stratdoc: ATLAS: {http_server.url('atlas/latest/needs.json')}")
    assert reason in lines[0] and len(lines) == 2  # the problem, then the count
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "letzte gültige Kopie" in index and reason in index
    assert "<li>ATLAS: " not in index  # its own section needs no prefix
    # the old copy still feeds the measures, similarities and the map
    assert 'id="m-ATLAS-MA_VERBUND"' in (out / "massnahmen.html").read_text(encoding="utf-8")


def test_a_network_never_fetched_is_marked_and_the_others_still_shown(
    two_networks: Path, tmp_path: Path, http_server: LocalServer
) -> None:
    http_server.errors["/atlas/latest/needs.json"] = 404
    code, _, stderr = run(two_networks, tmp_path / "site")
    assert code == 1 and "HTTP 404" in stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "nicht verfügbar" in index and "Fassung 2.0" in index


def test_a_rebuild_rereads_only_the_network_that_changed(
    tmp_path: Path, http_server: LocalServer
) -> None:
    for short in ("A", "B"):
        publish(tmp_path / short, short, TRAIBER)
    publish(http_server.root / "c", "C", ATLAS)
    listed = [
        networks.Network("A", "A", "Region A", folder=tmp_path / "A"),
        networks.Network("B", "B", "Region B", folder=tmp_path / "B"),
        networks.Network(
            "C",
            "C",
            "Region C",
            needs_url=http_server.url("c/needs.json"),
            monitoring_url=http_server.url("c/monitoring.json"),
        ),
    ]
    cache = tmp_path / "cache"

    def reads() -> dict[str, int]:
        return {r.network.short_name: r.reads for r in sources.retrieve_all(listed, cache)}

    assert reads() == {"A": 2, "B": 2, "C": 2}
    http_server.requests.clear()
    assert reads() == {"A": 0, "B": 0, "C": 0}
    assert len(http_server.requests) == 2  # one conditional request per file, answered 304
    changed = tmp_path / "B" / "needs.json"
    changed.write_text(json.dumps(_needs("B", ATLAS)), encoding="utf-8")
    touch_later(changed)
    assert reads() == {"A": 0, "B": 1, "C": 0}  # its monitoring.json is unchanged
    monitoring = http_server.root / "c" / "monitoring.json"
    monitoring.write_text(monitoring.read_text(encoding="utf-8") + " ", encoding="utf-8")
    touch_later(monitoring)
    assert reads() == {"A": 0, "B": 0, "C": 1}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '[[network]]\nname = "A"\nshort_name = "A"\nregion = "R"\nfolder = "a"\n\n'
            '[[network]]\nname = "B"\nshort_name = "A"\nregion = "R"\nfolder = "b"\n',
            7,
            "short name A is given twice",
        ),
        (
            '[[network]]\nname = "A"\nshort_name = "A"\nregion = "R"\nfolder = "a"\n'
            'needs_url = "http://x/needs.json"\n',
            1,
            "not both",
        ),
        ('[[network]]\nname = "A"\nshort_name = "A"\nfolder = "a"\n', 1, "region is missing"),
    ],
)
def test_a_malformed_list_stops_with_its_line_and_writes_nothing(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    listed = tmp_path / "netzwerke.toml"
    listed.write_text(text, encoding="utf-8")
    code, _, stderr = run(listed, tmp_path / "site")
    assert code == 2
    assert stderr.startswith(f"stratdoc: {listed}:{line}: ") and message in stderr
    assert len(stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["netzwerke.toml"]


def test_similarity_is_computed_again_only_when_a_measure_text_changed(tmp_path: Path) -> None:
    publish(tmp_path / "T", "TRAIBER", TRAIBER)
    publish(tmp_path / "A", "ATLAS", ATLAS)
    listed = [
        networks.Network("TRAIBER.NRW", "TRAIBER", "R", folder=tmp_path / "T"),
        networks.Network("ATLAS", "ATLAS", "R", folder=tmp_path / "A"),
    ]
    cache = tmp_path / "cache"

    def computed() -> bool:
        retrieved = sources.retrieve_all(listed, cache)
        return site.write_site(retrieved, tmp_path / "site", cache).similarity_computed

    def similar_row() -> str:
        page = (tmp_path / "site" / "massnahmen.html").read_text(encoding="utf-8")
        return page.split('id="m-TRAIBER-MA_WEITERBILDUNGSVERBUND"')[1].split("</tr>")[0]

    assert computed()
    first = similar_row()
    assert "Verbund für Weiterbildung" in first
    assert not computed()  # nothing changed
    assert similar_row() == first  # the cached result draws the same page
    changed = tmp_path / "A" / "needs.json"
    data = json.loads(changed.read_text(encoding="utf-8"))
    data["versions"][""]["needs"]["MA_KITA"]["status"] = "umgesetzt"
    changed.write_text(json.dumps(data), encoding="utf-8")
    touch_later(changed)
    assert not computed()  # a status is no input of the similarity
    data["versions"][""]["needs"]["MA_KITA"]["title"] = "Betriebskitas im Siegerland"
    changed.write_text(json.dumps(data), encoding="utf-8")
    touch_later(changed)
    assert computed()
    (cache / similarity.CACHE).write_text("{ kaputt", encoding="utf-8")
    assert computed()  # a damaged cache is computed again, not a crash
    assert not computed()


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("monitoring.json", {"fassungen": ["1.0"], "measures": ["MA_X"]}),
        ("monitoring.json", {"fassungen": ["1.0"], "measures": [{"id": "M", "status": ["x"]}]}),
        ("monitoring.json", {"fassungen": [{"1.0": 1}], "measures": []}),
        ("monitoring.json", {"fassungen": ["1.0"], "measures": [{"changes": 5}]}),
        ("needs.json", {"current_version": "", "versions": {"": {"needs": {"A": {"type": 1}}}}}),
        ("needs.json", {"current_version": [], "versions": {}}),
    ],
)
def test_a_malformed_file_is_one_problem_and_the_other_networks_are_shown(
    tmp_path: Path, kind: str, body: object
) -> None:
    publish(tmp_path / "traiber", "TRAIBER", TRAIBER)
    publish(tmp_path / "atlas", "ATLAS", ATLAS)
    (tmp_path / "atlas" / kind).write_text(json.dumps(body), encoding="utf-8")
    listed = tmp_path / "netzwerke.toml"
    listed.write_text(
        '[[network]]\nname = "TRAIBER.NRW"\nshort_name = "TRAIBER"\nregion = "R"\n'
        'folder = "traiber"\n\n[[network]]\nname = "ATLAS"\nshort_name = "ATLAS"\n'
        'region = "R"\nfolder = "atlas"\n',
        encoding="utf-8",
    )
    code, _, stderr = run(listed, tmp_path / "site")
    assert code == 1, stderr
    lines = stderr.splitlines()
    assert (
        lines[0].startswith(f"stratdoc: ATLAS: {tmp_path / 'atlas' / kind}: ") and len(lines) == 2
    )
    measures = (tmp_path / "site" / "massnahmen.html").read_text(encoding="utf-8")
    assert 'id="m-TRAIBER-MA_FLAECHEN"' in measures
    # a bad monitoring.json alone still lets the network's measures be shown
    assert ('id="m-ATLAS-MA_KITA"' in measures) == (kind == "monitoring.json")


def test_a_list_of_inline_tables_with_a_repeated_short_name_names_the_file(
    tmp_path: Path,
) -> None:
    listed = tmp_path / "netzwerke.toml"
    listed.write_text(
        'network = [{name = "A", short_name = "A", region = "R", folder = "a"},\n'
        '           {name = "B", short_name = "A", region = "R", folder = "b"}]\n',
        encoding="utf-8",
    )
    code, _, stderr = run(listed, tmp_path / "site")
    assert code == 2 and stderr.startswith(f"stratdoc: {listed}:1: "), stderr
    assert "short name A is given twice" in stderr and len(stderr.splitlines()) == 1


def test_a_damaged_cache_is_read_again_not_a_crash(two_networks: Path, tmp_path: Path) -> None:
    assert run(two_networks, tmp_path / "site")[0] == 0
    cache = tmp_path / "_build" / "overview-cache"
    (cache / "TRAIBER" / sources.STATE).write_text('{"needs.json": "x"}', encoding="utf-8")
    (cache / "ATLAS" / sources.SUMMARY).write_text("{ kaputt", encoding="utf-8")
    (cache / similarity.CACHE).write_text('{"key": 1, "similar": []}', encoding="utf-8")
    code, stdout, stderr = run(two_networks, tmp_path / "site")
    assert (code, stderr) == (0, ""), stdout + stderr
    assert "2 files read from their sources" in stdout  # TRAIBER's two files: its state was lost
    page = (tmp_path / "site" / "massnahmen.html").read_text(encoding="utf-8")
    assert 'id="m-ATLAS-MA_KITA"' in page and "Verbund für Weiterbildung" in page


def test_a_cache_folder_that_cannot_be_written_is_one_line_and_writes_nothing(
    two_networks: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "eine-datei"
    blocker.write_text("kein Ordner", encoding="utf-8")
    args = ["overview", str(two_networks), "--out", str(tmp_path / "site")]
    result = CliRunner().invoke(main, [*args, "--cache", str(blocker / "cache")])
    assert (
        result.exit_code == 1
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    ), result.exception
    assert result.stderr == f"stratdoc: {blocker / 'cache'}: cannot write there (Not a directory)\n"
    assert not (tmp_path / "site").exists()
