"""`stratdoc diff OLD NEW`: what changed between two revisions, need by need and in the prose."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo, snapshot
from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _
from stratdoc.history import diff, synopsis, worddiff
from stratdoc.history.synopsis import Comparison
from stratdoc.proposals.report import change_label, prose_label


def as_text(c: Comparison) -> str:
    lines = []
    for n in c.needs:
        label = change_label(n.kind)
        lines.append(f"{label}: {n.need} {c.model.type_title(n.type)} „{n.title}“")
        for name, (old, new) in n.fields.items():
            lines.append(f"    {c.model.label(name)}: {diff.shown(old)} → {diff.shown(new)}")
        if n.kind == diff.MOVED:
            lines.append(f"    {change_label(diff.MOVED)}: {n.old_doc} → {n.new_doc}")
        if n.kind in (diff.CHANGED, diff.MOVED, diff.RETIRED) and (n.text_changed):
            lines.append(f"    Text: {worddiff.marked(n.old_text.strip(), n.new_text.strip())}")
    for p in c.prose:
        where = f"{p.document} › {p.section}" if p.section else p.document
        lines.append(_("Text {kind}: {where}").format(kind=prose_label(p.kind), where=where))
        lines.append(f"    {worddiff.marked(p.old, p.new)}")
    return "\n".join(lines) or _("no changes")


def as_json(c: Comparison) -> dict[str, Any]:
    needs = []
    for n in c.needs:
        item = asdict(n)
        item["fields"] = {k: list(v) for k, v in n.fields.items()}
        item["text"] = worddiff.segments(n.old_text.strip(), n.new_text.strip())
        needs.append(item)
    paragraphs = [{**asdict(p), "text": worddiff.segments(p.old, p.new)} for p in c.prose]
    return {"old": c.old_label, "new": c.new_label, "needs": needs, "prose": paragraphs}


@click.command(
    name="diff",
    help=_("Changes from revision OLD to NEW: needs, fields, words of text and prose."),
)
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    help=_("text: one line per change; json: structured; html: the Synopse page."),
)
@click.pass_context
def command(ctx: click.Context, old: str, new: str, fmt: str) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise EnvironmentProblem(
            _("{root}: not a Git repository; diff compares its revisions").format(root=project.root)
        )
    for rev in (old, new):
        try:
            snapshot.resolve(repo, rev)
        except StratdocError as exc:
            raise EnvironmentProblem(str(exc)) from exc
    comparison = synopsis.compare(repo, old, new)
    if fmt == "json":
        click.echo(json.dumps(as_json(comparison), ensure_ascii=False, indent=2))
    elif fmt == "html":
        click.echo(synopsis.page(comparison), nl=False)
    else:
        click.echo(as_text(comparison))
