"""`:abgestimmt_mit: ATLAS:MA_X` shown as a link to the neighbour's page, in both editions.

sphinx-needs lays the field out as one `needs_data` inline per value; each becomes a
link to <folder of the neighbour's needs.json>/<docname>.html#<ID>, its text the
neighbour's name and the need's title, read from the pinned copy under
governance/neighbours/ (so the build stays offline).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from stratdoc.core import neighbours
from stratdoc.core.needs_data import Need
from stratdoc.core.project import Project

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CLASS = "stratdoc-neighbour-link"


@cache
def _targets(confdir: str) -> dict[str, tuple[neighbours.Neighbour, dict[str, Need]]]:
    """Each pinned neighbour with the needs of its stored file (missing ones left out:
    `stratdoc check` reports them)."""
    project = Project(Path(confdir))
    found = {}
    for short, neighbour in neighbours.load(project).items():
        stored = neighbour.stored(project.root)
        if neighbour.pinned and stored.is_file():
            try:
                found[short] = (neighbour, neighbours.read_stored(stored))
            except ValueError:
                continue
    return found


def link_text(neighbour: neighbours.Neighbour, need: Need) -> str:
    text = f"{neighbour.name}: {need.get('title', need['id'])} ({need['id']})"
    status = need.get("status")
    return f"{text}, {status}" if status == "entfallen" else text


def link_neighbour_needs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    targets = _targets(str(app.confdir))
    if not targets:
        return
    for field in list(doctree.findall(nodes.inline)):
        if f"needs_{neighbours.FIELD}" not in field["classes"]:
            continue
        for value in list(field.findall(nodes.inline)):
            if "needs_data" not in value["classes"]:
                continue
            ref = neighbours.split_ref(value.astext())
            neighbour, needs = targets.get(ref[0], (None, {})) if ref else (None, {})
            need = needs.get(ref[1]) if ref else None
            if neighbour is None or need is None:
                continue
            link = nodes.reference(
                "", link_text(neighbour, need), refuri=neighbour.page_url(need), classes=[CLASS]
            )
            value.children.clear()
            value += link
