"""[stratdoc.forge]: the "Änderung vorschlagen" link to the forge's web editor, and its config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from stratdoc.cli import main
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.forge import Forge, from_settings

GITLAB = {
    "kind": "gitlab",
    "url": "https://gitlab.example.org/",
    "repository": "traiber/strategie",
    "branch": "main",
}


def forge_table(**values: str) -> str:
    table = {**GITLAB, **values}
    return "\n[stratdoc.forge]\n" + "".join(f'{k} = "{v}"\n' for k, v in table.items())


def test_editor_urls_of_both_kinds() -> None:
    gitlab = from_settings({"forge": GITLAB}, "ubproject.toml")
    assert gitlab == Forge("gitlab", "https://gitlab.example.org", "traiber/strategie", "main")
    assert gitlab.edit_url("strategy/index.md") == (
        "https://gitlab.example.org/traiber/strategie/-/edit/main/strategy/index.md"
    )
    github = from_settings(
        {"forge": {**GITLAB, "kind": "github", "url": "https://github.com"}}, "ubproject.toml"
    )
    assert github.edit_url("strategy/a b/ü.md") == (
        "https://github.com/traiber/strategie/edit/main/strategy/a%20b/%C3%BC.md"
    )
    assert github.pages_path() == "/strategie/"
    assert from_settings({}, "ubproject.toml") is None


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ({**GITLAB, "kind": "bitbucket"}, "kind 'bitbucket' is unknown; use github or gitlab"),
        ({"kind": "gitlab", "url": "https://x.org"}, "needs repository, branch (text)"),
        ({**GITLAB, "host": "x"}, "has unknown key(s) host"),
        ({**GITLAB, "url": "gitlab.example.org"}, "is not the forge's web address"),
        ({**GITLAB, "kind": "github", "repository": "a/b/c"}, "must be owner/name"),
        ("gitlab", "must be a table"),
    ],
)
def test_a_wrong_table_is_one_line_naming_the_file(table: object, says: str) -> None:
    with pytest.raises(EnvironmentProblem) as err:
        from_settings({"forge": table}, "ubproject.toml")
    message = str(err.value)
    assert message.startswith("ubproject.toml: [stratdoc.forge] ") and says in message
    assert "\n" not in message


def test_check_and_build_stop_with_exit_2_on_a_wrong_table(
    project_factory: Callable[..., Path],
) -> None:
    root = project_factory("minimal")
    config = root / "ubproject.toml"
    config.write_text(config.read_text() + forge_table(kind="gitea"), encoding="utf-8")
    for args in (["check"], ["build", "html"]):
        result = CliRunner().invoke(main, ["-C", str(root), *args])
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            "stratdoc: ubproject.toml: [stratdoc.forge] kind 'gitea' is unknown; use github "
            "or gitlab; see README, section Für Partnerorganisationen"
        ]
    assert not (root / "_build" / "html").exists()


def _links(html: Path) -> dict[str, list[str]]:
    import re

    pattern = re.compile(r'<p class="stratdoc-propose"><a href="([^"]+)"[^>]*>([^<]+)</a>')
    return {
        page.relative_to(html).as_posix(): pattern.findall(page.read_text(encoding="utf-8"))
        for page in sorted(html.rglob("*.html"))
    }


def test_every_page_with_a_source_links_its_own_file(
    project_factory: Callable[..., Path],
) -> None:
    root = project_factory("site")
    config = root / "ubproject.toml"
    config.write_text(config.read_text() + forge_table(), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "html"])
    assert result.exit_code == 0, result.output
    editor = "https://gitlab.example.org/traiber/strategie/-/edit/main/"
    links = _links(root / "_build" / "html")
    for page in ("index", "akteure", "handlungsfelder/fachkraefte"):
        assert links.pop(f"{page}.html") == [
            (f"{editor}strategy/{page}.md", "Änderung vorschlagen")
        ]
    # search, index: generated, no source file to edit
    assert set(links) >= {"genindex.html", "search.html"}
    assert all(found == [] for found in links.values()), links


def test_without_a_forge_there_is_no_link(shipped_build: Path) -> None:
    # the shipped ubproject.toml leaves [stratdoc.forge] unset (README explains how)
    assert all(found == [] for found in _links(shipped_build / "html").values())


def test_this_repositorys_ubproject_toml_shows_a_working_forge_example() -> None:
    """The commented [stratdoc.forge] example, uncommented, is a valid forge setting."""
    import tomllib

    from conftest import REPO

    text = (REPO / "ubproject.toml").read_text(encoding="utf-8")
    start = text.index("# [stratdoc.forge]")
    lines = [line.removeprefix("# ") for line in text[start:].splitlines() if line.strip()]
    table = tomllib.loads("\n".join(lines))["stratdoc"]
    forge = from_settings(table, "ubproject.toml")
    assert forge is not None and forge.kind == "gitlab"
    assert forge.edit_url("strategy/index.md").endswith("/-/edit/main/strategy/index.md")
