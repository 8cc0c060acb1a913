"""manifest.json of an edition: what was adopted and the SHA-256 of every artifact."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from stratdoc.core.i18n import _

NAME = "manifest.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def artifacts(edition: Path) -> dict[str, dict[str, Any]]:
    """Every file below *edition* except the manifest: relative path -> sha256 and size."""
    found = {}
    for path in sorted(p for p in edition.rglob("*") if p.is_file()):
        rel = path.relative_to(edition).as_posix()
        if rel != NAME:
            found[rel] = {"sha256": _sha256(path), "size": path.stat().st_size}
    return found


def digest(edition: Path) -> str:
    """SHA-256 of the edition's manifest: the signed release tag names it."""
    return _sha256(edition / NAME)


def write(edition: Path, facts: dict[str, Any]) -> Path:
    path = edition / NAME
    body = {**facts, "artifacts": artifacts(edition)}
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read(edition: Path) -> dict[str, Any]:
    return json.loads((edition / NAME).read_text(encoding="utf-8"))


def mismatches(edition: Path, recorded: dict[str, dict[str, Any]]) -> list[str]:
    """One line per artifact that is missing, extra or not byte-identical to the manifest."""
    found = artifacts(edition)
    problems = [
        _("{file}: missing").format(file=edition / rel)
        for rel in sorted(set(recorded) - set(found))
    ]
    problems += [
        _("{file}: not in the manifest").format(file=edition / rel)
        for rel in sorted(set(found) - set(recorded))
    ]
    problems += [
        _("{file}: SHA-256 differs from the manifest").format(file=edition / rel)
        for rel in sorted(set(found) & set(recorded))
        if found[rel]["sha256"] != recorded[rel]["sha256"]
    ]
    return problems
