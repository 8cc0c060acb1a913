"""Which networks coordinate: the `abgestimmt_mit` links between measures, per pair of
networks, and a circle layout for drawing them."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from stratdoc.federation.overview.model import Measure


@dataclass(frozen=True)
class Pair:
    a: str  # short names, a < b
    b: str
    links: tuple[tuple[str, str], ...]  # (from "SHORT:ID", to "SHORT:ID")


@dataclass(frozen=True)
class Node:
    short: str
    x: float
    y: float


def pairs(measures: list[Measure]) -> list[Pair]:
    """Every pair of networks with at least one link, either direction, in key order."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for m in measures:
        for target in m.links:
            other = target.split(":", 1)[0]
            if other and other != m.network:
                found[tuple(sorted((m.network, other)))].append((m.key, target))  # type: ignore[index]
    return [Pair(a, b, tuple(sorted(links))) for (a, b), links in sorted(found.items())]


def circle(shorts: list[str], size: float, margin: float) -> list[Node]:
    """The networks evenly on a circle, the first at the top, clockwise."""
    radius = size / 2 - margin
    count = max(len(shorts), 1)
    return [
        Node(
            s,
            round(size / 2 + radius * math.sin(2 * math.pi * i / count), 1),
            round(size / 2 - radius * math.cos(2 * math.pi * i / count), 1),
        )
        for i, s in enumerate(shorts)
    ]
