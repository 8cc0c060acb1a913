"""How many strategy paragraphs share a run of N words with the source articles.

    python scripts/seed_overlap.py SEEDS_DIR [--words 8]

The seeds (../shared/seeds in the team's workspace) are not part of this repository, so
this is a review aid, not a test: facts carry over from them, sentences must not.
Prints the count and the paragraphs that share a run, most overlapping first.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

STRATEGY = Path(__file__).resolve().parents[1] / "strategy"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def runs(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--words", type=int, default=8)
    args = parser.parse_args()
    seed_runs: set[tuple[str, ...]] = set()
    for path in sorted(p for p in args.seeds.rglob("*") if p.is_file()):
        seed_runs.update(runs(words(path.read_text(encoding="utf-8", errors="ignore")), args.words))
    total, shared = 0, []
    for path in sorted(STRATEGY.rglob("*.md")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            own = runs(words(para), args.words)
            if not own:
                continue
            total += 1
            common = sum(run in seed_runs for run in own)
            if common:
                shared.append((common / len(own), path.relative_to(STRATEGY.parent), para[:100]))
    print(f"{len(shared)} of {total} paragraphs share a run of {args.words} words with the seeds")
    for ratio, path, start in sorted(shared, reverse=True):
        print(f"  {ratio:.0%} {path}: {start!r}")
    return 1 if shared else 0


if __name__ == "__main__":
    raise SystemExit(main())
