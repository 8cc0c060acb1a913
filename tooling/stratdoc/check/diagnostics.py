"""Sphinx's warnings and sphinx-needs' schema violations as findings with file and line."""

from __future__ import annotations

import re
from pathlib import Path

from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _
from stratdoc.core.needs_data import NeedsFile, option_line, source_path
from stratdoc.core.sphinx_run import SphinxMessage

_SCHEMA_NEED = re.compile(r"Need '(?P<need>[^']+)' has schema violations")
_NEED_IN_MSG = re.compile(r"Need '(?P<need>[^']+)'")
_LINK_FIELD = re.compile(r"in field '(?P<field>[\w-]+)'")


def to_findings(
    messages: list[SphinxMessage], root: Path, needs: NeedsFile | None
) -> list[Finding]:
    findings: list[Finding] = []
    for msg in messages:
        schema = _SCHEMA_NEED.search(msg.text)
        if schema:
            findings.append(_schema_finding(msg, schema.group("need"), root, needs))
            continue
        need_id = m.group("need") if (m := _NEED_IN_MSG.search(msg.text)) else None
        line = msg.line
        if need_id and needs and need_id in needs.needs and (f := _LINK_FIELD.search(msg.text)):
            line = option_line(root, needs.needs[need_id], f.group("field")) or line
        code = msg.wtype or "sphinx"
        findings.append(Finding(msg.path, line, code, ERROR, msg.text, need_id))
    return findings


def _schema_finding(
    msg: SphinxMessage, need_id: str, root: Path, needs: NeedsFile | None
) -> Finding:
    field, hint, schema = (
        msg.detail("Field"),
        msg.detail("User message"),
        msg.detail("Schema message"),
    )
    text = hint or schema or msg.text
    if hint and schema:
        text += f" ({schema})"
    path, line = "", None
    if needs and need_id in needs.needs:
        need = needs.needs[need_id]
        path = source_path(need)
        line = option_line(root, need, field) if field else need.get("lineno")
    prefix = (
        _("{need}: field '{field}': ").format(need=need_id, field=field)
        if field
        else f"{need_id}: "
    )
    return Finding(path, line, msg.wtype or "sn_schema_violation", ERROR, prefix + text, need_id)
