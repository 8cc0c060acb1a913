"""`stratdoc check` end to end: output formats, silencing, the shipped strategy, Git
untouched, continuity against the last release, and incremental runs equal to cold ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, git
from stratdoc.check.run import run_check
from stratdoc.cli import main
from stratdoc.core.project import Project


def check(project: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(project), "check", *args])


def edit(project: Path, old: str, new: str, page: str = "index.md") -> None:
    path = project / "strategy" / page
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project: Path, text: str, page: str = "index.md") -> int:
    lines = (project / "strategy" / page).read_text(encoding="utf-8").splitlines()
    return lines.index(text) + 1


@pytest.fixture(scope="module")
def dangling(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test-dangling-link plus a warning (an unused actor)."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("dangling"), "dangling-link")
    page = project / "strategy" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n```{akteur} Ungenutzt\n:id: AK_FREI\n:art: IHK\n:rolle: Netzwerkpartner\n```\n",
        encoding="utf-8",
    )
    return project


def test_text_format(dangling: Path) -> None:
    result = check(dangling)
    assert result.exit_code == 1
    line = line_of(dangling, ":beitrag_zu: HF_GIBTSNICHT")
    assert (
        f"strategy/index.md:{line}: error[link-unknown-target] MA_SCHULE: :beitrag_zu: names "
        "HF_GIBTSNICHT, which no need has; fix the ID or add that need"
    ) in result.stdout.splitlines()
    # the dangling link also leaves the action field without a measure
    assert "strategy/index.md:3: error[field-no-measure] HF_FK:" in result.stdout
    assert "warning[actor-unused] AK_FREI:" in result.stdout
    assert "2 errors, 1 warning" in result.stderr


def test_json_format(dangling: Path) -> None:
    result = check(dangling, "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 2, "warnings": 1, "total": 3}
    first = data["findings"][1]
    assert set(first) == {"code", "severity", "path", "line", "need", "message"}
    assert (first["code"], first["need"], first["severity"]) == (
        "link-unknown-target",
        "MA_SCHULE",
        "error",
    )


def test_github_format(dangling: Path) -> None:
    result = check(dangling, "--format", "github")
    line = line_of(dangling, ":beitrag_zu: HF_GIBTSNICHT")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=strategy/index.md,line=3,title=field-no-measure::")
    assert lines[1].startswith(
        f"::error file=strategy/index.md,line={line},title=link-unknown-target::MA_SCHULE:"
    )
    assert lines[2].startswith("::warning file=strategy/index.md,line=")
    assert "title=actor-unused::" in lines[2]


def test_gitlab_format_is_code_quality_with_fingerprints_that_survive_moved_lines(
    dangling: Path, tmp_path: Path
) -> None:
    result = check(dangling, "--format", "gitlab")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    line = line_of(dangling, ":beitrag_zu: HF_GIBTSNICHT")
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in issues
    ] == [
        ("field-no-measure", "major", "strategy/index.md", 3),
        ("link-unknown-target", "major", "strategy/index.md", line),
        ("actor-unused", "minor", "strategy/index.md", line_of(dangling, ":id: AK_FREI") - 1),
    ]
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"] and len(issue["fingerprint"]) == 64
    assert len({i["fingerprint"] for i in issues}) == 3
    # two lines more above every finding: the lines move, the fingerprints stay
    moved = shutil.copytree(dangling, tmp_path / "moved")
    edit(moved, "# Mini-Strategie\n", "# Mini-Strategie\n\nEin neuer Absatz.\n")
    again = json.loads(check(moved, "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]
    begins = [i["location"]["lines"]["begin"] for i in issues]
    assert [i["location"]["lines"]["begin"] for i in again] == [b + 2 for b in begins]


def test_ignore_silences_a_code_project_wide(project_factory) -> None:
    project = project_factory("dangling-link")
    config = project / "ubproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "ignore = []", 'ignore = ["link-unknown-target", "field-no-measure"]'
        ),
        encoding="utf-8",
    )
    result = check(project, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_unknown_code_in_ignore_is_an_error_naming_the_file(project_factory) -> None:
    project = project_factory("minimal")
    config = project / "ubproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("ignore = []", 'ignore = ["link-typo"]'),
        encoding="utf-8",
    )
    result = check(project)
    assert result.exit_code == 2
    assert result.stderr.startswith("stratdoc: ubproject.toml: [stratdoc] ignore names unknown")
    assert "link-typo" in result.stderr and result.stderr.count("\n") == 1
    assert not (project / "_build").exists()


def test_shipped_strategy_passes_clean(tmp_path: Path) -> None:
    report = run_check(Project(REPO), outdir=tmp_path / "check")
    assert report.findings == []
    assert len(report.needs.needs) > 100


def test_check_leaves_git_status_unchanged(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    (project / "notiz.txt").write_text("untracked\n", encoding="utf-8")
    (project / "strategy" / "neu.md").write_bytes("# Neu\n\nGr\xf6\xdfe\n".encode("latin-1"))
    edit(project, ":zielwert: 20", ":zielwert: 25")
    before = git(project, "status", "--porcelain", "--untracked-files=all")
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}

    result = check(project)

    assert result.exit_code == 1  # neu.md: not UTF-8 and not in a toctree
    after = git(project, "status", "--porcelain", "--untracked-files=all")
    assert [ln for ln in after.splitlines() if "_build/" not in ln] == before.splitlines()
    now = {p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert {p for p in now if "_build" not in p.parts} == set(files)
    assert all(p.read_bytes() == data for p, data in files.items())


def test_an_id_of_the_last_release_must_not_vanish(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    git(project, "tag", "-a", "v1.0", "-m", "Fassung 1.0")
    text = (project / "strategy" / "index.md").read_text(encoding="utf-8")
    kpi = text.index("```{indikator}")
    (project / "strategy" / "index.md").write_text(text[:kpi], encoding="utf-8")

    result = check(project, "--format", "json")
    found = [(f["code"], f["need"], f["path"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("id-vanished", "KPI_SCHULEN", "strategy/index.md")]
    assert list((project / "_build" / "check").glob("release-*.json"))  # built once, cached

    git(project, "commit", "-qam", "Indikator gestrichen")
    git(project, "tag", "-a", "v1.1", "-m", "Fassung 1.1")  # only the newest release counts
    assert check(project).exit_code == 0


def test_incremental_check_equals_a_cold_one(project_factory, tmp_path: Path) -> None:
    project = project_factory("minimal")
    strategy = project / "strategy"
    edit(project, "# Mini-Strategie\n", "# Mini-Strategie\n\n```{toctree}\nzwei\n```\n")
    (strategy / "zwei.md").write_text("# Zwei\n\nText {rolle}`x`.\n", encoding="utf-8")
    first = run_check(Project(project))
    assert [f.code for f in first.findings] == ["unknown-role"]
    tree = project / "_build" / "check" / ".doctrees" / "zwei.doctree"
    stamp = tree.stat().st_mtime_ns

    edit(project, ":status: in Umsetzung", ":status: fertig")
    edit(project, "Betriebe öffnen", "Siehe {need}`MA_NIX`. Betriebe öffnen")
    incremental = run_check(Project(project))
    assert tree.stat().st_mtime_ns == stamp  # zwei.md was not read again

    cold_copy = tmp_path / "cold"
    shutil.copytree(project, cold_copy, ignore=shutil.ignore_patterns("_build"))
    cold = run_check(Project(cold_copy))
    assert incremental.findings == cold.findings
    assert [f.code for f in cold.findings] == ["value-not-allowed", "ref-broken", "unknown-role"]


def test_readme_documents_every_code() -> None:
    from stratdoc.check.rules import RULES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Prüfregeln", 1)[1].split("\n## ", 1)[0]
    rows = {
        line.split("`")[1]: line.split("|")[2].strip()
        for line in section.splitlines()
        if line.startswith("| `")
    }
    assert rows == {code: rule.severity for code, rule in RULES.items()}


def test_a_failed_sphinx_run_is_one_finding_not_a_flood(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    git(project, "tag", "v1.0")
    conf = project / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nraise RuntimeError('kaputt')\n")
    result = check(project, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["sphinx"]
    assert "kaputt" in findings[0]["message"]


def test_review_of_a_branch_that_drops_a_released_id_fails(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    git(project, "tag", "-a", "v1.0", "-m", "Fassung 1.0")
    git(project, "switch", "-q", "-c", "vorschlag/ohne-indikator")
    page = project / "strategy" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text[: text.index("```{indikator}")], encoding="utf-8")
    git(project, "commit", "-qam", "Indikator gestrichen")
    git(project, "switch", "-q", "main")

    result = CliRunner().invoke(main, ["-C", str(project), "review", "vorschlag/ohne-indikator"])
    assert result.exit_code == 1
    assert "[id-vanished] KPI_SCHULEN was in Fassung 1.0" in result.stdout
    assert list((project / "_build" / "check").glob("release-*.json"))  # cached for next time


def test_resolving_a_duplicate_id_rebuilds_what_the_cache_would_miss(project_factory) -> None:
    project = project_factory("minimal")
    edit(project, "# Mini-Strategie\n", "# Mini-Strategie\n\n```{toctree}\nzwei\n```\n")
    (project / "strategy" / "zwei.md").write_text(
        "# Zwei\n\n```{akteur} Doppelt\n:id: AK_IHK\n:art: IHK\n:rolle: Netzwerkpartner\n```\n",
        encoding="utf-8",
    )
    assert [f.code for f in run_check(Project(project)).findings] == ["id-duplicate"]
    # the first AK_IHK goes; the one in the unchanged zwei.md must now count
    text = (project / "strategy" / "index.md").read_text(encoding="utf-8")
    start = text.index("```{akteur}")
    end = text.index("```\n", start + 3) + 4
    (project / "strategy" / "index.md").write_text(text[:start] + text[end:], encoding="utf-8")
    assert run_check(Project(project)).findings == []


def test_an_unknown_id_gets_the_closest_known_id_of_the_right_type(tmp_path: Path) -> None:
    from conftest import copy_project

    project = copy_project(tmp_path, "dangling-link")
    edit(project, ":beitrag_zu: HF_GIBTSNICHT", ":beitrag_zu: HF_FX")
    # AK_IHK is close but an Akteur, which :misst: may not name
    edit(project, ":misst: MA_SCHULE", ":misst: AK_IHKK")
    result = CliRunner(env={"STRATDOC_LANGUAGE": "de"}).invoke(main, ["-C", str(project), "check"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        f"strategy/index.md:{line_of(project, ':beitrag_zu: HF_FX')}: Fehler[link-unknown-target] "
        "MA_SCHULE: :beitrag_zu: nennt HF_FX, eine ID, die es nicht gibt — meinten Sie HF_FK?"
    ) in lines
    assert (
        f"strategy/index.md:{line_of(project, ':misst: AK_IHKK')}: Fehler[link-unknown-target] "
        "KPI_SCHULEN: :misst: nennt AK_IHKK, eine ID, die es nicht gibt; "
        "die ID korrigieren oder den Eintrag anlegen"
    ) in lines
