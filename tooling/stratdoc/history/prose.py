"""Running text outside need objects: paragraphs per document and section, and their changes.

Read from the MyST sources, not from Sphinx: every fenced block (need objects, tables,
charts, toctrees) is left out, so only what an author writes as plain prose remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
GERMAN = {ADDED: "neu", REMOVED: "gestrichen", CHANGED: "geändert"}

_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SKIP = re.compile(r"^\s*(\(.*\)=\s*$|<!--|%)")


@dataclass(frozen=True)
class Paragraph:
    document: str  # path below strategy/, without .md
    section: str  # heading path, " › "-joined
    text: str


@dataclass(frozen=True)
class ProseChange:
    kind: str
    document: str
    section: str
    old: str
    new: str


def _closes(fence: str, marker: str, line: str) -> bool:
    return marker[0] == fence[0] and len(marker) >= len(fence) and line.strip() == marker


def paragraphs(document: str, source: str) -> list[Paragraph]:
    found: list[Paragraph] = []
    headings: list[str] = []
    fence: str | None = None
    block: list[str] = []

    def flush() -> None:
        if block:
            found.append(Paragraph(document, " › ".join(headings), " ".join(block)))
            block.clear()

    lines = source.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    for line in lines:
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and _closes(fence, opener.group(1), line):
                fence = None
            continue
        if opener:
            flush()
            fence = opener.group(1)
            continue
        if heading := _HEADING.match(line):
            flush()
            headings[:] = [*headings[: len(heading.group(1)) - 1], heading.group(2)]
            continue
        if not line.strip() or _SKIP.match(line):
            flush()
            continue
        block.append(line.strip())
    flush()
    return found


def read_tree(strategy_dir: Path) -> list[Paragraph]:
    found: list[Paragraph] = []
    for path in sorted(strategy_dir.rglob("*.md")):
        document = path.relative_to(strategy_dir).with_suffix("").as_posix()
        found += paragraphs(document, path.read_text(encoding="utf-8", errors="replace"))
    return found


def compare(old: list[Paragraph], new: list[Paragraph]) -> list[ProseChange]:
    """Added, removed and changed paragraphs, aligned per document and section."""
    keys = list(dict.fromkeys([(p.document, p.section) for p in old + new]))
    changes: list[ProseChange] = []
    for doc, section in keys:
        a = [p.text for p in old if (p.document, p.section) == (doc, section)]
        b = [p.text for p in new if (p.document, p.section) == (doc, section)]
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                changes.append(ProseChange(CHANGED, doc, section, a[i1 + k], b[j1 + k]))
            for text in a[i1 + pairs : i2]:
                changes.append(ProseChange(REMOVED, doc, section, text, ""))
            for text in b[j1 + pairs : j2]:
                changes.append(ProseChange(ADDED, doc, section, "", text))
    return changes


def compare_trees(old_dir: Path, new_dir: Path) -> list[ProseChange]:
    """compare() of every Markdown file below two strategy/ folders."""
    return compare(read_tree(old_dir), read_tree(new_dir))
