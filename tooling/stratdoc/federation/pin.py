"""The pin of a neighbour (fassung, sha256) rewritten inside its [[stratdoc.neighbour]] table
of ubproject.toml: only those two values change, comments and layout stay."""

from __future__ import annotations

import re
import tomllib

from stratdoc.core import neighbours
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _

_VALUE = r'^(?P<head>\s*{key}\s*=\s*)(?:"[^"]*"|\'[^\']*\')(?P<tail>.*)$'
_KEY = re.compile(r"^\s*[A-Za-z_]+\s*=")
_SHORT = re.compile(r'^\s*short_name\s*=\s*["\'](?P<short>[^"\']*)["\']')


def set_pin(text: str, short: str, fassung: str, sha256: str) -> str:
    """*text* (ubproject.toml) with the table of *short* pinned to *fassung* and *sha256*."""
    lines = text.splitlines(keepends=True)
    for start, end in neighbours.table_lines(text):
        body = range(start, end - 1)  # 0-based indices of the table's lines after its header
        if not any((m := _SHORT.match(lines[i])) and m["short"] == short for i in body):
            continue
        for key, value in (("fassung", fassung), ("sha256", sha256)):
            pattern = re.compile(_VALUE.format(key=key))
            at = next((i for i in body if pattern.match(lines[i])), None)
            if at is None:  # not there yet: after the table's last key
                last = max(i for i in body if _KEY.match(lines[i]))
                lines.insert(last + 1, f'{key} = "{value}"\n')
                end += 1
                body = range(start, end - 1)
            else:
                match = pattern.match(lines[at])
                assert match is not None
                newline = "\n" if lines[at].endswith("\n") else ""
                lines[at] = f'{match["head"]}"{value}"{match["tail"]}{newline}'
        result = "".join(lines)
        table = next(
            t for t in tomllib.loads(result)["stratdoc"]["neighbour"] if t["short_name"] == short
        )
        if (table.get("fassung"), table.get("sha256")) == (fassung, sha256):
            return result
    raise StratdocError(
        _(
            "ubproject.toml: cannot write the pin of {short}; set fassung = {fassung} and "
            "sha256 = {sha256} in its [[stratdoc.neighbour]] table by hand"
        ).format(short=short, fassung=repr(fassung), sha256=repr(sha256))
    )
