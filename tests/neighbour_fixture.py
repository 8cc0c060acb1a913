"""The demonstration neighbour shipped under governance/neighbours/ATLAS-1.0.json: the real
needs.json of tests/roots/test-neighbour-atlas, built with this repository's conf.py and data
model under the project name "ATLAS (Demonstrationsdaten)". It is no publication of ATLAS.

Regenerate it with `.venv/bin/python tests/neighbour_fixture.py`, then
`.venv/bin/stratdoc neighbours update ATLAS` is not needed: the pin is rewritten here too.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOT = Path(__file__).parent / "roots" / "test-neighbour-atlas"
SHORT = "ATLAS"
FASSUNG = "1.0"
PROJECT = """[project]
name = "ATLAS (Demonstrationsdaten)"
short_name = "atlas-demonstration"
nav_title = "ATLAS (Demonstrationsdaten)"
author = "TRAIBER.NRW (Demonstrationsdaten, keine Veröffentlichung von ATLAS)"
copyright = "2026 TRAIBER.NRW, CC BY 4.0"
"""


def project(dest: Path) -> Path:
    """The demonstration project in *dest*: this data model, no neighbours of its own."""
    from stratdoc.core import neighbours

    text = (REPO / "ubproject.toml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for start, end in reversed(neighbours.table_lines(text)):
        del lines[start - 1 : end - 1]
    text = re.sub(r"(?ms)^\[project\]\n.*?\n\n", PROJECT + "\n", "".join(lines), count=1)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "ubproject.toml").write_text(text, encoding="utf-8")
    shutil.copy2(REPO / "conf.py", dest / "conf.py")
    shutil.copytree(ROOT / "strategy", dest / "strategy")
    return dest


def build(dest: Path) -> bytes:
    """needs.json of the demonstration project as `stratdoc build html` publishes it."""
    from stratdoc.core.edition import draft
    from stratdoc.core.project import Project
    from stratdoc.core.sphinx_run import run_builder

    root = project(dest / "atlas")
    result = run_builder(Project(root), "html", dest / "html", draft(""))
    return result.needs_json.read_bytes()


if __name__ == "__main__":
    import tempfile

    from stratdoc.core import neighbours
    from stratdoc.federation.pin import set_pin

    with tempfile.TemporaryDirectory() as tmp:
        data = build(Path(tmp))
    out = REPO / neighbours.FOLDER / f"{SHORT}-{FASSUNG}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    config = REPO / "ubproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(set_pin(text, SHORT, FASSUNG, neighbours.digest(data)), encoding="utf-8")
    print(f"{out.relative_to(REPO)}: {neighbours.digest(data)}", file=sys.stderr)
