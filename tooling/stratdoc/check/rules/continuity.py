"""Continuity: an ID of the last released Fassung never silently disappears."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _
from stratdoc.core.needs_data import source_path

register("id-vanished", ERROR, "an ID of the last released Fassung is gone")


def check(ctx: CheckContext, cache_dir: Path) -> Iterator[Finding]:
    if ctx.repo is None:
        return
    # GitPython is loaded only here, after the Sphinx pass, not beside it (peak memory)
    from stratdoc.core import gitrepo

    tags = gitrepo.release_tags(ctx.repo)
    if not tags:
        return
    tag = f"v{tags[-1]}"
    released = _released(ctx, tag, cache_dir)
    present = set(ctx.needs) | {
        d.options["id"][0] for _, d in ctx.sources.directives() if "id" in d.options
    }
    for need_id, path in sorted(released.items()):
        if need_id not in present:
            where = path if (ctx.project.root / path).is_file() else ""
            yield ctx.finding(
                "id-vanished",
                where,
                None,
                _(
                    "{need} was in Fassung {version} and is gone; keep it with "
                    "status 'entfallen' instead of deleting it"
                ).format(need=need_id, version=tag[1:]),
                need_id,
            )


def _released(ctx: CheckContext, tag: str, cache_dir: Path) -> dict[str, str]:
    """ID -> source path of the released Fassung, built once per tag commit."""
    assert ctx.repo is not None
    commit = ctx.repo.commit(tag).hexsha
    cached = cache_dir / f"release-{commit}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    from stratdoc.core import snapshot

    needs = snapshot.needs_at(ctx.repo, tag)
    ids = {need_id: source_path(need) for need_id, need in needs.needs.items()}
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(ids, sort_keys=True), encoding="utf-8")
    return ids
