"""Sphinx messages that an incremental check must carry over from its previous run.

Sphinx reports a document's read-time warnings only when it (re)reads that document. A check
that reuses the doctree cache keeps the previous messages of every document Sphinx did not
re-read this time; messages Sphinx emits on every run (links, schema, toctree consistency)
are never carried over, so they cannot go stale."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from stratdoc.core.sphinx_run import SphinxMessage

_EVERY_RUN = ("needs.link_", "sn_schema_violation", "toc.not_included")
STATE = "messages.json"


def every_run(msg: SphinxMessage) -> bool:
    return not msg.path or msg.wtype.startswith(_EVERY_RUN)


def needs_fresh(previous: list[SphinxMessage]) -> bool:
    """A duplicate ID last time: the need left out then may be due now in a file Sphinx
    would not re-read, so only a fresh build gives the right needs."""
    return any(m.wtype == "needs.create_need" and "already exists" in m.text for m in previous)


def merge(
    previous: list[SphinxMessage], current: list[SphinxMessage], not_reread: set[str]
) -> list[SphinxMessage]:
    """This run's messages plus the previous read-time messages of documents not re-read."""
    kept = [m for m in previous if not every_run(m) and m.path in not_reread]
    merged: list[SphinxMessage] = []
    seen: set[tuple] = set()
    for msg in [*current, *kept]:
        key = (msg.path, msg.line, msg.wtype, msg.text)
        if key not in seen:
            seen.add(key)
            merged.append(msg)
    return merged


def load(outdir: Path) -> list[SphinxMessage]:
    try:
        data = json.loads((outdir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [SphinxMessage(**item) for item in data]


def save(outdir: Path, messages: list[SphinxMessage]) -> None:
    (outdir / STATE).write_text(
        json.dumps([asdict(m) for m in messages], ensure_ascii=False), encoding="utf-8"
    )
