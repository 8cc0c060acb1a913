"""Reading needs.json: the one interface between the Sphinx build and everything after it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Need = dict[str, Any]


@dataclass(frozen=True)
class NeedsFile:
    needs: dict[str, Need]

    @classmethod
    def load(cls, path: Path) -> NeedsFile:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = data["versions"][data["current_version"]]
        return cls(version["needs"])

    def of_type(self, need_type: str) -> list[Need]:
        return [n for n in self.needs.values() if n["type"] == need_type]


def source_path(need: Need, srcdir: str = "strategy") -> str:
    """The need's source file, relative to the project root."""
    return f"{srcdir}/{need['docname']}{need.get('doctype') or '.md'}"


def option_line(root: Path, need: Need, option: str) -> int | None:
    """The line of `:option:` inside the need's directive, else the directive's line."""
    start = need.get("lineno")
    path = root / source_path(need)
    if start is None or not path.is_file():
        return start
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    marker = f":{option}:"
    for number in range(start, min(len(lines), start + 60) + 1):
        text = lines[number - 1].strip()
        if text.startswith(marker):
            return number
        if number > start and text.startswith(("```", ":::")):
            break
    return start
