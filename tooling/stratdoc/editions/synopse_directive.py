"""The `synopse-tabelle` directive: the one raw HTML that reaches a page, because stratdoc wrote it.

`synopsis.add_annex` writes the escaped Synopse table next to the annex page of an exported
copy; `check` refuses this directive in partner text like any `{raw}` block.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from stratdoc.core.i18n import _

logger = logging.getLogger(__name__)

TRUSTED = "stratdoc_trusted"


class SynopseTabelle(SphinxDirective):
    required_arguments = 1  # the HTML file, relative to the page

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.doc2path(self.env.docname)).parent / self.arguments[0]
        if not path.is_file():
            logger.warning(
                _("synopse-tabelle: no file {name}").format(name=path.name),
                location=self.get_location(),
            )
            return []
        self.env.note_dependency(str(path))
        node = nodes.raw("", path.read_text(encoding="utf-8"), format="html")
        node[TRUSTED] = True
        return [node]
