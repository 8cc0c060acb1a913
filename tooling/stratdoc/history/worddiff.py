"""Word-level differences of two texts: what the Synopse marks as removed and new."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# words (with umlauts and hyphens inside), runs of white space, single punctuation marks
_TOKEN = re.compile(r"\w+(?:[-‐]\w+)*|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def segments(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) in reading order; a replaced run is its deletion, then its insertion."""
    a, b = tokens(old), tokens(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            out.append((INSERT, "".join(b[j1:j2])))
    return _merged(out)


def marked(old: str, new: str) -> str:
    """The change as plain text: [-removed-]{+new+}, as `git diff --word-diff` marks it."""
    marks = {DELETE: "[-{}-]", INSERT: "{{+{}+}}", EQUAL: "{}"}
    return "".join(marks[op].format(text) for op, text in segments(old, new))


def _merged(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, text in parts:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged
