"""stratdoc init: another network's repository on the same package, and what it shares
with this one (conf.py, data model, system packages)."""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, git
from stratdoc import __version__
from stratdoc.cli import main
from stratdoc.commands.init import placeholder_key
from stratdoc.core.forge import from_settings as forge_from_settings
from test_workflows import actionlint

NAME = "Transformationsnetzwerk Beispielregion"
IDENTITY = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Projektbüro",
    "GIT_AUTHOR_EMAIL": "buero@example.org",
    "GIT_COMMITTER_NAME": "Projektbüro",
    "GIT_COMMITTER_EMAIL": "buero@example.org",
}


def init(dest: Path, *extra: str, env: dict[str, str | None] | None = None):
    args = ["init", str(dest), "--name", NAME, "--short-name", "BSP", *extra]
    return CliRunner(env=env or IDENTITY).invoke(main, args)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("init") / "bsp"
    result = init(dest, "--requirement", str(REPO))
    assert result.exit_code == 0, result.output
    return dest


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)


def test_a_new_repository_with_one_clean_commit_and_no_tooling(generated: Path) -> None:
    assert git(generated, "rev-list", "--count", "HEAD") == "1"
    assert git(generated, "branch", "--show-current") == "main"
    assert git(generated, "status", "--porcelain") == ""
    assert not (generated / "tooling").exists()
    for name in ("conf.py", "ubproject.toml", "Makefile", "README.md", "requirements.txt"):
        assert (generated / name).is_file(), name
    chapters = {p.stem for p in (generated / "strategy").glob("*.md")}
    assert {"einleitung", "ausgangslage", "leitbild", "akteure", "indikatoren"} <= chapters
    assert {"umsetzung", "uebersichten", "impressum", "barrierefreiheit"} <= chapters
    assert "umsetzungsbericht" in chapters
    assert (generated / "strategy" / "handlungsfelder" / "index.md").is_file()
    assert git(generated, "ls-files", "-s", "scripts/system-packages.sh").startswith("100755")


def test_the_readme_names_the_forge_settings_against_dropped_votes(generated: Path) -> None:
    text = (generated / "README.md").read_text(encoding="utf-8")
    settings = text.split("## Forge settings (project office)\n", 1)[1]
    assert '"Block force pushes"' in settings and "A ruleset for the tags `v*`" in settings
    assert 'switch off "Allow squash' in settings and "Protected branches" not in settings


def test_every_placeholder_is_filled_in(generated: Path) -> None:
    left = [f"{p}: {m}" for p in files(generated) for m in re.findall(r"@[A-Z_]+@", p.read_text())]
    assert not left, left
    meta = tomllib.loads((generated / "ubproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["author"] == NAME and NAME in meta["name"]
    assert meta["short_name"] == "bsp-strategie"


def test_conf_py_has_the_shape_of_this_repositorys(generated: Path) -> None:
    """What init writes and what TRAIBER.NRW runs are the same few lines."""
    ours = ast.parse((REPO / "conf.py").read_text(encoding="utf-8"))
    theirs = ast.parse((generated / "conf.py").read_text(encoding="utf-8"))
    assert ast.dump(theirs) == ast.dump(ours)
    assert len(ours.body) <= 3  # imports and one call: the settings live in the package


def test_the_data_model_and_system_packages_are_this_repositorys(generated: Path) -> None:
    def needs(path: Path) -> dict:
        return tomllib.loads(path.read_text(encoding="utf-8"))["needs"]

    assert needs(generated / "ubproject.toml") == needs(REPO / "ubproject.toml")
    for name in ("system-packages.txt", "scripts/system-packages.sh"):
        assert (generated / name).read_bytes() == (REPO / name).read_bytes(), name


def test_stratdoc_is_pinned_or_installed_from_the_requirement(tmp_path: Path) -> None:
    assert init(tmp_path / "pinned").exit_code == 0
    lines = (tmp_path / "pinned" / "requirements.txt").read_text().splitlines()
    assert lines[-1] == f"stratdoc=={__version__}"
    assert init(tmp_path / "local", "--requirement", str(REPO)).exit_code == 0
    assert (tmp_path / "local" / "requirements.txt").read_text().splitlines()[-1] == str(REPO)


def test_roster_and_rules_in_the_ssh_key_format_with_marked_placeholders(generated: Path) -> None:
    roster = tomllib.loads((generated / "governance" / "roster.toml").read_text())
    rules = tomllib.loads((generated / "governance" / "rules.toml").read_text())
    keys = [k for m in roster["member"] for k in m["keys"]] + roster["office"]["keys"]
    assert len(keys) == len(roster["member"]) + 1
    assert all(re.fullmatch(r"ssh-ed25519 AAAA\S+ PLATZHALTER-[a-z-]+-ersetzen", k) for k in keys)
    assert len(set(keys)) == len(keys)
    strategy = "\n".join(p.read_text() for p in (generated / "strategy").rglob("*.md"))
    assert all(f":id: {m['organisation']}" in strategy for m in roster["member"])
    assert set(rules) == {"sitzung", "umlauf"}
    assert rules["umlauf"]["participation"] == "all"


def test_placeholder_keys_are_ed25519_points() -> None:
    """ssh-keygen reads them: the hash value is chosen to be a point of the curve."""
    key = placeholder_key("bsp", "kammer")
    assert key == placeholder_key("bsp", "kammer") != placeholder_key("bsp", "gewerkschaft")
    assert key.endswith(" PLATZHALTER-kammer-ersetzen")
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen (Debian openssh-client) is not installed")
    read = subprocess.run(
        ["ssh-keygen", "-l", "-f", "/dev/stdin"], input=key, capture_output=True, text=True
    )
    assert read.returncode == 0 and "(ED25519)" in read.stdout, read.stderr


def test_fresh_from_init_check_finds_nothing_and_both_editions_build(
    generated: Path, tmp_path: Path
) -> None:
    checked = CliRunner().invoke(main, ["-C", str(generated), "check", "--format", "json"])
    assert checked.exit_code == 0, checked.output
    assert '"findings": []' in checked.output
    out = tmp_path / "editions"
    built = CliRunner().invoke(main, ["-C", str(generated), "build", "all", "--out", str(out)])
    assert built.exit_code == 0, built.output
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert NAME in index
    # every network gets the Umsetzungsbericht, in the contents and built from its history
    assert 'href="umsetzungsbericht.html"' in index
    report = (out / "html" / "umsetzungsbericht.html").read_text(encoding="utf-8")
    assert "Dies ist die erste Fassung der Strategie" in report
    assert "umsetzung-tabelle" in report
    assert (out / "html" / "monitoring.json").is_file()
    assert (out / "pdf" / "bsp-strategie-entwurf.pdf").stat().st_size > 10_000


def test_the_generated_workflows_pass_actionlint(generated: Path) -> None:
    workflows = sorted((generated / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["check.yml", "release.yml"]
    result = actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def _stratdoc_calls(lines: list[str]) -> list[list[str]]:
    words = [shlex.split(line.split(">>")[0]) for line in lines]
    return [w[1:] for w in words if w and w[0].endswith("bin/stratdoc")]


def _assert_cli_accepts(calls: list[list[str]]) -> None:
    assert calls
    commands = main.list_commands(click.Context(main))
    for words in calls:
        command, options = words[0], [w for w in words[1:] if w.startswith("--")]
        if command in ("verify", "site") and command not in commands:
            continue  # DESIGN §4 names, not on every branch
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        assert all(option in help_text for option in options), (command, options)


def test_the_generated_workflows_call_stratdoc_as_the_cli_allows(generated: Path) -> None:
    lines = []
    for path in (generated / ".github" / "workflows").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps = [s for job in data["jobs"].values() for s in job["steps"]]
        lines += [line for s in steps for line in s.get("run", "").splitlines()]
        assert all("${{" not in s.get("run", "") for s in steps)
    _assert_cli_accepts(_stratdoc_calls(lines))


def test_gitlab_gets_its_ci_file_and_the_remote(tmp_path: Path) -> None:
    dest = tmp_path / "gl"
    forge = ["--forge", "gitlab", "https://gitlab.example.org", "netz/strategie"]
    result = init(dest, *forge)
    assert result.exit_code == 0, result.output
    assert not (dest / ".github").exists()
    assert (
        git(dest, "remote", "get-url", "origin") == "https://gitlab.example.org/netz/strategie.git"
    )
    data = yaml.safe_load((dest / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v}
    assert set(jobs) == {"check", "review", "verify", "pages"}
    lines = [line for job in jobs.values() for line in job["script"]]
    _assert_cli_accepts(_stratdoc_calls(lines + data["default"]["before_script"]))
    readme = (dest / "README.md").read_text()
    assert "https://gitlab.example.org/netz/strategie" in readme
    assert '`main` with "Allowed to merge" the project' in readme
    assert '"Allowed to force push" off' in readme and "Protected tags: `v*`" in readme
    settings = tomllib.loads((dest / "ubproject.toml").read_text(encoding="utf-8"))["stratdoc"]
    found = forge_from_settings(settings, "ubproject.toml")
    assert found is not None
    assert found.edit_url("strategy/index.md") == (
        "https://gitlab.example.org/netz/strategie/-/edit/main/strategy/index.md"
    )


def test_a_relative_dir_and_requirement_are_taken_from_the_c_folder(tmp_path: Path) -> None:
    (tmp_path / "tool").mkdir()
    args = ["-C", str(tmp_path), "init", "new", "--name", NAME, "--short-name", "BSP"]
    result = CliRunner(env=IDENTITY).invoke(main, [*args, "--requirement", "tool"])
    assert result.exit_code == 0, result.output
    requirement = (tmp_path / "new" / "requirements.txt").read_text().splitlines()[-1]
    assert requirement == str((tmp_path / "tool").resolve())


def test_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "notes.txt").write_text("schon da\n")
    before = sorted(tmp_path.rglob("*"))
    result = init(dest)
    assert result.exit_code == 1
    assert "not an empty folder" in result.output
    assert sorted(tmp_path.rglob("*")) == before


def test_a_failed_first_commit_leaves_nothing_behind(tmp_path: Path) -> None:
    no_identity = {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "user.useConfigOnly",
        "GIT_CONFIG_VALUE_0": "true",
        **{k: None for k in IDENTITY if k.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))},
    }
    result = init(tmp_path / "new", env=no_identity)
    assert result.exit_code == 2, result.output
    assert "user.name" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "extra",
    [
        ["--name", "Netz <script>"],
        ["--short-name", "B S P"],
        ["--forge", "github", "not-a-url", "a/b"],
        ["--forge", "github", "https://github.com", "no-owner"],
    ],
)
def test_bad_options_are_usage_errors_that_write_nothing(tmp_path: Path, extra: list[str]) -> None:
    result = init(tmp_path / "new", *extra)
    assert result.exit_code == 2, result.output
    assert list(tmp_path.iterdir()) == []


def test_the_office_is_told_to_pin_the_trust_root(generated: Path) -> None:
    assert "`.venv/bin/stratdoc pin`" in (generated / "README.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(generated), "status"])
    assert result.exit_code == 2
    assert "no trust root pinned" in result.output and "run `stratdoc pin`" in result.output
    refused = CliRunner().invoke(main, ["-C", str(generated), "pin"])
    assert refused.exit_code == 1 and "still lists placeholder keys" in refused.output
    assert git(generated, "status", "--porcelain") == ""


@pytest.mark.parametrize("spec", ["LOCAL", "git+file:///srv/stratdoc", "./stratdoc"])
def test_a_forge_refuses_a_local_requirement_and_writes_nothing(tmp_path: Path, spec: str) -> None:
    """A runner has no such folder: the CI file would fail on every run."""
    dest = tmp_path / "out" / "gl"
    dest.parent.mkdir()
    forge = ["--forge", "gitlab", "https://gitlab.example.org", "netz/strategie"]
    spec = str(REPO) if spec == "LOCAL" else spec
    result = init(dest, *forge, "--requirement", spec)
    assert result.exit_code == 2, result.output
    assert "with --forge give a Git URL or a version" in result.output
    assert list(dest.parent.iterdir()) == []


def test_a_forge_takes_a_git_url_or_a_version(tmp_path: Path) -> None:
    forge = ["--forge", "gitlab", "https://gitlab.example.org", "netz/strategie"]
    url = "git+https://gitlab.example.org/werkzeuge/stratdoc.git@v1.0"
    assert init(tmp_path / "a", *forge, "--requirement", url).exit_code == 0
    assert (tmp_path / "a" / "requirements.txt").read_text().splitlines()[-1] == url
    assert init(tmp_path / "b", *forge, "--requirement", "stratdoc==1.0").exit_code == 0


def test_the_neighbour_table_is_written_commented_out_and_valid_once_uncommented(
    generated: Path,
) -> None:
    from stratdoc.core import neighbours

    text = (generated / "ubproject.toml").read_text(encoding="utf-8")
    assert "neighbour" not in tomllib.loads(text)["stratdoc"]
    start = text.index("\n# [[stratdoc.neighbour]]\n") + 1
    block = "\n".join(line.removeprefix("# ") for line in text[start:].splitlines())
    opened = text[:start] + block + "\n"
    settings = tomllib.loads(opened)["stratdoc"]
    (nachbar,) = neighbours.from_settings(settings, "ubproject.toml", opened).values()
    assert nachbar.short_name == "NACHBAR" and not nachbar.pinned
    assert nachbar.url.endswith("/latest/needs.json")
