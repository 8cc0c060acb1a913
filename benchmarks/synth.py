"""Synthetic strategies of any size, on the shipped data model, for the benchmarks.

python benchmarks/synth.py DEST --measures 1000 [--files 50]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STATUS = ["nicht begonnen", "in Planung", "in Umsetzung", "umgesetzt", "verstetigt"]
PRIORITY = ["hoch", "mittel", "niedrig"]
KINDS = ["Wirtschaftsförderung", "IHK", "Gewerkschaft", "Hochschule", "Unternehmen"]
SWOT = ["Stärke", "Schwäche", "Chance", "Risiko"]
WORDS = (
    "Transformation Zulieferbetriebe Qualifizierung Fachkräftesicherung Wasserstofftechnik "
    "Elektromobilität Umformtechnik Oberflächenveredelung Weiterbildungsverbund Digitalisierung "
    "Kreislaufwirtschaft Standortentwicklung Berufsorientierung Innovationsberatung"
).split()


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(
    dest: Path,
    measures: int,
    files: int = 20,
    fields: int = 8,
    actors: int | None = None,
    findings: int | None = None,
    seed: int = 1,
) -> Path:
    """Write a complete project (conf.py, ubproject.toml, strategy/) into *dest*."""
    rng = random.Random(seed)
    actors = actors or max(10, measures // 10)
    findings = findings or max(12, measures // 20)
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "ubproject.toml"):
        shutil.copy2(REPO / name, dest / name)
    # the pinned neighbours the shipped ubproject.toml names
    shutil.copytree(
        REPO / "governance/neighbours", dest / "governance/neighbours", dirs_exist_ok=True
    )
    strategy = dest / "strategy"
    if strategy.exists():
        shutil.rmtree(strategy)
    (strategy / "teil").mkdir(parents=True)
    hf_ids = [f"HF_F{i:02d}" for i in range(1, fields + 1)]
    ak_ids = [f"AK_A{i:04d}" for i in range(1, actors + 1)]
    pages: list[list[str]] = [[] for _ in range(files)]
    for i, hf in enumerate(hf_ids):
        pages[i % files].append(
            f"```{{handlungsfeld}} Handlungsfeld {i + 1}\n:id: {hf}\n:reihenfolge: {i + 1}\n"
            f":ziel: {_prose(rng, 8)}\n\n{_prose(rng, 30)}\n```\n"
        )
    for i, ak in enumerate(ak_ids):
        pages[i % files].append(
            f"```{{akteur}} Organisation {i + 1}\n:id: {ak}\n:art: {rng.choice(KINDS)}\n"
            f":rolle: Netzwerkpartner\n```\n"
        )
    for i in range(findings):
        pages[i % files].append(
            f"```{{befund}} Befund {i + 1}\n:id: BF_B{i:04d}\n:kategorie: {rng.choice(SWOT)}\n"
            f":quelle: Regionalstudie\n:begruendet: {hf_ids[i % fields]}\n\n"
            f"{_prose(rng, 25)}\n```\n"
        )
    for i in range(measures):
        start = rng.randint(2024, 2027)
        others = ", ".join(rng.sample(ak_ids, k=min(2, len(ak_ids))))
        pages[i % files].append(
            f"```{{massnahme}} Maßnahme {i + 1}\n:id: MA_M{i:05d}\n"
            f":status: {rng.choice(STATUS[:3])}\n:prioritaet: {rng.choice(PRIORITY)}\n"
            f":beginn: {start}\n:ende: {start + rng.randint(0, 3)}\n"
            f":beitrag_zu: {hf_ids[i % fields]}\n:federfuehrung: {ak_ids[i % len(ak_ids)]}\n"
            f":beteiligt: {others}\n\n{_prose(rng, 40)}\n```\n"
        )
    for i in range(max(8, measures // 50)):
        pages[i % files].append(
            f"```{{indikator}} Indikator {i + 1}\n:id: KPI_K{i:04d}\n:einheit: Anzahl\n"
            f":ebene: Output\n:zielwert: {10 + i}\n:misst: MA_M{i % measures:05d}\n```\n"
        )
    names = []
    for n, blocks in enumerate(pages):
        name = f"teil{n:03d}"
        names.append(f"teil/{name}")
        body = "\n".join(blocks)
        (strategy / "teil" / f"{name}.md").write_text(
            f"# Teil {n + 1}\n\n{_prose(rng, 50)}\n\n{body}", encoding="utf-8"
        )
    toc = "\n".join(names)
    index = f"# Synthetische Strategie\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n"
    (strategy / "index.md").write_text(index, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--fields", type=int, default=8)
    args = parser.parse_args()
    generate(args.dest, args.measures, args.files, args.fields)
    print(args.dest)


if __name__ == "__main__":
    main()
