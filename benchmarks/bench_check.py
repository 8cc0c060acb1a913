"""`stratdoc check` against a plain `sphinx-build -b needs` on the same synthetic strategy.

    python benchmarks/bench_check.py [N ...] [--repeat R]   (default: 1000 5000 measures, R=3)

For each N: both tools cold (no cache), then again after one file changed (Sphinx
incremental, the check reusing _build/check); each the median of R runs. Wall time,
and the peak resident memory of the whole process tree (stratdoc plus its Sphinx
subprocess, sampled from /proc every 10 ms), printed as a Markdown table with the ratios
the goals name:
cold check <= 1.3x time and <= 1.2x memory of the plain build; one-file check <= 0.5x cold.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from synth import generate

BIN = Path(sys.executable).parent


def _children(pid: int) -> list[int]:
    """Child pids from /proc/<pid>/task/*/children (no walk over all of /proc, which
    would steal the measured processes' CPU every 10 ms)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree_rss_kb(root: int) -> int:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(pid)
    return total


def measure(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) of the process tree (sum over its live processes) and
    the largest single process's peak (ru_maxrss from wait4, what /usr/bin/time reports)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in (0, 1):  # 1: the check found something, still a full run
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    return wall, peak, usage.ru_maxrss


def plain(project: Path, fresh: bool) -> list[str]:
    out = project / "_build" / "plain"
    cmd = [
        str(BIN / "python"),
        "-m",
        "sphinx",
        "-b",
        "needs",
        "-c",
        str(project),
        "-d",
        str(out / ".doctrees"),
        "-q",
        "-N",
        "--keep-going",
    ]
    return cmd + (["-E"] if fresh else []) + [str(project / "strategy"), str(out)]


def check(project: Path) -> list[str]:
    return [str(BIN / "stratdoc"), "-C", str(project), "check", "--format", "json"]


def change_one_file(project: Path) -> None:
    page = project / "strategy" / "teil" / "teil003.md"
    with page.open("a", encoding="utf-8") as fh:
        fh.write("\nEin zusätzlicher Satz nach der Änderung.\n")


def median_run(cmd: list[str], before: Callable[[], None], repeat: int) -> tuple[float, int, int]:
    """The run with the median wall time of *repeat* runs, each after *before*."""
    runs = []
    for _ in range(repeat):
        before()
        runs.append(measure(cmd))
    return sorted(runs)[len(runs) // 2]


def run(measures: int, workdir: Path, repeat: int) -> dict[str, tuple[float, int, int]]:
    project = generate(workdir / f"n{measures}", measures)

    def wipe() -> None:
        shutil.rmtree(project / "_build", ignore_errors=True)

    rows = {
        "plain needs, cold": median_run(plain(project, fresh=True), wipe, repeat),
        "check, cold": median_run(check(project), wipe, repeat),
    }
    measure(plain(project, fresh=True))  # the incremental runs below start from a full build
    rows["plain needs, one file changed"] = median_run(
        plain(project, fresh=False), lambda: change_one_file(project), repeat
    )
    rows["check, one file changed"] = median_run(
        check(project), lambda: change_one_file(project), repeat
    )
    return rows


def table(results: dict[int, dict[str, tuple[float, int, int]]]) -> str:
    lines = [
        "| measures | run | wall s | peak RSS MiB, tree | peak RSS MiB, largest process |",
        "|---:|---|---:|---:|---:|",
    ]
    for n, rows in results.items():
        for name, (wall, tree, single) in rows.items():
            lines.append(f"| {n} | {name} | {wall:.1f} | {tree / 1024:.0f} | {single / 1024:.0f} |")
    lines += [
        "",
        "| measures | cold check / plain: time (goal <= 1.3) | memory, tree (goal <= 1.2) "
        "| memory, largest process | one-file check / cold check (goal <= 0.5) "
        "| for scale: one-file plain / cold plain |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n, rows in results.items():
        (pt, pm, ps), (ct, cm, cs) = rows["plain needs, cold"], rows["check, cold"]
        it, pit = rows["check, one file changed"][0], rows["plain needs, one file changed"][0]
        lines.append(
            f"| {n} | {ct / pt:.2f} | {cm / pm:.2f} | {cs / ps:.2f} | {it / ct:.2f} "
            f"| {pit / pt:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("measures", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stratdoc-bench-") as tmp:
        results = {n: run(n, Path(tmp), args.repeat) for n in args.measures}
    print(table(results))


if __name__ == "__main__":
    main()
