"""The `umsetzungsbericht` directive: one part of the generated chapter, from the monitoring
data the edition build passes in (`-D stratdoc_monitoring=<file>`).

Without that data (a plain `sphinx-build`, `stratdoc check`) it says where the report
comes from instead of showing an empty one.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from stratdoc.core.i18n import _
from stratdoc.editions.synopse_directive import TRUSTED
from stratdoc.editions.umsetzungsbericht import PARTS, scrollable

logger = logging.getLogger(__name__)

NO_DATA = (
    "Der Umsetzungsbericht wird beim Bau der Ausgaben (stratdoc build, release, site) aus "
    "der Versionsgeschichte der Strategie erzeugt; dieser Bau hatte keine."
)


class Umsetzungsbericht(SphinxDirective):
    required_arguments = 1  # which part: vergleich, massnahmen, verteilung, indikatoren

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0]
        if part not in PARTS:
            choices = ", ".join(PARTS)
            logger.warning(
                _("umsetzungsbericht: unknown part {part}; use one of {choices}").format(
                    part=part, choices=choices
                ),
                location=self.get_location(),
            )
            return []
        source = self.config.stratdoc_monitoring
        if not source or not Path(source).is_file():
            return [nodes.paragraph("", NO_DATA)] if part == "vergleich" else []
        self.env.note_dependency(source)
        # Decimals, so a value keeps exactly the digits the strategy gives it
        data = json.loads(Path(source).read_text(encoding="utf-8"), parse_float=Decimal)
        node = nodes.raw("", scrollable(PARTS[part](data)), format="html")
        node[TRUSTED] = True
        return [node]
