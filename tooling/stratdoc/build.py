"""Draft and edition builds of the strategy: which builder, which folder, what went wrong."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from stratdoc import gitrepo
from stratdoc.diagnostics import to_findings
from stratdoc.edition import Edition, draft
from stratdoc.findings import Finding
from stratdoc.needs_data import NeedsFile
from stratdoc.project import Project
from stratdoc.sphinx_run import run_builder


@dataclass
class Output:
    fmt: str
    path: Path
    findings: list[Finding]


def draft_edition(project: Project) -> Edition:
    repo = gitrepo.open_repo(project.root)
    dirty = gitrepo.is_dirty(repo, ["strategy", "conf.py", "ubproject.toml"])
    return draft(gitrepo.head_short(repo), dirty)


def build_html(
    project: Project, outdir: Path, edition: Edition, overrides: dict[str, str] | None = None
) -> Output:
    result = run_builder(project, "html", outdir, edition, overrides=overrides)
    needs = NeedsFile.load(result.needs_json) if result.needs_json.is_file() else None
    findings = to_findings(result.messages, project.root, needs)
    return Output("html", outdir / "index.html", findings)


# Every format an edition has; release and site build all of them.
FORMATS: tuple[str, ...] = ("html",)


def build_editions(
    project: Project,
    outdir: Path,
    edition: Edition,
    formats: tuple[str, ...] = FORMATS,
    overrides: dict[str, str] | None = None,
) -> list[Output]:
    """Fresh builds of the requested formats into outdir/<fmt>/.

    *overrides* are extra Sphinx -D values for the HTML (the site's version switcher).
    """
    builders = {"html": partial(build_html, overrides=overrides)}
    return [builders[fmt](project, outdir / fmt, edition) for fmt in formats]
