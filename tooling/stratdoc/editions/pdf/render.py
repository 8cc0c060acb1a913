"""WeasyPrint as the PDF engine: tagged PDF/UA-1, reproducible bytes, its log as data."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _, ngettext
from stratdoc.editions.pdf.hyphenation import german_exceptions

ZWSP = "\u200b"
STYLESHEET = Path(__file__).parents[1] / "static" / "print.css"

# The libraries WeasyPrint 66-70 opens with cffi when imported, under the names it tries
# (weasyprint/text/ffi.py), and the Debian package of each. WeasyPrint itself only warns
# without HarfBuzz subset and then subsets the fonts with fontTools: another PDF, or a
# crash, depending on the fontTools of the day. So the PDF needs all of them.
LIBRARIES = (
    ("GObject", "libglib2.0-0", "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0",
     "libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll"),
    ("Pango", "libpango-1.0-0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
     "libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
    ("HarfBuzz", "libharfbuzz0b", "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
     "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
    ("HarfBuzz subset", "libharfbuzz-subset0", "libharfbuzz-subset-0", "harfbuzz-subset",
     "harfbuzz-subset-0.0", "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib",
     "libharfbuzz-subset-0.dll"),
    ("Fontconfig", "libfontconfig1", "libfontconfig-1", "fontconfig-1", "fontconfig",
     "libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"),
    ("PangoFT2", "libpangoft2-1.0-0", "libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0",
     "libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
)  # fmt: skip
# WeasyPrint subsets fonts with HarfBuzz from 4.1.0 on (hb_set_add_sorted_array)
HARFBUZZ_SUBSET_SINCE = (4, 1, 0)

# WeasyPrint's warnings that speak of the machine, not of the text: (start, Debian package)
MACHINE_WARNINGS = (("Using fontTools instead of HarfBuzz-Subset", "libharfbuzz-subset0"),)


def _missing(what: list[str], packages: list[str]) -> EnvironmentProblem:
    return EnvironmentProblem(
        ngettext(
            "the PDF needs {libraries}, which WeasyPrint cannot load here; install the "
            "Debian package {packages} (scripts/system-packages.sh editions --install does)",
            "the PDF needs {libraries}, which WeasyPrint cannot load here; install the "
            "Debian packages {packages} (scripts/system-packages.sh editions --install does)",
            len(packages),
        ).format(libraries=", ".join(what), packages=" ".join(packages))
    )


def _dlopen(ffi: object, files: list[str]) -> object | None:
    for file in files:
        try:
            return ffi.dlopen(file, ffi.RTLD_NOW)  # type: ignore[attr-defined]
        except OSError:
            continue
    return None


@functools.cache
def require_libraries() -> None:
    """Load every library the PDF needs as WeasyPrint does (cffi's dlopen, same names),
    before anything is rendered: a missing one is an EnvironmentProblem (exit 2) naming
    its Debian package, not a PDF that depends on what happens to be installed."""
    from cffi import FFI

    ffi = FFI()
    ffi.cdef("int hb_version_atleast (unsigned int major, unsigned int minor, unsigned int micro);")
    what, packages, harfbuzz = [], [], None
    for name, package, *files in LIBRARIES:
        library = _dlopen(ffi, files)
        if library is None:
            what.append(f"{name} ({next(f for f in files if '.so.' in f)})")
            packages.append(package)
        elif name == "HarfBuzz":
            harfbuzz = library
    if packages:
        raise _missing(what, packages)
    if not harfbuzz.hb_version_atleast(*HARFBUZZ_SUBSET_SINCE):  # type: ignore[union-attr]
        raise _missing([_("HarfBuzz 4.1.0 or newer")], ["libharfbuzz0b"])


def _machine_problem(messages: list[str]) -> EnvironmentProblem | None:
    for message in messages:
        for start, package in MACHINE_WARNINGS:
            if message.startswith(start):
                return EnvironmentProblem(
                    _("WeasyPrint: {warning}; install the Debian package {package}").format(
                        warning=message.split(".")[0], package=package
                    )
                )
    return None


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _add_language(pdf: object) -> None:
    """dc:language in the XMP metadata, from the catalogue's /Lang: WeasyPrint leaves it out."""
    from xml.sax.saxutils import escape

    catalog = pdf.catalog  # type: ignore[attr-defined]
    lang = getattr(catalog.get("Lang"), "string", "") or "de"
    stream = pdf.objects[int(catalog["Metadata"].split()[0])]  # type: ignore[attr-defined]
    language = (
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description></rdf:RDF>"
    ).encode()
    stream.stream = [chunk.replace(b"</rdf:RDF>", language, 1) for chunk in stream.stream]


def _soft_hyphens(pdf: object) -> int:
    """Let the hyphen of hyphenation extract as a soft hyphen (U+00AD), as ISO 32000-1
    14.8.2.2.3 asks of tagged PDF: copy and paste, text extraction and screen readers then
    join "Fort-" and "schreibung" instead of reading a hyphen the text does not have.

    The glyph stays the visible hyphen; only its entry in each font's ToUnicode map
    changes. Every DejaVu face has a glyph of its own for U+2010, apart from "-" and from
    U+00AD (which HarfBuzz draws as nothing); returns how many entries were changed."""
    import pydyf

    from stratdoc.editions.pdf.hyphenation import HYPHENATE, SOFT_HYPHEN

    hyphen = f"> <{HYPHENATE.encode('utf-16-be').hex()}>".encode()
    soft = f"> <{SOFT_HYPHEN.encode('utf-16-be').hex()}>".encode()
    changed = 0
    for obj in pdf.objects:  # type: ignore[attr-defined]
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font"):
            continue
        number = int(obj.get("ToUnicode", b"0").split()[0])
        cmap = pdf.objects[number] if number else None  # type: ignore[attr-defined]
        if isinstance(cmap, pydyf.Stream):
            for n, line in enumerate(cmap.stream):
                if line.endswith(hyphen):
                    cmap.stream[n] = line[: -len(hyphen)] + soft
                    changed += 1
    return changed


def _words(el: object) -> str:
    return " ".join(el.text_content().replace(ZWSP, "").split())  # type: ignore[attr-defined]


def link_descriptions(document: str) -> dict[str, str]:
    """What each link target is to be called in its annotation's /Contents, keyed as
    WeasyPrint names the target (the anchor without "#", or the URL): a need by its title
    and ID, anything else by the link's visible text, or the target's own text where
    links to it say different things."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(document)
    texts: dict[str, set[str]] = {}
    for a in root.iter("a"):
        href = a.get("href")
        if href and (text := _words(a)):
            texts.setdefault(href[1:] if href.startswith("#") else href, set()).add(text)
    by_id: dict[str, object] = {}  # one pass; the first element with an id, as XPath finds it
    for element in root.iter():
        if (key := element.get("id")) is not None:
            by_id.setdefault(key, element)
    descriptions = {}
    for target, seen in texts.items():
        element = by_id.get(target) if target and "/" not in target else None
        if element is not None and "need" in (element.get("class") or "").split():
            title = element.xpath(".//*[contains(@class,'need-title')]")
            name = _words(title[0]) if title else ""
            descriptions[target] = f"{name} ({target})" if name else target
        elif len(seen) == 1 or element is None:
            descriptions[target] = sorted(seen)[0]
        else:
            heading = element.xpath("./h1 | ./h2 | ./h3 | ./h4 | ./h5 | ./h6")
            descriptions[target] = _words(heading[0] if heading else element)[:200]
    return descriptions


def _finish(descriptions: dict[str, str], document: object, pdf: object) -> None:
    """Give every /TH a /Scope: WeasyPrint links cells by /Headers only, PDF/UA checkers
    (pdfua UA-15-003) look for the scope on the header cell itself. Describe every link
    annotation by what the link says (WeasyPrint writes the anchor name or the URL).
    The hyphen of hyphenation extracts as a soft hyphen.
    Label pages 1, 2, … as the footers count them (cover included), so a viewer's page
    box says the same."""
    import pydyf

    for obj in pdf.objects:  # type: ignore[attr-defined]
        if not isinstance(obj, pydyf.Dictionary):
            continue
        if obj.get("S") == "/TH" and "A" in obj:
            obj["A"].setdefault("Scope", "/Column")
        elif obj.get("Subtype") == "/Link" and isinstance(obj.get("Contents"), pydyf.String):
            target = obj["Contents"].string
            obj["Contents"] = pydyf.String(descriptions.get(target, target))
    _soft_hyphens(pdf)
    _add_language(pdf)
    pdf.catalog["PageLabels"] = pydyf.Dictionary(  # type: ignore[attr-defined]
        {"Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D"})])}
    )


def _reachable(struct_tree_root: object) -> set[tuple[int, int]]:
    """The structure elements (object number, generation) under StructTreeRoot's /K."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [struct_tree_root]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        if node.objgen != (0, 0):
            seen.add(node.objgen)
        kids = node.get("/K")
        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return seen


def mark_page_furniture(target: Path) -> int:
    """Make the running header and footer artifacts (PDF/UA-1 7.8); returns how many
    marked-content sequences became /Artifact.

    WeasyPrint 70 tags the page margin boxes like body text, but hangs their structure
    elements under a /NonStruct that no /K names: an MCID on the page whose element is
    not reachable from the StructTreeRoot. Exactly those become
    /Artifact <</Type /Pagination>> BDC and leave the ParentTree (a null slot), so the
    elements drop out of the file; body content is not touched. Saved with an identifier
    derived from the content, so equal input still gives equal bytes."""
    import pikepdf

    artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
    converted = 0
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None or "/ParentTree" not in tree:
            return 0
        reachable = _reachable(tree)
        parents = pikepdf.NumberTree(tree.ParentTree)
        for page in pdf.pages:
            key = int(page.obj.get("/StructParents", -1))
            if key not in parents:
                continue
            slots = parents[key]
            instructions = pikepdf.parse_content_stream(page)
            changed = False
            for n, (operands, operator) in enumerate(instructions):
                if str(operator) != "BDC" or not isinstance(operands[1], pikepdf.Dictionary):
                    continue
                mcid = operands[1].get("/MCID")
                if mcid is None or int(mcid) >= len(slots):
                    continue
                slot = slots[int(mcid)]
                if isinstance(slot, pikepdf.Dictionary) and slot.objgen not in reachable:
                    instructions[n] = pikepdf.ContentStreamInstruction(artifact, operator)
                    slots[int(mcid)] = None
                    changed = True
                    converted += 1
            if changed:
                page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        if converted:
            pdf.save(target, deterministic_id=True, compress_streams=True)
    return converted


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
    """Write *document* (HTML) as PDF/UA-1 to *target*; returns WeasyPrint's complaints
    about the document (a missing anchor, an image it cannot load).

    Images resolve against *base_url*. The file identifier is derived from the content
    (not random) and the dates come from the document, so equal input gives equal bytes.
    A missing library raises EnvironmentProblem, before rendering or, should WeasyPrint
    still fall back, after it.
    """
    require_libraries()
    try:
        from weasyprint import CSS, HTML
    except OSError as exc:  # WeasyPrint loads Pango with ctypes when imported
        raise EnvironmentProblem(
            _(
                "the PDF needs Pango, which WeasyPrint cannot load ({error}); install the "
                "Debian package libpango-1.0-0 (and libpangoft2-1.0-0)"
            ).format(error=exc)
        ) from exc

    _cache_page_references()
    target.parent.mkdir(parents=True, exist_ok=True)
    # German words break where hyphenation.txt says, not where pyphen's patterns would
    with _captured("weasyprint") as collector, german_exceptions():
        try:
            HTML(string=document, base_url=str(base_url) + "/").write_pdf(
                target,
                finisher=functools.partial(_finish, link_descriptions(document)),
                stylesheets=[CSS(filename=str(STYLESHEET))],
                pdf_variant="pdf/ua-1",
                pdf_identifier=True,
                uncompressed_pdf=False,
                presentational_hints=False,
            )
        except Exception as exc:  # e.g. fontTools crashing in the fallback it warned of
            if problem := _machine_problem(collector.messages):
                raise problem from exc
            raise
    if problem := _machine_problem(collector.messages):
        target.unlink(missing_ok=True)
        raise problem
    mark_page_furniture(target)
    return collector.messages
