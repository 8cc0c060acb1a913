"""`stratdoc status`: current Fassung, fingerprint, the open call, each vote counted or why not."""

from __future__ import annotations

import json

import click

from stratdoc.cli import project_from
from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.governance.adoption import Adoption, decide


def candidates(last: str | None) -> list[str]:
    """Next minor and major version after *last*."""
    if last is None:
        return ["1.0"]
    parts = [int(p) for p in last.split(".")]
    return [f"{parts[0]}.{(parts[1] if len(parts) > 1 else 0) + 1}", f"{parts[0] + 1}.0"]


def as_json(result: Adoption) -> dict:
    return {
        "version": result.version,
        "release_possible": result.refusal is None,
        "refusal": result.refusal,
        "procedure": result.call.procedure if result.call else None,
        "call": result.call.commit if result.call else None,
        "roster_in_force": result.force.source,
        "tally": result.tally.line(),
        "closing": result.closing.commit if result.closing else None,
        "dropped": [
            {"member": d.member, "vote": d.vote, "commit": d.commit, "ref": d.ref}
            for d in result.dropped
        ],
        "votes": [
            {
                "member": v.member,
                "vote": v.vote,
                "commit": v.commit,
                "counted": v.reason is None,
                "reason": v.reason,
            }
            for v in result.verdicts
        ],
    }


def as_text(result: Adoption) -> list[str]:
    call = result.call.line() if result.call else _("no open call")
    lines = [
        f"Fassung {result.version}: {call}",
        "  " + _("roster in force: {source}").format(source=result.force.source),
        *("  " + _("ignored call {problem}").format(problem=p) for p in result.call_problems),
    ]
    for v in result.verdicts:
        verdict = (
            _("counted") if v.reason is None else _("not counted: {reason}").format(reason=v.reason)
        )
        lines.append(f"  {v.member}: {v.vote} ({v.commit[:7]}) {verdict}")
    if result.closing is not None:
        lines.append(
            "  "
            + _("closed by the Eingangsvermerk {commit} of {closed}").format(
                commit=result.closing.commit[:7], closed=result.closing.closed
            )
        )
    lines += ["  " + d.line() for d in result.dropped]
    missing = result.missing
    lines.append(f"  {result.tally.shown()}")
    if missing:
        lines.append("  " + _("not voted: {members}").format(members=", ".join(missing)))
    if result.refusal is None:
        lines.append("  " + _("release: possible"))
    else:
        lines.append("  " + _("release: not yet, {refusal}").format(refusal=result.refusal))
    return lines


@click.command(
    name="status",
    help=_("Show the current Fassung, the content fingerprint and the decision on the next one."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=_("text for reading; json for tools."),
)
@click.pass_context
def command(ctx: click.Context, fmt: str) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{root}: not a Git repository; the decision is read from its history").format(
                root=project.root
            )
        )
    tags = gitrepo.release_tags(repo)
    last = tags[-1] if tags else None
    results = [decide(repo, "HEAD", version) for version in candidates(last)]
    fp = results[0].fingerprint  # of HEAD, the same for every candidate
    if fmt == "json":
        body = {"current": last, "fingerprint": fp, "candidates": [as_json(r) for r in results]}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    click.echo(_("current Fassung: {version}").format(version=last or _("none yet")))
    click.echo(_("content fingerprint: {fingerprint}").format(fingerprint=fp))
    for result in results:
        click.echo("\n".join(as_text(result)))
