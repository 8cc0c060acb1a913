"""The data model as stratdoc reads it from ubproject.toml (the same file sphinx-needs reads)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _


@dataclass(frozen=True)
class Model:
    types: dict[str, dict[str, Any]]  # directive -> type table
    fields: dict[str, dict[str, Any]]  # field name -> field table
    links: dict[str, dict[str, Any]]  # link name -> link table
    settings: dict[str, Any]  # the [stratdoc] table

    def label(self, name: str) -> str:
        """German label of a field or link (as the editions show it)."""
        if name in self.fields:
            return self.fields[name].get("description", name)
        if name in self.links:
            return self.links[name].get("outgoing", name)
        return {"title": "Titel", "content": "Text"}.get(name, name)

    def type_title(self, directive: str) -> str:
        return self.types.get(directive, {}).get("title", directive)

    def enum(self, field: str) -> list[Any] | None:
        return self.fields.get(field, {}).get("schema", {}).get("enum")


def load_model(path: Path) -> Model:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EnvironmentProblem(
            _("{path}: cannot read the data model: {error}").format(path=path, error=exc)
        ) from exc
    needs = data.get("needs", {})
    types = {t["directive"]: t for t in needs.get("types", [])}
    return Model(types, needs.get("fields", {}), needs.get("links", {}), data.get("stratdoc", {}))
