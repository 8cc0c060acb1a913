"""Fingerprint, revision snapshots, need-level diff and the base check on real Git repos."""

from __future__ import annotations

import json
from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner
from conftest import git
from stratdoc.cli import main
from stratdoc.core import fingerprint, snapshot
from stratdoc.core.errors import StratdocError
from stratdoc.core.model import load_model
from stratdoc.history import attribution, diff


def test_fingerprint_is_the_same_on_a_clone(project_factory, tmp_path: Path) -> None:
    project = project_factory("minimal", repo=True)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project), str(clone))
    assert fingerprint.fingerprint(gitpython.Repo(project)) == fingerprint.fingerprint(
        gitpython.Repo(clone)
    )


def test_fingerprint_follows_content_only(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    repo = gitpython.Repo(project)
    before = fingerprint.fingerprint(repo)
    (project / "governance").mkdir(exist_ok=True)  # the pinned neighbours may be there
    (project / "governance" / "note.md").write_text("Protokoll\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "governance only")
    assert fingerprint.fingerprint(repo) == before
    page = project / "strategy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNeuer Satz.\n", encoding="utf-8")
    git(project, "commit", "-qam", "content")
    assert fingerprint.fingerprint(repo) != before


def test_diff_between_revisions(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    page = project / "strategy" / "index.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace(":status: in Umsetzung", ":status: entfallen")
    text = text.replace(":zielwert: 20", ":zielwert: 25")
    text += "\n```{akteur} Agentur für Arbeit\n:id: AK_AA\n:art: Agentur für Arbeit\n"
    text += ":rolle: Netzwerkpartner\n```\n"
    page.write_text(text, encoding="utf-8")
    git(project, "commit", "-qam", "change")
    repo = gitpython.Repo(project)
    changes = diff.compare(
        snapshot.needs_at(repo, "HEAD~1"),
        snapshot.needs_at(repo, "HEAD"),
        load_model(project / "ubproject.toml"),
    )
    kinds = {c.need: c.kind for c in changes}
    assert kinds == {"AK_AA": diff.ADDED, "MA_SCHULE": diff.RETIRED, "KPI_SCHULEN": diff.CHANGED}
    kpi = next(c for c in changes if c.need == "KPI_SCHULEN")
    assert kpi.fields == {"zielwert": ("20", "25")}


def test_unknown_revision_is_refused(project_factory) -> None:
    repo = gitpython.Repo(project_factory("minimal", repo=True))
    with pytest.raises(StratdocError, match="unknown revision"), snapshot.export(repo, "v9.9"):
        pass


def test_check_reports_json_with_location(project_factory) -> None:
    project = project_factory("dangling-link")
    result = CliRunner().invoke(main, ["-C", str(project), "check", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    finding = next(f for f in data["findings"] if f["code"] == "link-unknown-target")
    assert (finding["path"], finding["line"], finding["need"]) == (
        "strategy/index.md",
        26,
        "MA_SCHULE",
    )
    # the dangling link also leaves HF_FK without a measure
    assert data["summary"]["errors"] == 2


def test_contributors_come_from_trailers(project_factory) -> None:
    project = project_factory("minimal", repo=True)
    page = project / "strategy" / "index.md"
    for n, actor in enumerate(["AK_IHK", "AK_AA", "AK_IHK"]):
        page.write_text(page.read_text(encoding="utf-8") + f"\nSatz {n}.\n", encoding="utf-8")
        git(project, "commit", "-qam", f"Änderung {n}\n\n{attribution.trailer(actor)}")
    repo = gitpython.Repo(project)
    assert attribution.contributors(repo, "HEAD~3") == ["AK_IHK", "AK_AA"]
    assert attribution.contributors(repo, "HEAD~1") == ["AK_IHK"]


def test_chart_labels_are_german_numbers() -> None:
    from sphinx_needs.directives import needpie
    from stratdoc.editions import charts

    assert charts.pie_label(12.1212, [4, 29]) == "12,1\u202f%\n(4)"
    charts.install()
    assert needpie.label_calc(50.0, [3, 3]) == "50,0\u202f%\n(3)"
