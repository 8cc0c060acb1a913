"""Sphinx's and sphinx-needs' own warnings as findings, each once and at the offending line.

Where one of our rules already reports the same problem from needs.json (links, value lists,
measure counts), the Sphinx message is dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _
from stratdoc.core.sphinx_run import SphinxMessage

register("unknown-directive", ERROR, "a directive Sphinx does not know (typo?)")
register("unknown-role", ERROR, "a role Sphinx does not know (typo?)")
register("field-missing", ERROR, "a field the data model requires is missing")
register("value-invalid", ERROR, "a value the data model's schema rejects (length, range)")
register("sphinx", ERROR, "any other warning of Sphinx or sphinx-needs")

_NEED = re.compile(r"Need '(?P<need>[^']+)'")
_REQUIRED = re.compile(r'"(?P<field>[\w-]+)" is a required property')
_INVALID_FIELD = re.compile(r"Field '(?P<field>[\w-]+)' is invalid")
_DUPLICATE = re.compile(r"A need with ID '(?P<need>[^']+)' already exists")
_BAD_ID = re.compile(r"Given ID '(?P<need>[^']+)' does not match")
_COVERED_TYPES = {"needs.link_outgoing", "needs.link_target_type"}
_COVERED_REQUIRED = {("massnahme", "beitrag_zu"), ("massnahme", "federfuehrung")}
_BY_TYPE = {"myst.directive_unknown": "unknown-directive", "myst.role_unknown": "unknown-role"}


def from_messages(ctx: CheckContext, messages: list[SphinxMessage]) -> Iterator[Finding]:
    for msg in messages:
        if msg.wtype in _COVERED_TYPES:
            continue
        if msg.wtype.startswith("sn_schema_violation"):
            yield from _schema(ctx, msg)
        elif msg.wtype == "needs.create_need":
            yield _create_need(ctx, msg)
        else:
            code = _BY_TYPE.get(msg.wtype, "sphinx")
            suffix = f" [{msg.wtype}]" if code == "sphinx" and msg.wtype else ""
            yield ctx.finding(code, msg.path, msg.line, msg.text + suffix)


def _schema(ctx: CheckContext, msg: SphinxMessage) -> Iterator[Finding]:
    found = _NEED.search(msg.text)
    need = ctx.needs.get(found.group("need")) if found else None
    schema_path = msg.detail("Schema path")
    schema_msg = msg.detail("Schema message")
    if need is None:
        yield ctx.finding("sphinx", msg.path, msg.line, f"{msg.text} {schema_msg}".strip())
        return
    if schema_path.endswith("> enum"):
        return  # value-not-allowed reports it from needs.json
    required = _REQUIRED.search(schema_msg)
    field = required.group("field") if required else msg.detail("Field")
    if (need["type"], field) in _COVERED_REQUIRED:
        return  # measure-no-field / measure-lead-count report it from needs.json
    hint = msg.detail("User message")
    if required:
        text = _("add :{field}:").format(field=field) + (f" ({hint})" if hint else "")
        yield ctx.need_finding("field-missing", need, None, text)
    else:
        text = f":{field}: {schema_msg}" + (f"; {hint}" if hint else "")
        yield ctx.need_finding("value-invalid", need, field or None, text)


def _create_need(ctx: CheckContext, msg: SphinxMessage) -> Finding:
    directive = ctx.sources.directive_at(msg.path, msg.line)
    line = msg.line
    if m := _DUPLICATE.search(msg.text):
        code, need, option = "id-duplicate", m.group("need"), "id"
        text = _("{need} is already used by another need; give this one a new ID").format(need=need)
    elif m := _BAD_ID.search(msg.text):
        code, need, option = "id-pattern", m.group("need"), "id"
        text = _(
            "{need} does not match the ID pattern: a prefix (HF_, MA_, AK_, BF_, KPI_) "
            "and capital letters, digits and underscores"
        ).format(need=need)
    elif m := _INVALID_FIELD.search(msg.text):
        code, option = "value-not-allowed", m.group("field")
        need = directive.options.get("id", ("", 0))[0] or None if directive else None
        reason = msg.text.split(" is invalid: ", 1)[-1]
        text = _("{need}: :{option}: {reason}; the need is left out until fixed").format(
            need=need or _("need"), option=option, reason=reason
        )
    else:
        return ctx.finding("sphinx", msg.path, msg.line, msg.text)
    if directive is not None:
        line = directive.option_line(option)
    return ctx.finding(code, msg.path, line, text, need)
