"""`stratdoc site` when a release is added, against one plain edition build.

    python benchmarks/bench_site.py [--measures N] [--formats html,pdf]

A synthetic strategy (synth.py) in a temp Git repo gets five release tags (plain
`git tag`) and one more commit, the draft. The site is built once (six editions), then
the draft commit is tagged as the sixth release and the site built again: the cache
counters must show exactly one edition built, and its wall time is compared with one
plain edition build of the same tree (goal: <= 1.3x).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from stratdoc.core.edition import ADOPTED, Edition
from stratdoc.core.project import Project
from stratdoc.editions.build import FORMATS, build_editions
from stratdoc.editions.site.assemble import build_site
from synth import generate


def _git(cwd: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _next_commit(root: Path, n: int) -> None:
    """A small real change, as between two Fassungen."""
    page = sorted((root / "strategy").rglob("*.md"))[-1]
    with page.open("a", encoding="utf-8") as fh:
        fh.write(f"\nErgänzung zur Fortschreibung {n}.\n")
    _git(root, "commit", "-q", "-am", f"Fortschreibung {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=300)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        root = Path(tmp) / "repo"
        generate(root, args.measures)
        (root / ".gitignore").write_text("_build/\n", encoding="utf-8")
        _git(root, "init", "-q", "-b", "main")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "Fassung 1")
        for n in range(1, 6):
            if n > 1:
                _next_commit(root, n)
            _git(root, "tag", f"v1.{n}")
        _next_commit(root, 6)  # the draft, released below as the sixth Fassung
        project = Project(root)
        out = root / "_build" / "site"

        start = time.perf_counter()
        first = build_site(project, out, formats=formats).counters
        cold = time.perf_counter() - start

        _git(root, "tag", "v1.6")
        start = time.perf_counter()
        second = build_site(project, out, formats=formats).counters
        incremental = time.perf_counter() - start

        edition = Edition("1.6", ADOPTED, "2026-01-01", "bench")
        start = time.perf_counter()
        build_editions(project, Path(tmp) / "plain", edition, formats)
        plain = time.perf_counter() - start

    print(f"synthetic strategy: {args.measures} measures, formats {','.join(formats)}")
    print("| build | editions built | reused | seconds |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| site, 5 releases + draft, cold | {first.built} | {first.reused} | {cold:.1f} |")
    print(f"| site after a 6th tag | {second.built} | {second.reused} | {incremental:.1f} |")
    print(f"| one plain edition build | 1 | 0 | {plain:.1f} |")
    print(f"incremental site / plain edition: {incremental / plain:.2f}x (goal <= 1.3x)")
    if second.built != 1:
        raise SystemExit(f"expected exactly 1 edition built after the 6th tag, got {second.built}")


if __name__ == "__main__":
    main()
