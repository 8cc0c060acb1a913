"""WeasyPrint as the PDF engine: tagged PDF/UA-1, reproducible bytes, its log as data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STYLESHEET = Path(__file__).parent / "static" / "print.css"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _scope_header_cells(document: object, pdf: object) -> None:
    """Give every /TH a /Scope: WeasyPrint links cells by /Headers only, PDF/UA checkers
    (pdfua UA-15-003) look for the scope on the header cell itself."""
    import pydyf

    for obj in pdf.objects:  # type: ignore[attr-defined]
        if isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/TH" and "A" in obj:
            obj["A"].setdefault("Scope", "/Column")


@contextmanager
def _captured(name: str) -> Iterator[_Collector]:
    """WeasyPrint's warnings and errors ("No anchor", unsupported CSS) without printing them."""
    logger = logging.getLogger(name)
    collector = _Collector()
    old_propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate


def render_pdf(document: str, base_url: Path, target: Path) -> list[str]:
    """Write *document* (HTML) as PDF/UA-1 to *target*; returns WeasyPrint's complaints.

    Images resolve against *base_url*. The file identifier is derived from the content
    (not random) and the dates come from the document, so equal input gives equal bytes.
    """
    from weasyprint import CSS, HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    with _captured("weasyprint") as collector:
        HTML(string=document, base_url=str(base_url) + "/").write_pdf(
            target,
            finisher=_scope_header_cells,
            stylesheets=[CSS(filename=str(STYLESHEET))],
            pdf_variant="pdf/ua-1",
            pdf_identifier=True,
            uncompressed_pdf=False,
            presentational_hints=False,
        )
    return collector.messages
