"""Need-level differences between two needs.json snapshots, aligned by stable ID."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stratdoc.core.model import Model
from stratdoc.core.needs_data import Need, NeedsFile

ADDED = "added"
REMOVED = "removed"
RETIRED = "retired"  # still there, now with status "entfallen"
CHANGED = "changed"
MOVED = "moved"  # same ID, other document; may also carry field/text changes

GERMAN = {
    ADDED: "neu",
    REMOVED: "entfernt",
    RETIRED: "entfallen",
    CHANGED: "geändert",
    MOVED: "verschoben",
}


@dataclass(frozen=True)
class NeedChange:
    need: str
    kind: str
    type: str
    title: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (old, new)
    old_text: str = ""
    new_text: str = ""
    old_doc: str = ""
    new_doc: str = ""

    @property
    def text_changed(self) -> bool:
        return self.old_text.strip() != self.new_text.strip()


def shown(value: Any) -> str:
    """A field value as readers see it: lists joined, an empty value as a dash."""
    if value in (None, "", []):
        return "—"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def compared_fields(model: Model) -> list[str]:
    return ["title", *model.fields, *model.links]


def _value(need: Need, name: str) -> Any:
    value = need.get(name)
    return sorted(value) if isinstance(value, list) else value


def compare(old: NeedsFile, new: NeedsFile, model: Model) -> list[NeedChange]:
    """Every need that was added, removed, retired, moved or changed, in ID order."""
    names = compared_fields(model)
    changes: list[NeedChange] = []
    for need_id in sorted(old.needs.keys() | new.needs.keys()):
        before, after = old.needs.get(need_id), new.needs.get(need_id)
        if before is None and after is not None:
            changes.append(_change(need_id, ADDED, after, {}, None))
            continue
        if after is None and before is not None:
            changes.append(_change(need_id, REMOVED, before, {}, before))
            continue
        assert before is not None and after is not None
        diffs = {
            n: (_value(before, n), _value(after, n))
            for n in names
            if _value(before, n) != _value(after, n)
        }
        text_differs = (before.get("content") or "").strip() != (after.get("content") or "").strip()
        moved = before.get("docname") != after.get("docname")
        if not diffs and not text_differs and not moved:
            continue
        retired = after.get("status") == "entfallen" and before.get("status") != "entfallen"
        kind = RETIRED if retired else MOVED if moved else CHANGED
        changes.append(_change(need_id, kind, after, diffs, before))
    return changes


def _change(
    need_id: str, kind: str, need: Need, diffs: dict[str, tuple[Any, Any]], before: Need | None
) -> NeedChange:
    return NeedChange(
        need=need_id,
        kind=kind,
        type=need["type"],
        title=need.get("title", ""),
        fields=diffs,
        old_text=(before or {}).get("content") or "" if kind != ADDED else "",
        new_text=need.get("content") or "" if kind != REMOVED else "",
        old_doc=(before or {}).get("docname", "") if before else "",
        new_doc=need.get("docname", "") if kind != REMOVED else "",
    )
