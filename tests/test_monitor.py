"""`stratdoc monitor` and the Umsetzungsbericht, on a real repository with two Fassungen:
status changes on main and through a merged partner branch, a measured value, a measure
moved to another file of a renamed folder, and a draft change after 1.1."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project, git
from stratdoc.cli import main
from stratdoc.core import gitrepo, snapshot
from stratdoc.core.edition import ADOPTED, Edition
from stratdoc.editions import umsetzungsbericht
from stratdoc.editions.build import monitoring_data
from stratdoc.history import monitoring


def _at(day: str) -> dict[str, str]:
    stamp = f"{day}T10:00:00+00:00"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(root: Path, day: str, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, env=_at(day))


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("monitor"), "monitor")
    strategy = root / "strategy"
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Projektbüro")
    git(root, "config", "user.email", "buero@example.org")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Erste Fassung", env=_at("2024-01-10"))
    git(root, "tag", "-a", "v1.0", "-m", "Fassung 1.0", env=_at("2024-01-15"))
    # a status change proposed by the IHK, committed on main
    _replace(strategy / "felder.md", ":status: in Planung", ":status: in Umsetzung")
    _commit(root, "2024-03-01", "Schulkooperationen laufen\n\nEingebracht-von: AK_IHK")
    # the IG Metall's proposal on its own branch, merged without a trailer of its own
    git(root, "switch", "-q", "-c", "vorschlag/igm")
    _replace(strategy / "felder.md", ":status: nicht begonnen", ":status: in Planung")
    _replace(strategy / "indikatoren.md", ":zielwert: 20", ":zielwert: 20\n:messwerte: 2024: 12,5")
    _commit(root, "2024-04-01", "Betriebsräte in Planung\n\nEingebracht-von: AK_IGM")
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge vorschlag/igm", "vorschlag/igm",
        env=_at("2024-04-02"))  # fmt: skip
    # the office renames a file and moves one measure out of it: no change of substance
    git(root, "mv", "strategy/felder.md", "strategy/handlungsfelder.md")
    text = (strategy / "handlungsfelder.md").read_text(encoding="utf-8")
    block = text[text.index("```{massnahme} Schulkooperationen") :]
    block = block[: block.index("```\n", 4) + 4]
    (strategy / "handlungsfelder.md").write_text(text.replace(block, ""), encoding="utf-8")
    (strategy / "massnahmen.md").write_text(f"# Maßnahmen\n\n{block}", encoding="utf-8")
    _replace(strategy / "index.md", "felder\n", "handlungsfelder\nmassnahmen\n")
    _commit(root, "2024-05-01", "Maßnahmen in eine eigene Datei")
    git(root, "tag", "-a", "v1.1", "-m", "Fassung 1.1", env=_at("2024-05-02"))
    # after 1.1: the draft
    _replace(strategy / "massnahmen.md", ":status: in Umsetzung", ":status: umgesetzt")
    _commit(root, "2024-06-03", "Schulkooperationen umgesetzt\n\nEingebracht-von: AK_IHK")
    return root


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), "monitor", *args])
    return result.exit_code, result.output


def _sha(root: Path, rev: str) -> str:
    return git(root, "rev-parse", "--short=7", rev)


def test_json_rows_per_fassung_and_change(history: Path) -> None:
    code, out = _run(history, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["fassungen"] == ["1.0", "1.1", "entwurf"]
    measures = {m["id"]: m for m in data["measures"]}
    first = _sha(history, "v1.0^{commit}")
    ihk = _sha(history, "HEAD~3")
    merge, draft = _sha(history, "HEAD~2"), _sha(history, "HEAD")
    assert measures["MA_SCHULE"]["status"] == {
        "1.0": "in Planung",
        "1.1": "in Umsetzung",
        "entwurf": "umgesetzt",
    }
    assert measures["MA_SCHULE"]["changes"] == [
        {"commit": first, "date": "2024-01-10", "field": "status", "old": None,
         "new": "in Planung", "organisation": "Projektbüro", "attributed": False},
        {"commit": ihk, "date": "2024-03-01", "field": "status", "old": "in Planung",
         "new": "in Umsetzung", "organisation": "AK_IHK", "attributed": True},
        {"commit": draft, "date": "2024-06-03", "field": "status", "old": "in Umsetzung",
         "new": "umgesetzt", "organisation": "AK_IHK", "attributed": True},
    ]  # fmt: skip
    assert measures["MA_BETRIEBSRAETE"]["status"] == {
        "1.0": "nicht begonnen",
        "1.1": "in Planung",
        "entwurf": "in Planung",
    }
    assert measures["MA_BETRIEBSRAETE"]["changes"][1:] == [
        {"commit": merge, "date": "2024-04-02", "field": "status", "old": "nicht begonnen",
         "new": "in Planung", "organisation": "AK_IGM", "attributed": True},
    ]  # fmt: skip
    (indicator,) = data["indicators"]
    assert indicator["id"] == "KPI_SCHULEN"
    assert indicator["einheit"] == "Anzahl Schulen"
    assert (indicator["basiswert"], indicator["zielwert"]) == ("10 (2023)", "20")
    assert indicator["messwerte"] == {"2024": 12.5}
    assert indicator["changes"][-1]["organisation"] == "AK_IGM"
    assert indicator["changes"][-1]["new"] == "2024: 12,5"


def test_an_older_revision_and_an_edition_of_a_fassung(history: Path) -> None:
    repo = gitrepo.open_repo(history)
    at_11 = monitoring.collect(repo, "v1.1")
    assert at_11.fassungen == ["1.0", "1.1"]  # the tag is its Fassung, not also a draft
    code, out = _run(history, "v1.1")
    assert code == 0 and out.startswith("Fassungen: 1.0, 1.1\n") and "entwurf" not in out
    assert monitoring.collect(repo, "v1.1~1").fassungen == ["1.0", "entwurf"]
    edition = monitoring.collect(repo, "v1.1", current="1.1")
    assert edition.fassungen == ["1.0", "1.1"]
    first = monitoring.collect(repo, "v1.0", current="1.0").as_json()
    assert first["fassungen"] == ["1.0"]
    assert "erste Fassung" in umsetzungsbericht.comparison_note(first)


def test_an_exported_release_reads_the_history_of_its_origin(history: Path, tmp_path: Path) -> None:
    repo = gitrepo.open_repo(history)
    edition = Edition("1.2", ADOPTED, "2024-07-01", _sha(history, "HEAD"))
    with snapshot.export(repo, "HEAD") as exported:
        report = monitoring_data(exported, edition, tmp_path)
    assert report is not None
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["fassungen"] == ["1.0", "1.1", "1.2"]


def test_csv_opens_with_bom_and_semicolons(history: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(history), "monitor", "--format", "csv"])
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["art", "id", "titel", "feld"]
    assert (next(r for r in rows if r[1] == "MA_SCHULE" and r[4] == "1.1")[:6]) == [
        "massnahme",
        "MA_SCHULE",
        "Schulkooperationen",
        "status",
        "1.1",
        "in Umsetzung",
    ]
    assert any(r[0] == "messwert" and r[4:6] == ["2024", "12,5"] for r in rows)
    assert any(r[0] == "aenderung" and r[8] == "Bergische IHK" for r in rows)


def test_text_and_refusals(history: Path, tmp_path: Path) -> None:
    code, out = _run(history)
    assert code == 0
    assert "MA_SCHULE „Schulkooperationen“: 1.0: in Planung | 1.1: in Umsetzung" in out
    assert "Projektbüro (nicht zugeordnet)" in out
    code, out = _run(history, "gibtsnicht")
    assert code == 2 and "gibtsnicht: unknown revision" in out
    plain = copy_project(tmp_path / "ohne-git", "monitor")
    code, out = _run(plain)
    assert code == 2 and "no Git history" in out


def test_the_chapter_in_the_html_edition(history: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(history), "build", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "html" / "umsetzungsbericht.html").read_text(encoding="utf-8")
    assert "Verglichen werden Fassung 1.0, Fassung 1.1 und Entwurf" in page
    row = re.search(r"<tr><th scope=\"row\">Schulkooperationen.*?</tr>", page).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[:3] == ["in Planung", "in Umsetzung", "umgesetzt"]
    assert "03.06.2024: in Umsetzung → umgesetzt" in cells[3]
    assert "Bergische IHK" in cells[3]
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]*)"', page)
    assert any("Basiswert 10 (2023)" in a and "2024: 12,5" in a and "Zielwert 20" in a
               for a in alts)  # fmt: skip
    assert any("Fassung 1.0: nicht begonnen 1, in Planung 1." in a for a in alts)
    published = json.loads((tmp_path / "html" / "monitoring.json").read_text(encoding="utf-8"))
    assert published["fassungen"] == ["1.0", "1.1", "entwurf"]
    assert (tmp_path / "html" / "monitoring.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_change_without_trailer_is_credited_through_the_partner_map(
    history: Path, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(history, tmp_path / "repo", symlinks=True))
    (root / "governance").mkdir(exist_ok=True)
    (root / "governance" / "partners.toml").write_text(
        '[AK_IGM]\ndomains = ["example.org"]\n', encoding="utf-8"
    )
    code, out = _run(root, "--format", "json")
    assert code == 0, out
    first = {m["id"]: m for m in json.loads(out)["measures"]}["MA_SCHULE"]["changes"][0]
    assert (first["organisation"], first["attributed"]) == ("AK_IGM", True)


def test_a_shallow_clone_is_refused_not_reported_as_one_commit(
    history: Path, tmp_path: Path
) -> None:
    """A depth-1 clone's only commit would pass for the first: every need "added" there."""
    clone = tmp_path / "flach"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    out = tmp_path / "ausgaben"
    for args in (
        ["monitor"],
        ["monitor", "--format", "json"],
        ["build", "html", "--out", str(out)],
        ["site", "--out", str(out / "site")],
    ):
        result = CliRunner().invoke(main, ["-C", str(clone), *args])
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "git fetch --unshallow --tags" in lines[0], (args, lines)
    assert not out.exists()
    assert git(clone, "status", "--porcelain") == ""


def test_every_forge_template_fetches_the_whole_history() -> None:
    """Monitor, build and site refuse a shallow clone: CI checks out the whole history."""
    import yaml
    from conftest import REPO

    templates = REPO / "tooling" / "stratdoc" / "templates" / "network"
    workflows = [*(REPO / ".github" / "workflows").glob("*.yml")]
    workflows += (templates / "github" / "dot-github" / "workflows").glob("*.yml")
    checkouts = [
        step
        for path in workflows
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) >= 4
    assert all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    for gitlab in (REPO / ".gitlab-ci.yml", templates / "gitlab" / "dot-gitlab-ci.yml"):
        data = yaml.safe_load(gitlab.read_text(encoding="utf-8"))
        assert data["variables"]["GIT_DEPTH"] == "0", gitlab


def test_a_measured_value_of_the_base_year_shows_inside_the_base_marker() -> None:
    """The open square is painted first and is wider than the point with its stroke, so a
    measured value in the base year stays visible on top of it."""
    from xml.etree import ElementTree

    from stratdoc.editions import svgcharts

    ten, twelve = Decimal(10), Decimal(12)
    svg = svgcharts.line_chart([(2023, ten), (2024, twelve)], (2023, ten), Decimal(20), "Anzahl")
    ns = "{http://www.w3.org/2000/svg}"
    shapes = [e for e in ElementTree.fromstring(svg) if e.tag in (f"{ns}rect", f"{ns}circle")]
    square = next(i for i, e in enumerate(shapes) if e.tag == f"{ns}rect")
    rect = shapes[square]
    cx = float(rect.get("x")) + float(rect.get("width")) / 2
    cy = float(rect.get("y")) + float(rect.get("height")) / 2
    point = next(
        i
        for i, e in enumerate(shapes)
        if e.tag == f"{ns}circle"
        and abs(float(e.get("cx")) - cx) < 0.2
        and abs(float(e.get("cy")) - cy) < 0.2
    )
    assert square < point  # the point is painted over the square
    inner = float(rect.get("width")) / 2 - float(rect.get("stroke-width")) / 2
    assert inner - float(shapes[point].get("r")) >= 2  # white ring: the square stays visible


def _copy(history: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(history, tmp_path / "repo", symlinks=True))


def _messwerte(root: Path, series: str, day: str) -> str:
    """Give KPI_SCHULEN the measured values *series* in a commit of *day*; its short hash."""
    file = root / "strategy" / "indikatoren.md"
    text = re.sub(r":messwerte: .*\n", "", file.read_text(encoding="utf-8"))
    file.write_text(text.replace(":zielwert: 20\n", f":zielwert: 20\n:messwerte: {series}\n"))
    _commit(root, day, "Messwerte")
    return _sha(root, "HEAD")


def test_values_keep_their_digits_in_every_format(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comma starts the decimals, a point groups thousands: what check accepts, every
    reader shows digit for digit."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026
    root = _copy(history, tmp_path)
    _messwerte(root, "2023: 10; 2024: 1,125; 2025: 0,00001; 2026: 1.250", "2026-05-01")
    code, out = _run(root, "--format", "json")
    assert code == 0, out
    (k,) = json.loads(out, parse_float=Decimal)["indicators"]
    exact = {"2023": 10, "2024": Decimal("1.125"), "2025": Decimal("0.00001"), "2026": 1250}
    assert k["messwerte"] == exact
    assert all(type(k["messwerte"][y]) is type(v) for y, v in exact.items())
    german = ["10", "1,125", "0,00001", "1.250"]
    code, out = _run(root)
    assert code == 0 and "Messwerte 2023: 10; 2024: 1,125; 2025: 0,00001; 2026: 1.250" in out
    code, out = _run(root, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert [r[5] for r in rows if r[0] == "messwert"] == german
    chart = umsetzungsbericht.indicator_chart(k)
    cells = re.findall(r"<th scope=\"row\">Messwert</th><td>\d+</td><td>(.*?)</td>", chart)
    assert cells == german
    assert "Messwerte 2023: 10, 2024: 1,125, 2025: 0,00001, 2026: 1.250;" in chart


def test_a_value_todays_check_rejects_is_a_warning_with_commit_and_path(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """monitor reads the series as check does, says what check would reject, and drops
    only what cannot be read or placed (a year twice, not 'YEAR: VALUE')."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026
    root = _copy(history, tmp_path)
    series = "2022: 5; 2024: 12,5; 2024: 13; 2025 14; 2025: 1.5; 2030: 9"
    commit = _messwerte(root, series, "2024-07-01")
    result = CliRunner().invoke(main, ["-C", str(root), "monitor", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (k,) = data["indicators"]
    assert k["messwerte"] == {"2022": 5, "2024": 12.5, "2030": 9}
    line = next(
        n
        for n, text in enumerate((root / "strategy" / "indikatoren.md").open(), 1)
        if text.startswith(":messwerte:")
    )
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 5 == len(data["warnings"])
    prefix = f"strategy/indikatoren.md:{line}: warning: KPI_SCHULEN :messwerte: "
    assert all(w.startswith(prefix) and w.endswith(f"(commit {commit})") for w in warnings)
    assert "write the decimals after a comma, e.g. '1,5'" in warnings[3]
    # check, on the same files, rejects exactly these
    checked = CliRunner().invoke(main, ["-C", str(root), "check", "--format", "json"])
    findings = [f for f in json.loads(checked.stdout)["findings"] if f["need"] == "KPI_SCHULEN"]
    assert sorted(f["message"] for f in findings) == sorted(
        f"KPI_SCHULEN: :messwerte: {w['message']}" for w in data["warnings"]
    )
    assert {f["line"] for f in findings} == {line}


def test_a_removed_measure_keeps_the_columns_of_the_fassungen_that_held_it(
    history: Path, tmp_path: Path
) -> None:
    root = _copy(history, tmp_path)
    git(root, "tag", "-a", "v2.0", "-m", "Fassung 2.0", env=_at("2024-06-10"))
    file = root / "strategy" / "handlungsfelder.md"
    text = file.read_text(encoding="utf-8")
    block = text[text.index("```{massnahme} Betriebsräte") :]
    file.write_text(text.replace(block[: block.index("```\n", 4) + 4], ""), encoding="utf-8")
    _commit(root, "2024-08-01", "Betriebsräte entfallen ganz\n\nEingebracht-von: AK_IGM")
    code, out = _run(root, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["fassungen"] == ["1.0", "1.1", "2.0", "entwurf"]
    measure = {m["id"]: m for m in data["measures"]}["MA_BETRIEBSRAETE"]
    assert measure["title"] == "Betriebsräte qualifizieren"
    assert measure["status"] == {
        "1.0": "nicht begonnen",
        "1.1": "in Planung",
        "2.0": "in Planung",
        "entwurf": None,
    }
    assert measure["changes"][-1] == {
        "commit": _sha(root, "HEAD"), "date": "2024-08-01", "field": "status",
        "old": "in Planung", "new": "entfernt", "organisation": "AK_IGM", "attributed": True,
    }  # fmt: skip
    counts = umsetzungsbericht.distribution(data)
    assert [sum(counts[f].values()) for f in data["fassungen"]] == [2, 2, 2, 1]
    code, out = _run(root)
    assert "2024-08-01" in out and "status: in Planung → entfernt (IG Metall)" in out
