"""Cross-references in the text: {need}, {doc} and {ref} name something that exists.

The needs builder stops before Sphinx resolves references, so this rule does it on the
sources (cheaper than a full write phase, which would triple the check's time)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _

register("ref-broken", ERROR, "a {need}, {doc} or {ref} reference to nothing")


def check(ctx: CheckContext) -> Iterator[Finding]:
    docs = {f.docname for f in ctx.sources.files}
    labels = {label.lower() for f in ctx.sources.files for label in f.labels}
    for source in ctx.sources.files:
        folder = posixpath.dirname(source.docname)
        for name, target, line in source.roles:
            if name == "need" and target.split(".")[0] not in ctx.needs:
                yield ctx.finding(
                    "ref-broken",
                    source.path,
                    line,
                    _("{{need}}`{target}` names no need; fix the ID").format(target=target),
                )
            elif name == "doc" and _doc(target, folder) not in docs:
                yield ctx.finding(
                    "ref-broken",
                    source.path,
                    line,
                    _("{{doc}}`{target}` names no document in strategy/").format(target=target),
                )
            elif name == "ref" and target.lower() not in labels:
                yield ctx.finding(
                    "ref-broken",
                    source.path,
                    line,
                    _(
                        "{{ref}}`{target}` names no label; "
                        "define it with ({target})= above a heading"
                    ).format(target=target),
                )


def _doc(target: str, folder: str) -> str:
    target = target.removesuffix(".md")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))
