"""`stratdoc review` on a real repository: two partners' commits on a branch, main moved on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project, git, init_repo
from stratdoc.cli import main
from stratdoc.core import i18n
from stratdoc.core.model import load_model
from stratdoc.history import attribution

BRANCH = "vorschlag/schulen"
BROKEN = "vorschlag/kaputt"
OLD_TEXT = "Betriebe öffnen ihre Werkstätten für Schulklassen."
NEW_TEXT = "Betriebe und Berufskollegs öffnen ihre Werkstätten für Schulklassen."
PROSE = "Diese Fassung ergänzt die Arbeitsagentur als Partnerin."


def _replace(project: Path, old: str, new: str) -> None:
    page = project / "strategy" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def _append(project: Path, text: str) -> None:
    page = project / "strategy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")


def _commit(project: Path, who: tuple[str, str], subject: str, actor: str | None) -> None:
    message = subject + (f"\n\n{attribution.trailer(actor)}" if actor else "")
    env = {
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }
    git(project, "commit", "-qam", message, env=env)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main with the minimal strategy; BRANCH by two partners; BROKEN; then main moves on."""
    project = init_repo(copy_project(tmp_path_factory.mktemp("review"), "minimal"))
    git(project, "switch", "-q", "-c", BRANCH)
    _append(
        project,
        "\n```{akteur} Agentur für Arbeit\n:id: AK_AA\n:art: Agentur für Arbeit\n"
        ":rolle: Netzwerkpartner\n```\n\n" + PROSE + "\n",
    )
    _replace(project, ":zielwert: 20", ":zielwert: 25")
    _commit(project, ("IHK Redaktion", "redaktion@ihk.example.org"), "Agentur, Ziel", "AK_IHK")
    _replace(project, ":status: in Umsetzung", ":status: entfallen")
    _replace(project, OLD_TEXT, NEW_TEXT)
    _commit(project, ("Agentur Wuppertal", "bereich@aa.example.org"), "Schulen", "AK_AA")

    git(project, "switch", "-q", "-c", BROKEN, "main")
    _replace(project, ":federfuehrung: AK_IHK", ":federfuehrung: AK_NIX")
    (project / "conf.py").write_text(
        (project / "conf.py").read_text(encoding="utf-8") + "\n# anders\n", encoding="utf-8"
    )
    _commit(project, ("IHK Redaktion", "redaktion@ihk.example.org"), "Kaputt", None)

    git(project, "switch", "-q", "main")
    _append(
        project,
        "\n```{akteur} Kreis Mettmann\n:id: AK_KREIS\n:art: Kommune/Kreis\n"
        ":rolle: Netzwerkpartner\n```\n",
    )
    _commit(project, ("Projektbüro", "buero@example.org"), "Kreis", None)
    return project


def review(project: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(project), "review", *args])


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> None:
    """Partners read the review in German on their pull request: these tests assert its German.

    Only the messages switch: a German LC_ALL would reach Sphinx, and this machine may lack
    that locale."""
    monkeypatch.setattr(i18n, "language", lambda environ=None: "de")


@pytest.mark.usefixtures("german")
def test_review_text_need_by_need(repo: Path) -> None:
    model = load_model(repo / "ubproject.toml")
    result = review(repo, BRANCH)

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Eingebracht von: AK_IHK (Bergische IHK), AK_AA (Agentur für Arbeit)" in out
    assert "2 Commit(s)" in out
    assert "Neu: AK_AA Akteur „Agentur für Arbeit“ (strategy/index.md)" in out
    assert "Geändert: KPI_SCHULEN Indikator „Teilnehmende Schulen“" in out
    assert f"    {model.label('zielwert')}: 20 → 25" in out
    assert "Entfallen: MA_SCHULE Maßnahme „Schulkooperationen“" in out
    assert f"    {model.label('status')}: in Umsetzung → entfallen" in out
    assert f"      − {OLD_TEXT}" in out and f"      + {NEW_TEXT}" in out
    # compared with the merge-base: main's later actor is not "removed" by the branch
    assert "AK_KREIS" not in out
    assert "Text neu: strategy/index.md › Mini-Strategie" in out
    assert f"    {{+{PROSE}+}}" in out
    assert "Dateien: strategy/index.md (+" in out
    assert "Achtung" not in out
    # the new actor leads and joins nothing yet: a warning, which does not fail the review
    assert "[actor-unused] AK_AA" in out
    assert out.rstrip().endswith("Prüfung: bestanden (0 Fehler, 1 Warnung)")


@pytest.mark.usefixtures("german")
def test_review_markdown_for_a_forge(repo: Path) -> None:
    model = load_model(repo / "ubproject.toml")
    result = review(repo, BRANCH, "--base", "main", "--format", "markdown")

    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith(f"### Vorschlag `{BRANCH}` gegenüber `main`")
    assert "✅ **Prüfung bestanden**: 0 Fehler" in md
    assert "**Eingebracht von:** AK_IHK (Bergische IHK), AK_AA (Agentur für Arbeit)" in md
    assert "#### Neu (1)" in md
    assert "| `AK_AA` | Akteur | Agentur für Arbeit | strategy/index.md |" in md
    assert "#### Geändert (1)" in md
    assert f"| `KPI_SCHULEN` | Teilnehmende Schulen | {model.label('zielwert')} | 20 | 25 |" in md
    assert "#### Entfallen (1)" in md
    status = model.label("status")
    assert f"| `MA_SCHULE` | Schulkooperationen | {status} | in Umsetzung | entfallen |" in md
    assert "| `MA_SCHULE` | Schulkooperationen | Text | siehe unten | |" in md
    assert f"> {OLD_TEXT}" in md and f"> {NEW_TEXT}" in md
    assert "AK_KREIS" not in md
    assert "#### Geänderter Text außerhalb der Objekte (1)" in md
    assert f"- neu, strategy/index.md › Mini-Strategie: <ins>{PROSE}</ins>" in md
    assert "#### Meldungen der Prüfung" in md and "[actor-unused] AK_AA" in md


@pytest.mark.usefixtures("german")
def test_review_of_a_failing_branch(repo: Path) -> None:
    result = review(repo, BROKEN, "--format", "markdown")

    assert result.exit_code == 1
    md = result.stdout
    assert "❌ **Prüfung nicht bestanden**: 1 Fehler" in md
    lines = (repo / "strategy" / "index.md").read_text(encoding="utf-8").splitlines()
    line = lines.index(":federfuehrung: AK_IHK") + 1  # same place on the branch
    assert f"- `strategy/index.md:{line}` Fehler [" in md
    assert "außerhalb von `strategy/`: `conf.py`" in md
    # no trailer, no partner map: listed with its author, never dropped
    assert "nicht zugeordnet: IHK Redaktion &lt;redaktion@ihk.example.org&gt;" in md
    lead = load_model(repo / "ubproject.toml").label("federfuehrung")
    assert f"| `MA_SCHULE` | Schulkooperationen | {lead} | AK_IHK | AK_NIX |" in md


def test_review_in_english_under_the_c_locale(repo: Path) -> None:
    out = review(repo, BRANCH).stdout
    assert out.startswith(f"Proposal {BRANCH} against main (base ")
    assert "Contributed by: AK_IHK (Bergische IHK), AK_AA (Agentur für Arbeit)" in out
    assert "New: AK_AA Akteur „Agentur für Arbeit“ (strategy/index.md)" in out
    assert "Text new: strategy/index.md › Mini-Strategie" in out
    assert out.rstrip().endswith("Check: passed (0 errors, 1 warning)")
    md = review(repo, BRANCH, "--format", "markdown").stdout
    assert md.startswith(f"### Proposal `{BRANCH}` against `main`")
    assert "✅ **Check passed**: 0 errors, 1 warning" in md
    assert "| ID | Title | Field | before | after |" in md


@pytest.mark.parametrize(
    "args", [("vorschlag/gibtsnicht",), (BRANCH, "--base", "entwicklung")], ids=["rev", "base"]
)
def test_unknown_revision_exits_2(repo: Path, args: tuple[str, ...]) -> None:
    result = review(repo, *args)
    assert result.exit_code == 2
    assert "unknown revision" in result.stderr and result.stdout == ""


@pytest.mark.usefixtures("german")
def test_fresh_clone_reviews_against_origin_main(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "switch", "-q", "-c", "arbeit")
    git(clone, "branch", "-q", "-D", "main")

    result = review(clone, f"origin/{BRANCH}")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Vorschlag origin/{BRANCH} gegenüber origin/main")
    assert "Neu: AK_AA" in result.stdout and "AK_KREIS" not in result.stdout


def test_prose_markup_reaches_the_forge_comment_only_as_text(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "switch", "-q", "-c", "vorschlag/markup")
    _append(clone, "\nEin Satz <img src=x onerror=alert(1)> | mit Tabellenstrich.\n")
    _append(clone, "\n```{akteur} <b>Fett</b> GmbH\n:id: AK_FETT\n:art: Unternehmen\n```\n")
    _commit(clone, ("IHK Redaktion", "redaktion@ihk.example.org"), "Markup", "AK_IHK")

    md = review(clone, "vorschlag/markup", "--base", "origin/main", "--format", "markdown").stdout

    assert "<img" not in md and "<b>" not in md
    assert "| `AK_FETT` | Akteur | &lt;b&gt;Fett&lt;/b&gt; GmbH |" in md
    assert "<ins>Ein Satz &lt;img src=x onerror=alert(1)&gt; \\| mit Tabellenstrich.</ins>" in md
