"""Links to neighbour networks' needs (`:abgestimmt_mit: SHORT:ID`) against the stored,
pinned copies of their needs.json; offline, from governance/neighbours/ only."""

from __future__ import annotations

from collections.abc import Iterator

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core import neighbours
from stratdoc.core.findings import ERROR, WARNING, Finding
from stratdoc.core.i18n import _
from stratdoc.core.needs_data import Need

register("neighbour-unknown", ERROR, "a link names a neighbour network ubproject.toml lacks")
register(
    "neighbour-missing",
    ERROR,
    "a neighbour is not pinned yet, or its pinned file under governance/neighbours/ is missing",
)
register("neighbour-digest", ERROR, "a neighbour's stored file does not match its pinned SHA-256")
register("link-neighbour-unknown", ERROR, "a link names an ID the neighbour's pinned file lacks")
register(
    "neighbour-changed",
    WARNING,
    "a newer stored Fassung of a neighbour retires, drops or changes the status of a linked need",
)

UPDATE = "stratdoc neighbours update {short}"


def check(ctx: CheckContext) -> Iterator[Finding]:
    configured = neighbours.load(ctx.project, ctx.model.settings)
    config = ctx.project.relative(ctx.project.config_file)
    pinned: dict[str, dict[str, Need]] = {}
    newest: dict[str, tuple[str, dict[str, Need]]] = {}
    for short, neighbour in configured.items():
        stored = neighbour.stored(ctx.project.root)
        if not neighbour.pinned or not stored.is_file():
            missing = (
                _("{short} is not pinned yet; run {command}")
                if not neighbour.pinned
                else _("{file} of {short} is missing; run {command}")
            )
            yield ctx.finding(
                "neighbour-missing",
                config,
                neighbour.line,
                missing.format(
                    short=short,
                    file=ctx.project.relative(stored),
                    command=UPDATE.format(short=short),
                ),
            )
            continue
        data = stored.read_bytes()
        if neighbours.digest(data) != neighbour.sha256:
            yield ctx.finding(
                "neighbour-digest",
                ctx.project.relative(stored),
                None,
                _(
                    "SHA-256 {actual} differs from the pin {pinned} in {config}; "
                    "restore the file or run {command}"
                ).format(
                    actual=neighbours.digest(data)[:12],
                    pinned=neighbour.sha256[:12],
                    config=config,
                    command=UPDATE.format(short=short),
                ),
            )
            continue
        pinned[short] = neighbours.parse_needs(data)
        # the pinned file is stored, so a different last one is a newer Fassung
        fassung = neighbours.stored_fassungen(ctx.project.root, neighbour)[-1]
        if fassung != neighbour.fassung:
            newer = neighbour.stored(ctx.project.root, fassung)
            try:
                newest[short] = (fassung, neighbours.read_stored(newer))
            except ValueError as exc:  # not written by neighbours update: no comparison
                yield ctx.finding(
                    "neighbour-digest",
                    ctx.project.relative(newer),
                    None,
                    _("not a needs.json ({problem}); remove it or run {command}").format(
                        problem=exc, command=UPDATE.format(short=short)
                    ),
                )
    for need in ctx.needs.values():
        for value in need.get(neighbours.FIELD) or []:
            yield from _link(ctx, need, value, configured, pinned, newest)


def _link(
    ctx: CheckContext,
    need: Need,
    value: str,
    configured: dict[str, neighbours.Neighbour],
    pinned: dict[str, dict[str, Need]],
    newest: dict[str, tuple[str, dict[str, Need]]],
) -> Iterator[Finding]:
    ref = neighbours.split_ref(value)
    if ref is None or ref[0] not in configured:
        yield ctx.need_finding(
            "neighbour-unknown",
            need,
            neighbours.FIELD,
            _(
                ":{field}: names {value}, but no neighbour {short} is configured; "
                "write SHORT:ID with a short_name of ubproject.toml ({known})"
            ).format(
                field=neighbours.FIELD,
                value=repr(value),
                short=ref[0] if ref else repr(value),
                known=", ".join(configured) or _("none"),
            ),
        )
        return
    short, target = ref
    if short not in pinned:
        return  # neighbour-missing or neighbour-digest says why
    neighbour = configured[short]
    theirs = pinned[short].get(target)
    if theirs is None:
        yield ctx.need_finding(
            "link-neighbour-unknown",
            need,
            neighbours.FIELD,
            _(":{field}: names {value}, which {short} Fassung {fassung} does not have").format(
                field=neighbours.FIELD, value=value, short=short, fassung=neighbour.fassung
            ),
        )
        return
    if short not in newest:
        return
    fassung, later = newest[short]
    for _value, before, now in neighbours.status_changes(short, [value], pinned[short], later):
        yield ctx.need_finding(
            "neighbour-changed",
            need,
            neighbours.FIELD,
            _(
                ":{field}: {value} has status {old} in Fassung {pinned} of {short}, "
                "{new} in its Fassung {fassung}; review the link, then pin the new Fassung "
                "with {command} --pin"
            ).format(
                field=neighbours.FIELD,
                value=value,
                old=repr(before),
                pinned=neighbour.fassung,
                short=short,
                new=_("no longer there") if now is None else repr(now),
                fassung=fassung,
                command=UPDATE.format(short=short),
            ),
        )
