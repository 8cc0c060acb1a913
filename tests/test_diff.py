"""Need-level diff on crafted needs.json snapshots: a move is reported as moved."""

from __future__ import annotations

from stratdoc.core.model import load_model
from stratdoc.core.needs_data import NeedsFile
from stratdoc.history import diff


def _need(need_id: str, doc: str, title: str = "Titel") -> dict:
    return {"id": need_id, "type": "massnahme", "title": title, "docname": doc, "content": "Text"}


def test_need_in_other_document_is_moved_not_removed_and_added(project_factory) -> None:
    model = load_model(project_factory("minimal") / "ubproject.toml")
    old = NeedsFile({"MA_X": _need("MA_X", "a"), "MA_Y": _need("MA_Y", "a")})
    new = NeedsFile({"MA_X": _need("MA_X", "b"), "MA_Y": _need("MA_Y", "a")})
    changes = diff.compare(old, new, model)
    assert [(c.need, c.kind, c.old_doc, c.new_doc) for c in changes] == [
        ("MA_X", diff.MOVED, "a", "b")
    ]
