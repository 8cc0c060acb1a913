"""A finding: one problem at one place, in the four output formats of the CLI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from stratdoc.core.i18n import _, ngettext

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    code: str
    severity: str
    message: str
    need: str | None = None

    def as_text(self) -> str:
        """`path:line: error[code] message`; without a file, from `error[code]` on."""
        where = self.path + (f":{self.line}" if self.line and self.path else "")
        severity = _("error") if self.severity == ERROR else _("warning")
        return (f"{where}: " if where else "") + f"{severity}[{self.code}] {self.message}"

    def as_github(self) -> str:
        kind = "error" if self.severity == ERROR else "warning"
        props = [f"file={self.path}"] if self.path else []
        if self.line:
            props.append(f"line={self.line}")
        props.append(f"title={self.code}")
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} {','.join(props)}::{msg}"


# GitLab Code Quality severities: info, minor, major, critical, blocker
GITLAB_SEVERITY = {ERROR: "major", WARNING: "minor"}
# where a finding without a file is shown (e.g. id-vanished when its file is gone)
NO_FILE = "ubproject.toml"


def as_gitlab(findings: list[Finding]) -> list[dict]:
    """GitLab Code Quality issues, in the order given.

    The fingerprint hashes code, path, need and message, not the line: the same problem keeps
    it when other lines move, so GitLab does not report it as fixed and new again. Identical
    problems in one file are told apart by their order there."""
    seen: dict[str, int] = {}
    issues = []
    for f in findings:
        key = "\x1f".join((f.code, f.path, f.need or "", f.message))
        seen[key] = seen.get(key, -1) + 1
        digest = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()
        issues.append(
            {
                "description": f.message,
                "check_name": f.code,
                "fingerprint": digest,
                "severity": GITLAB_SEVERITY.get(f.severity, "info"),
                "location": {"path": f.path or NO_FILE, "lines": {"begin": f.line or 1}},
            }
        )
    return issues


def counted(findings: Iterable[Finding]) -> str:
    """ "2 errors, 1 warning" in the command line's language."""
    counts = summary(findings)
    errors = ngettext("{n} error", "{n} errors", counts["errors"]).format(n=counts["errors"])
    warnings = ngettext("{n} warning", "{n} warnings", counts["warnings"])
    return f"{errors}, {warnings.format(n=counts['warnings'])}"


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    items = list(findings)
    return {
        "errors": sum(f.severity == ERROR for f in items),
        "warnings": sum(f.severity == WARNING for f in items),
        "total": len(items),
    }


def render(findings: list[Finding], fmt: str) -> str:
    ordered = sorted(findings, key=lambda f: (f.path, f.line or 0, f.code, f.message))
    if fmt == "json":
        data = {
            "findings": [{k: v for k, v in asdict(f).items()} for f in ordered],
            "summary": summary(ordered),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "gitlab":
        return json.dumps(as_gitlab(ordered), ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.as_github() for f in ordered)
    return "\n".join(f.as_text() for f in ordered)
