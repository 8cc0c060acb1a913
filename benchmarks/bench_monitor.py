"""`stratdoc monitor` and the Umsetzungsbericht on a synthetic history, side by side with
plain Sphinx.

    python benchmarks/bench_monitor.py [--measures 1000] [--fassungen 10] [--commits 200]
                                        [--repeat 3] [--pdf]

A synthetic strategy (synth.py) is committed, then *commits* commits change measures'
statuses and indicators' measured values (some with an Eingebracht-von trailer), with a
tag v<N>.0 after every commits/fassungen of them. Measured in one run, each the median
of R runs: `stratdoc monitor --format json` against one plain `sphinx-build -b needs` of
the same tree (goal <= 1.0x), and `stratdoc build html` (with --pdf: all) of the draft
with the chapter against the same tree without the chapter page and outside Git, so
without the history read (goal <= 1.1x); the two builds alternate. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench_check import BIN, measure, plain
from synth import STATUS, generate

CHAPTER = Path(__file__).resolve().parents[1] / "strategy" / "umsetzungsbericht.md"
ORGS = ["AK_A0001", "AK_A0002", "AK_A0003"]


def _git(root: Path, *args: str, day: int = 0) -> None:
    stamp = f"@{1704067200 + day * 86400} +0000"  # 2024-01-01 plus *day* days
    env = dict(
        os.environ,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_DATE=stamp,
        GIT_AUTHOR_NAME="Projektbüro",
        GIT_AUTHOR_EMAIL="buero@example.org",
        GIT_COMMITTER_NAME="Projektbüro",
        GIT_COMMITTER_EMAIL="buero@example.org",
    )
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def with_chapter(project: Path) -> None:
    shutil.copy2(CHAPTER, project / "strategy" / "umsetzungsbericht.md")
    index = project / "strategy" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("\n```\n", "\numsetzungsbericht\n```\n", 1), encoding="utf-8")


def history(project: Path, fassungen: int, commits: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Synthetische Strategie")
    pages = sorted((project / "strategy" / "teil").glob("*.md"))
    per_tag = max(1, commits // fassungen)
    series: dict[str, list[int]] = {}
    for n in range(1, commits + 1):
        page = rng.choice(pages)
        text = page.read_text(encoding="utf-8")
        indicators = re.findall(r":id: (KPI_\w+)", text)
        open_kpis = [k for k in indicators if len(series.get(k, [])) < 6]
        if n % 4 == 0 and open_kpis:
            kpi = rng.choice(open_kpis)
            values = series.setdefault(kpi, [])
            values.append(10 + len(values) * 2 + rng.randint(0, 3))
            line = "; ".join(f"{2020 + i}: {v}" for i, v in enumerate(values))
            block = re.compile(rf"(:id: {kpi}\n(?::(?!messwerte)[^\n]*\n)*?)(:messwerte:[^\n]*\n)?")
            text = block.sub(
                lambda m, line=line: f"{m.group(1)}:messwerte: {line}\n", text, count=1
            )
        else:
            need, status = rng.choice(re.findall(r":id: (MA_\w+)\n:status: ([^\n]+)", text))
            new = rng.choice([s for s in STATUS if s != status])
            old = f":id: {need}\n:status: {status}\n"
            text = text.replace(old, f":id: {need}\n:status: {new}\n")
        page.write_text(text, encoding="utf-8")
        message = f"Änderung {n}"
        if n % 3:
            message += f"\n\nEingebracht-von: {ORGS[n % len(ORGS)]}"
        _git(project, "commit", "-q", "-a", "-m", message, day=n)
        if n % per_tag == 0 and n // per_tag <= fassungen:
            _git(project, "tag", "-a", f"v{n // per_tag}.0", "-m", "Fassung", day=n)


def median(cmd: list[str], repeat: int, before=None) -> float:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(measure(cmd)[0])
    return sorted(runs)[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--fassungen", type=int, default=10)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="build HTML and PDF, not HTML only")
    args = parser.parse_args()
    fmt = "all" if args.pdf else "html"
    with tempfile.TemporaryDirectory(prefix="stratdoc-bench-monitor-") as tmp:
        project = generate(Path(tmp) / "mit", args.measures)
        with_chapter(project)
        history(project, args.fassungen, args.commits)
        bare = Path(tmp) / "ohne"
        shutil.copytree(project, bare, ignore=shutil.ignore_patterns(".git", "_build"))
        (bare / "strategy" / "umsetzungsbericht.md").unlink()
        index = bare / "strategy" / "index.md"
        index.write_text(
            index.read_text(encoding="utf-8").replace("umsetzungsbericht\n", ""), encoding="utf-8"
        )

        def wipe(root: Path):
            return lambda: shutil.rmtree(root / "_build", ignore_errors=True)

        monitor = [str(BIN / "stratdoc"), "-C", str(project), "monitor", "--format", "json"]
        rows = {
            "plain sphinx-build -b needs": median(plain(project, True), args.repeat, wipe(project)),
            "stratdoc monitor --format json": median(monitor, args.repeat),
        }
        # the two builds alternate, so a change in the machine's load hits both alike
        without, with_ = f"build {fmt} without the chapter", f"build {fmt} with the chapter"
        runs: dict[str, list[float]] = {without: [], with_: []}
        for _ in range(args.repeat):
            for name, root in ((without, bare), (with_, project)):
                shutil.rmtree(root / "_build", ignore_errors=True)
                cmd = [str(BIN / "stratdoc"), "-C", str(root), "build", fmt]
                runs[name].append(measure(cmd)[0])
        for name, times in runs.items():
            rows[name] = sorted(times)[len(times) // 2]
    names = list(rows)
    print(f"{args.measures} measures, {args.fassungen} Fassungen, {args.commits} commits, "
          f"median of {args.repeat}\n")  # fmt: skip
    print("| run | wall s |\n|---|---:|")
    for name in names:
        print(f"| {name} | {rows[name]:.2f} |")
    print(
        "\n| ratio | value | goal |\n|---|---:|---:|\n"
        f"| monitor / plain needs | {rows[names[1]] / rows[names[0]]:.2f} | <= 1.0 |\n"
        f"| build with / without chapter | {rows[names[3]] / rows[names[2]]:.2f} | <= 1.1 |"
    )


if __name__ == "__main__":
    main()
