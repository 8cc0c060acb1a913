"""`stratdoc check`: one sphinx-needs pass, then the project's rules, as one list of findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stratdoc.diagnostics import to_findings
from stratdoc.findings import ERROR, Finding
from stratdoc.needs_data import NeedsFile
from stratdoc.project import Project
from stratdoc.sphinx_run import run_builder


@dataclass
class CheckReport:
    findings: list[Finding]
    needs: NeedsFile | None

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)


def run_check(project: Project, outdir: Path | None = None) -> CheckReport:
    """Check the project's working tree; writes only below _build/ (or *outdir*)."""
    out = outdir or project.build_dir / "check"
    result = run_builder(project, "needs", out, doctreedir=out / ".doctrees")
    needs = NeedsFile.load(result.needs_json) if result.needs_json.is_file() else None
    findings = to_findings(result.messages, project.root, needs)
    return CheckReport(findings, needs)
