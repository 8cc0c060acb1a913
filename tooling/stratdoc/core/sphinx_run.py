"""The one module that runs Sphinx: builders, output folders, and its warnings as data."""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from stratdoc.core import i18n
from stratdoc.core.edition import Edition
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.core.project import Project

_LOCATED = re.compile(
    r"^(?P<loc>.*?):(?:(?P<line>\d+):)? (?P<level>WARNING|ERROR|CRITICAL): (?P<msg>.*)$"
)
_BARE = re.compile(r"^(?P<level>WARNING|ERROR|CRITICAL): (?P<msg>.*)$")
_TYPE = re.compile(r"\s\[(?P<type>[\w.-]+)\]$")
_EXCEPTION = re.compile(r"^[\w.]+(?:Error|Exception|Interrupt): \S")


@dataclass
class SphinxMessage:
    """One warning or error Sphinx printed, with continuation lines joined."""

    level: str
    text: str
    path: str = ""
    line: int | None = None
    wtype: str = ""
    details: list[str] = field(default_factory=list)

    def detail(self, key: str) -> str:
        """The value of the continuation line `key: value` (sphinx-needs' schema details)."""
        for line in self.details:
            if line.startswith(f"{key}:"):
                return line[len(key) + 1 :].strip()
        return ""


@dataclass
class BuildResult:
    builder: str
    outdir: Path
    returncode: int
    messages: list[SphinxMessage]

    @property
    def needs_json(self) -> Path:
        return self.outdir / "needs.json"


def parse_warnings(text: str, project: Project) -> list[SphinxMessage]:
    messages: list[SphinxMessage] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        m = _LOCATED.match(line) or _BARE.match(line)
        if m is None:
            if messages and raw[:1].isspace():
                messages[-1].details.append(line.strip())
                # the type marker of a multi-line message ends its last line
                if t := _TYPE.search(line):
                    messages[-1].wtype = t.group("type")
            continue
        msg = m.group("msg")
        wtype = ""
        if t := _TYPE.search(msg):
            wtype = t.group("type")
            msg = msg[: t.start()]
        groups = m.groupdict()
        path = project.relative(groups["loc"]) if groups.get("loc") else ""
        lineno = int(groups["line"]) if groups.get("line") else None
        messages.append(SphinxMessage(m.group("level"), msg.strip(), path, lineno, wtype))
    return messages


def failure_detail(output: str) -> str:
    """The telling line of a Sphinx crash report: its last exception, else its headline."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    raised = [line for line in lines if _EXCEPTION.match(line)]
    return raised[-1] if raised else (lines[0] if lines else "")


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """In the Sphinx child (Linux): the kernel kills it when stratdoc dies, even by kill -9."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)


def run_builder(
    project: Project,
    builder: str,
    outdir: Path,
    edition: Edition | None = None,
    *,
    fresh: bool = True,
    doctreedir: Path | None = None,
    overrides: dict[str, str] | None = None,
) -> BuildResult:
    """Run one Sphinx builder on the project's strategy/ in a subprocess.

    A subprocess keeps sphinx-needs' process-global state out of the caller.
    """
    if not project.strategy_dir.is_dir():
        raise EnvironmentProblem(
            _("{root}: no strategy/ folder to build").format(root=project.root)
        )
    outdir.mkdir(parents=True, exist_ok=True)
    doctrees = doctreedir or (project.build_dir / ".doctrees" / builder)
    values = dict(edition.confoverrides() if edition else {})
    values.update(overrides or {})
    with tempfile.TemporaryDirectory(prefix="stratdoc-warn-") as tmp:
        warnfile = Path(tmp) / "warnings.txt"
        cmd = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-c",
            str(project.root),
            "-d",
            str(doctrees),
            "-w",
            str(warnfile),
            "--keep-going",
            "-q",
            "-N",
        ]
        if fresh:
            cmd.append("-E")
        for key, value in values.items():
            cmd += ["-D", f"{key}={value}"]
        cmd += [str(project.strategy_dir), str(outdir)]
        # the C locale: Sphinx's warnings are parsed in English, and a user's locale that
        # is not installed on the machine (locale.Error) must not stop the build
        env = dict(os.environ, PYTHONWARNINGS="ignore", LC_ALL="C.UTF-8")
        env[i18n.CHOSEN] = i18n.language()
        parent = os.getpid()
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            preexec_fn=(lambda: _die_with(parent)) if sys.platform == "linux" else None,
        )
        text = warnfile.read_text(encoding="utf-8") if warnfile.exists() else ""
    messages = parse_warnings(text, project)
    if proc.returncode != 0 and not messages:
        detail = failure_detail(proc.stderr or proc.stdout) or _("exit code {code}").format(
            code=proc.returncode
        )
        messages.append(SphinxMessage("ERROR", _("Sphinx failed: {detail}").format(detail=detail)))
    return BuildResult(builder, outdir, proc.returncode, messages)
