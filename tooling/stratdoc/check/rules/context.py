"""What every rule reads: the project, its data model, needs.json and the scanned sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratdoc.check.rules.registry import RULES
from stratdoc.core.findings import Finding
from stratdoc.core.model import Model
from stratdoc.core.needs_data import Need, source_path
from stratdoc.core.project import Project
from stratdoc.core.sources import Directive, SourceIndex

if TYPE_CHECKING:
    import git


@dataclass
class CheckContext:
    project: Project
    model: Model
    needs: dict[str, Need]
    sources: SourceIndex
    year: int  # the current year (SOURCE_DATE_EPOCH-aware)
    repo: git.Repo | None = None
    needs_built: bool = True  # False: Sphinx wrote no needs.json, so *needs* is empty

    def finding(
        self, code: str, path: str, line: int | None, message: str, need: str | None = None
    ) -> Finding:
        return Finding(path, line, code, RULES[code].severity, message, need)

    def locate(self, need: Need) -> tuple[str, Directive | None]:
        """The need's source file and its directive as scanned (None if not found there)."""
        path = source_path(need)
        return path, self.sources.directive_at(path, need.get("lineno"))

    def need_finding(self, code: str, need: Need, option: str | None, message: str) -> Finding:
        """A finding on *need*, at the line of *option* when the directive has it."""
        path, directive = self.locate(need)
        line = need.get("lineno")
        if directive is not None:
            line = directive.option_line(option) if option else directive.line
        return self.finding(code, path, line, f"{need['id']}: {message}", need["id"])
