"""stratdoc's check rules: each module registers its codes and yields findings."""

from __future__ import annotations

from pathlib import Path

from stratdoc.check.rules import (
    continuity,
    links,
    measured,
    neighbours,
    partners,
    refs,
    safety,
    sphinx,
    values,
)
from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import RULES, Rule
from stratdoc.core.findings import Finding
from stratdoc.core.sphinx_run import SphinxMessage

__all__ = ["RULES", "CheckContext", "Rule", "run_rules", "source_rules"]


def source_rules(ctx: CheckContext) -> list[Finding]:
    """Rules on the sources alone: they hold even for files Sphinx refuses."""
    return list(safety.check(ctx))


def run_rules(ctx: CheckContext, messages: list[SphinxMessage], cache_dir: Path) -> list[Finding]:
    """Rules on needs.json and the sources, plus Sphinx's own messages; each problem once.

    Without needs.json (Sphinx failed) only Sphinx's messages count: every reference and
    released ID would otherwise look missing."""
    found = list(sphinx.from_messages(ctx, messages))
    if ctx.needs_built:
        found += [*links.check(ctx), *values.check(ctx), *measured.check(ctx)]
        found += [*refs.check(ctx), *partners.check(ctx), *neighbours.check(ctx)]
        found += continuity.check(ctx, cache_dir)
    return found
