"""PDF edition vs Sphinx's LaTeX PDF on synthetic strategies: wall time and peak memory.

    python benchmarks/bench_pdf.py [--measures 200 1000]

Peak memory is the largest summed RSS of the whole process tree, sampled from /proc.
The LaTeX column stays empty unless latexmk is installed (this script installs nothing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import generate

BIN = Path(sys.executable).parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _tree_rss(root: int) -> int:
    tree, total, stack = _children(), 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(tree.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak tree RSS in bytes, exit code."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    return time.perf_counter() - started, peak, proc.returncode


def _row(measures: int, ours: tuple[float, int, int], latex: tuple[float, int, int] | None) -> str:
    t, m, rc = ours
    cells = [str(measures), f"{t:.1f}", f"{m / 2**20:.0f}" + ("" if rc == 0 else f" (exit {rc})")]
    if latex is None:
        cells += ["", "", "", ""]
    else:
        lt, lm, lrc = latex
        cells += [
            f"{lt:.1f}" + ("" if lrc == 0 else f" (exit {lrc})"),
            f"{lm / 2**20:.0f}",
            f"{t / lt:.2f}",
            f"{m / lm:.2f}",
        ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, nargs="+", default=[200, 1000])
    args = parser.parse_args()
    has_latex = shutil.which("latexmk") is not None
    print("| measures | PDF s | PDF MB | LaTeX s | LaTeX MB | time ratio | memory ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.measures:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
            project = generate(Path(tmp) / "p", n)
            ours = measure(
                [
                    str(BIN / "stratdoc"),
                    "-C",
                    str(project),
                    "build",
                    "pdf",
                    "--out",
                    str(Path(tmp) / "out"),
                ],
                project,
            )
            latex = None
            if has_latex:
                latex = measure(
                    [
                        str(BIN / "sphinx-build"),
                        "-M",
                        "latexpdf",
                        "strategy",
                        str(Path(tmp) / "latex"),
                        "-c",
                        ".",
                        "-q",
                    ],
                    project,
                )
            print(_row(n, ours, latex), flush=True)


if __name__ == "__main__":
    main()
