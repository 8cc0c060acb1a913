"""The set-up: locked Python packages, the Debian packages of system-packages.txt, and a
machine without a library the PDF needs, which is an environment error and not a PDF."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.editions.pdf import render as pdf_render

UV = REPO / ".venv-uv" / "bin" / "uv"
SCRIPT = REPO / "scripts" / "system-packages.sh"
IN_CI = os.environ.get("CI") == "true"


def uv(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    if not UV.exists():
        if IN_CI:
            pytest.fail(f"{UV} missing: make installs it from requirements-bootstrap.txt")
        pytest.skip("uv is not set up: run make")
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1")
    return subprocess.run([str(UV), *args], cwd=cwd, env=env, capture_output=True, text=True)


# --- locked Python packages -----------------------------------------------------------


def test_the_lock_agrees_with_pyproject() -> None:
    result = uv("lock", "--check", "--offline")
    assert result.returncode == 0, result.stderr


def test_a_range_the_lock_does_not_satisfy_fails_the_check(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy2(REPO / name, tmp_path / name)
    assert uv("lock", "--check", "--offline", cwd=tmp_path).returncode == 0
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('"click>=8.1,<9"', '"click>=8.1,<8.2"'), encoding="utf-8")
    assert uv("lock", "--check", "--offline", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize("changed", ["uv.lock", "pyproject.toml", "requirements-bootstrap.txt"])
def test_a_changed_lock_installs_again(changed: str) -> None:
    """make's stamp depends on the lock: `make -W FILE` runs as if FILE had just changed."""
    dry = subprocess.run(
        ["make", "-n", "-W", changed, ".venv/.stratdoc-installed"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert dry.returncode == 0, dry.stderr
    assert "uv sync --quiet --locked --extra test" in dry.stdout


def _locked() -> dict[str, str]:
    """Name and version of every package uv.lock installs here (test extra included)."""
    exported = uv(
        "export", "--frozen", "--extra", "test", "--no-hashes", "--no-header",
        "--no-annotate", "--no-emit-project",
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    locked = {}
    for line in exported.stdout.splitlines():
        requirement, _, marker = line.partition(";")
        if not requirement.strip() or (marker.strip() and not Marker(marker).evaluate()):
            continue
        name, version = requirement.strip().split("==")
        locked[canonicalize_name(name)] = version
    return locked


def test_the_venv_holds_exactly_the_lock() -> None:
    """What `make` installed is uv.lock, no package more or less, no version other."""
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()
    }
    installed.pop("stratdoc")  # the project itself, editable
    # a .venv made by an older `make` keeps its pip: uv sync leaves a venv's seed alone
    installed.pop("pip", None)
    locked = _locked()
    assert "fonttools" in locked and "setuptools" in locked and "pytest" in locked
    assert installed == locked


# --- Debian packages ------------------------------------------------------------------


def script(*args: str, packages: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if packages:
        env["SYSTEM_PACKAGES"] = str(packages)
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=REPO)


def test_every_group_includes_the_editions() -> None:
    editions = script("editions", "--list").stdout.split()
    tests = script("tests", "--list").stdout.split()
    assert {"libharfbuzz-subset0", "libpango-1.0-0", "fonts-dejavu-extra"} <= set(editions)
    assert tests[: len(editions)] == editions
    assert {"chromium", "nodejs", "npm"} <= set(tests)


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="not a Debian system")
def test_a_missing_package_is_one_line_naming_it_and_exit_2(tmp_path: Path) -> None:
    listing = tmp_path / "packages.txt"
    listing.write_text(
        "# group package why\neditions git  the CLI\ntests stratdoc-no-such-package  none\n",
        encoding="utf-8",
    )
    assert script("editions", "--check", packages=listing).returncode == 0
    result = script("tests", "--check", packages=listing)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "system-packages: tests needs the Debian packages stratdoc-no-such-package; "
        "install them: sudo apt-get install stratdoc-no-such-package"
    ]


def test_make_ci_and_the_workflows_share_the_list() -> None:
    dry = subprocess.run(["make", "-n", "test"], cwd=REPO, capture_output=True, text=True)
    assert "scripts/system-packages.sh tests --install" in dry.stdout
    dry = subprocess.run(["make", "-n", "all"], cwd=REPO, capture_output=True, text=True)
    assert "scripts/system-packages.sh editions --install" in dry.stdout
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/system-packages.sh tests --install" in ci
    assert "apt-get" not in ci
    for workflow in (REPO / ".github" / "workflows").glob("*.yml"):
        text = workflow.read_text(encoding="utf-8")
        assert "scripts/system-packages.sh editions --install" in text, workflow.name
        assert "apt-get" not in text, workflow.name


# --- a machine without a library --------------------------------------------------------


def _library_file(soname: str) -> str | None:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout
    found = re.search(rf"^\s*{re.escape(soname)} \(.*\) => (\S+)$", listing, re.M)
    return found.group(1) if found else None


def _private_mounts() -> None:
    """Skip (or, as root under CI=true, fail) where no private mount namespace is allowed."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-m", "true"], capture_output=True).returncode == 0:
        return
    if IN_CI and os.geteuid() == 0:
        pytest.fail("unshare -m is not permitted, although CI runs as root")
    pytest.skip("hiding a library needs a private mount namespace (unshare -m, as root)")


@pytest.mark.parametrize(
    ("soname", "package"),
    [("libharfbuzz-subset.so.0", "libharfbuzz-subset0"), ("libpango-1.0.so.0", "libpango-1.0-0")],
)
def test_without_a_library_the_build_stops_with_exit_2_and_writes_nothing(
    project_factory, soname: str, package: str
) -> None:
    """The library is hidden from stratdoc (bound over by /dev/null in a private mount
    namespace), as on a fresh machine without the Debian package."""
    _private_mounts()
    project = project_factory("minimal", repo=True)
    stratdoc = [sys.executable, "-m", "stratdoc", "-C", str(project), "build", "all"]
    library = _library_file(soname)
    if library:  # else not installed here: missing anyway
        hide = 'mount --bind /dev/null "$1" && shift && exec "$@"'
        stratdoc = ["unshare", "-m", "sh", "-c", hide, "sh", library, *stratdoc]
    result = subprocess.run(stratdoc, capture_output=True, text=True)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("stratdoc: the PDF needs ")
    assert re.search(rf"; install the Debian packages? (\S+ )*{re.escape(package)} ", line)
    assert "Traceback" not in result.stderr
    assert not (project / "_build").exists()  # neither PDF nor HTML


def test_weasyprints_font_fallback_is_an_environment_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should WeasyPrint fall back to fontTools all the same, that is the machine's fault:
    exit 2 naming the package, not a content finding, and no PDF."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(pdf_render, "require_libraries", lambda: None)
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    document = '<html lang="de"><body><p>Fachkräfte</p></body></html>'
    with pytest.raises(EnvironmentProblem) as raised:
        pdf_render.render_pdf(document, tmp_path, tmp_path / "out.pdf")
    message = str(raised.value)
    assert message.startswith("WeasyPrint: Using fontTools instead of HarfBuzz-Subset for font")
    assert message.endswith("install the Debian package libharfbuzz-subset0")
    assert "\n" not in message and raised.value.exit_code == 2
    assert not (tmp_path / "out.pdf").exists()


def _runtime_closure(names: set[str]) -> set[str]:
    """*names* and every distribution they require without an extra, recursively."""
    todo, seen = list(names), set()
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for line in importlib.metadata.requires(name) or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def test_every_package_the_code_imports_is_installed_without_the_test_extra():
    """A repository made by `stratdoc init` installs stratdoc without extras: whatever the
    package imports (deferred imports too) must come with its runtime dependencies."""
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = _runtime_closure({Requirement(d).name for d in declared["project"]["dependencies"]})
    providers = importlib.metadata.packages_distributions()
    missing = set()
    for path in (REPO / "tooling" / "stratdoc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top == "stratdoc":
                    continue
                dists = {canonicalize_name(d) for d in providers.get(top, [top])}
                if not dists & runtime:
                    missing.add(f"{path.relative_to(REPO)}:{node.lineno} imports {top}")
    assert not missing, "not a runtime dependency:\n" + "\n".join(sorted(missing))
