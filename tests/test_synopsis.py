"""stratdoc diff and the Synopse on a real repo with crafted changes of every kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner
from conftest import copy_project, git, init_repo
from stratdoc.cli import main
from stratdoc.core import snapshot
from stratdoc.core.edition import draft
from stratdoc.editions.build import build_editions
from stratdoc.history import diff, prose, synopsis, worddiff

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="alert(1)">'


def _edit(root: Path, name: str, *pairs: tuple[str, str]) -> None:
    page = root / "strategy" / name
    text = page.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    page.write_text(text, encoding="utf-8")


def _cut(root: Path, name: str, marker: str) -> str:
    """Remove the need block that starts with *marker* from *name*; return it."""
    page = root / "strategy" / name
    text = page.read_text(encoding="utf-8")
    start = text.index(marker)
    end = text.index("```\n", text.index("\n", start)) + 4
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    return text[start:end]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three tagged Fassungen: v1.0; v1.1 with one change of every kind; v1.2 injected."""
    root = init_repo(copy_project(tmp_path_factory.mktemp("syn") / "repo", "synopse"))
    git(root, "tag", "v1.0")
    moved = _cut(root, "felder.md", "```{massnahme} Tag der Betriebe")
    _cut(root, "felder.md", "```{massnahme} Infobroschüre")
    _edit(
        root,
        "felder.md",
        (
            ":ziel: Genug Fachkräfte für die Zulieferbetriebe.",
            ":ziel: Genug und gut ausgebildete Fachkräfte für die Zulieferbetriebe.",
        ),
        ("Werkstätten für Schulklassen.", "Werkstätten regelmäßig für Schulklassen."),
        (":status: nicht begonnen", ":status: entfallen"),
        ("für ihre Zulieferbetriebe.", "für ihre vielen Zulieferbetriebe."),
        ("Dieser Absatz wird gestrichen.\n\n", ""),
    )
    page = root / "strategy" / "felder.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n```{massnahme} Mentoring\n"
        ":id: MA_MENTORING\n:status: in Planung\n:prioritaet: hoch\n:beginn: 2026\n"
        ":beitrag_zu: HF_FK\n:federfuehrung: AK_IHK\n\nErfahrene begleiten "
        "Neue.\n```\n",
        encoding="utf-8",
    )
    weitere = root / "strategy" / "weitere.md"
    weitere.write_text(
        weitere.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n\n" + moved, encoding="utf-8"
    )
    git(root, "commit", "-qam", "Fortschreibung")
    git(root, "tag", "v1.1")
    _edit(
        root,
        "felder.md",
        ("```{massnahme} Mentoring", f"```{{massnahme}} Mentoring {PAYLOAD}"),
        ("Erfahrene begleiten", f"Erfahrene {PAYLOAD} begleiten"),
    )
    git(root, "commit", "-qam", "Injektion")
    git(root, "tag", "v1.2")
    return root


@pytest.fixture(scope="module")
def comparison(repo: Path) -> synopsis.Comparison:
    return synopsis.compare(gitpython.Repo(repo), "v1.0", "v1.1", "1.0", "1.1")


def test_every_kind_of_need_change(comparison: synopsis.Comparison) -> None:
    kinds = {c.need: c.kind for c in comparison.needs}
    assert kinds == {
        "HF_FK": diff.CHANGED,
        "MA_SCHULE": diff.CHANGED,
        "MA_MESSE": diff.RETIRED,
        "MA_BROSCHUERE": diff.REMOVED,
        "MA_MENTORING": diff.ADDED,
        "MA_TAG": diff.MOVED,
    }
    by_id = {c.need: c for c in comparison.needs}
    assert by_id["HF_FK"].fields == {
        "ziel": (
            "Genug Fachkräfte für die Zulieferbetriebe.",
            "Genug und gut ausgebildete Fachkräfte für die Zulieferbetriebe.",
        )
    }
    assert (by_id["MA_TAG"].old_doc, by_id["MA_TAG"].new_doc) == ("felder", "weitere")
    text = worddiff.segments(by_id["MA_SCHULE"].old_text, by_id["MA_SCHULE"].new_text)
    assert [t for op, t in text if op != worddiff.EQUAL] == ["regelmäßig "]


def test_prose_changes_by_section(comparison: synopsis.Comparison) -> None:
    found = {(p.kind, p.document, p.section, p.old, p.new) for p in comparison.prose}
    assert found == {
        (
            prose.CHANGED,
            "felder",
            "Felder › Lage",
            "Die Region braucht Fachkräfte für ihre Zulieferbetriebe.",
            "Die Region braucht Fachkräfte für ihre vielen Zulieferbetriebe.",
        ),
        (prose.REMOVED, "felder", "Felder › Lage", "Dieser Absatz wird gestrichen.", ""),
        (prose.ADDED, "weitere", "Weitere Maßnahmen", "", "Ein neuer Absatz."),
    }


def test_word_diff_keeps_words_whole() -> None:
    assert worddiff.segments(
        "Die Fachkräfte-Offensive läuft.", "Die Fachkräfte-Initiative läuft."
    ) == [
        ("equal", "Die "),
        ("delete", "Fachkräfte-Offensive"),
        ("insert", "Fachkräfte-Initiative"),
        ("equal", " läuft."),
    ]


def _run(repo: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(repo), "diff", *args])


def test_cli_formats_and_unknown_revision(repo: Path) -> None:
    text = _run(repo, "v1.0", "v1.1")
    assert text.exit_code == 0, text.output
    assert "moved: felder → weitere" in text.output
    assert (
        "{+regelmäßig +}" in text.output
        and "Text struck out: felder › Felder › Lage" in text.output
    )
    data = json.loads(_run(repo, "v1.0", "v1.1", "--format", "json").output)
    assert {n["need"] for n in data["needs"]} >= {"MA_TAG", "MA_MENTORING"}
    assert {p["kind"] for p in data["prose"]} == {"added", "removed", "changed"}
    page = _run(repo, "v1.0", "v1.1", "--format", "html").output
    assert '<html lang="de">' in page and '<th scope="col">Bisherige Fassung</th>' in page
    bad = _run(repo, "v1.0", "v9.9")
    assert bad.exit_code == 2 and "v9.9: unknown revision" in bad.output
    assert git(repo, "status", "--porcelain") == ""


def test_markup_in_content_is_only_text(repo: Path) -> None:
    page = _run(repo, "v1.1", "v1.2", "--format", "html").output
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page


def test_annex_builds_into_the_html_edition(repo: Path, tmp_path: Path) -> None:
    r = gitpython.Repo(repo)
    with snapshot.export(r, "v1.2") as project:
        synopsis.add_annex(project, r, "v1.0", "v1.2", "1.0", "1.2")
        [out] = build_editions(project, tmp_path, draft("abc"), ("html",))
    assert out.findings == []
    annex = (tmp_path / "html" / "synopse.html").read_text(encoding="utf-8")
    for header in ("Bisherige Fassung", "Neue Fassung", "Änderung"):
        assert f'<th scope="col">{header}</th>' in annex
    assert "<del>" in annex and "<ins>" in annex
    assert not re.search(r"<script>window", annex)
    assert "synopse.html" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_needs_of_a_commit_are_built_once_and_kept(repo: Path, tmp_path: Path) -> None:
    r = gitpython.Repo(repo)
    first = snapshot.needs_at(r, "v1.1", tmp_path)
    [kept] = tmp_path.glob("needs-*.json")
    assert kept.name == f"needs-{r.commit('v1.1').hexsha}.json"
    kept.write_text(
        kept.read_text(encoding="utf-8").replace("MA_MENTORING", "MA_KEPT"), encoding="utf-8"
    )
    again = snapshot.needs_at(r, "v1.1", tmp_path)  # read back, not rebuilt
    assert "MA_KEPT" in again.needs and "MA_MENTORING" in first.needs
