"""WeasyPrint as the PDF engine: tagged PDF/UA-1, reproducible bytes, its log as data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stratdoc.core.errors import EnvironmentProblem

STYLESHEET = Path(__file__).parents[1] / "static" / "print.css"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _finish(document: object, pdf: object) -> None:
    """Give every /TH a /Scope: WeasyPrint links cells by /Headers only, PDF/UA checkers
    (pdfua UA-15-003) look for the scope on the header cell itself. Label pages 1, 2, …
    as the footers count them (cover included), so a viewer's page box says the same."""
    import pydyf

    for obj in pdf.objects:  # type: ignore[attr-defined]
        if isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/TH" and "A" in obj:
            obj["A"].setdefault("Scope", "/Column")
    pdf.catalog["PageLabels"] = pydyf.Dictionary(  # type: ignore[attr-defined]
        {"Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D"})])}
    )


def _page_references(pdf: object) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]  # type: ignore[attr-defined]
    cached = pdf.__dict__.get("_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{n} 0 R".encode("ascii") for n in kids[::3]))
        pdf.__dict__["_page_references"] = cached
    return cached[1]


def _cache_page_references() -> None:
    """pydyf rebuilds the tuple of all page references on every access, and WeasyPrint's
    tagging reads it once per structure element: quadratic in the page count (a fifth of
    the render time at 500 pages). Cache it until a page is added."""
    import pydyf

    pydyf.PDF.page_references = property(_page_references)  # type: ignore[assignment]


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
    try:
        from weasyprint import CSS, HTML
    except OSError as exc:  # WeasyPrint loads Pango with ctypes when imported
        raise EnvironmentProblem(
            f"the PDF needs Pango, which WeasyPrint cannot load ({exc}); install the "
            "Debian package libpango-1.0-0 (and libpangoft2-1.0-0)"
        ) from exc

    _cache_page_references()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _captured("weasyprint") as collector:
        HTML(string=document, base_url=str(base_url) + "/").write_pdf(
            target,
            finisher=_finish,
            stylesheets=[CSS(filename=str(STYLESHEET))],
            pdf_variant="pdf/ua-1",
            pdf_identifier=True,
            uncompressed_pdf=False,
            presentational_hints=False,
        )
    return collector.messages
