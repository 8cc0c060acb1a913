"""The singlehtml output reshaped for print: cover, contents, need objects as plain markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import html as lxml_html
from lxml.html import HtmlElement, builder

from stratdoc.core.edition import Edition, german_date
from stratdoc.editions.pdf.hyphenation import HYPHENATE

# need IDs and the like (HF_INTERNATIONAL): in print they break only after an underscore
_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
# where words of a cell may break, for the column widths: spaces, and after "_" in IDs
_BREAKS = re.compile(r"\s+|(?<=_)")
ZWSP = "\u200b"
# a piece of an ID between breaks, and the text width in average characters (8 pt DejaVu
# Serif Condensed of print.css tables, 166 mm): capitals are up to 1.6 characters wide
_ID_PIECE = re.compile(r"[A-Z0-9]+_?")
_LINE = 120
_CAPITAL = 1.6
_DENSE = 7 / 8  # table.dense in print.css
_LANDSCAPE = 255 / 166  # text width of @page wide over that of @page main


def _width(piece: str) -> float:
    return len(piece) * _CAPITAL


# elements whose text stays as it is
_VERBATIM = {"pre", "code", "kbd", "script", "style", "title"}

# Sphinx 9's singlehtml writes "#document-<doc>#<id>"; WeasyPrint only resolves "#<id>".
_DOC_ANCHOR = re.compile(r"^#document-[^#]+#(?P<id>.+)$")


@dataclass(frozen=True)
class Cover:
    """What the title page says besides the edition."""

    title: str
    short_title: str
    subtitle: str
    funding: str
    licence: str
    author: str


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _classes(el: HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def _document_of(el: HtmlElement) -> str:
    """The source document an element came from: singlehtml marks each with a span before it."""
    for ancestor in el.iterancestors("section"):
        marker = ancestor.getprevious()
        if marker is not None and (marker.get("id") or "").startswith("document-"):
            return marker.get("id")[len("document-") :]
    return ""


def _local_id(doc: str, anchor: str) -> str:
    return f"{doc.replace('/', '-')}--{anchor}"


def _rewrite_links(root: HtmlElement) -> None:
    """One PDF needs unique anchors: section slugs repeat across documents, so qualify those."""
    seen: dict[str, int] = {}
    for el in root.iter():
        if anchor := el.get("id"):
            seen[anchor] = seen.get(anchor, 0) + 1
    repeated = {anchor for anchor, count in seen.items() if count > 1}
    for el in root.xpath(".//*[@id]"):
        if el.get("id") in repeated:
            el.set("id", _local_id(_document_of(el) or "index", el.get("id")))
    for a in root.iter("a"):
        href = a.get("href") or ""
        a.attrib.pop("title", None)
        if m := _DOC_ANCHOR.match(href):
            doc, anchor = href[len("#document-") :].split("#", 1)[0], m.group("id")
        elif href.startswith("#") and href[1:] in repeated:
            doc, anchor = _document_of(a) or "index", href[1:]
        else:
            continue
        a.set("href", "#" + (_local_id(doc, anchor) if anchor in repeated else anchor))


def _drop_chrome(root: HtmlElement) -> None:
    for el in root.xpath(".//a[contains(@class,'headerlink')] | .//script | .//button | .//style"):
        el.drop_tree()
    for el in root.xpath(".//div[contains(@class,'pst-scrollable-table-container')]"):
        el.drop_tag()


def _meta_pairs(meta: HtmlElement) -> list[tuple[str, HtmlElement | str]]:
    """Label/value pairs of a need's meta cell, fields first, then links."""
    pairs: list[tuple[str, HtmlElement | str]] = []
    for label in meta.xpath(".//span[@class='needs_label']"):
        name = _text(label).rstrip(":").strip()
        holder = label.getparent()
        label.drop_tree()
        # a field whose values are links (:abgestimmt_mit:) keeps them
        pairs.append((name, holder if holder.xpath(".//a[@href]") else _text(holder)))
    for strong in meta.xpath(".//div[@class='line']/strong"):
        name = _text(strong).rstrip(":").strip()
        links = strong.getnext()
        if links is None:
            continue
        pairs.append((name[:1].upper() + name[1:], links))
    return pairs


def _fill(dd: HtmlElement, links: HtmlElement) -> None:
    """Move the links into *dd* without sphinx-needs' span around a span around them:
    every element is a box WeasyPrint lays out and keeps (a tenth of a large strategy's)."""
    while links.tag == "span" and len(links) == 1 and links[0].tag == "span":
        if (links.text or "").strip():
            break
        links = links[0]
    if links.tag != "span":
        dd.append(links)
        return
    dd.text = links.text
    dd.extend(list(links))


def _need_markup(table: HtmlElement) -> HtmlElement:
    """A need table as section + description list: a table without header cells fails PDF/UA."""
    kind = next((c[11:] for c in _classes(table) if c.startswith("needs_type_")), "need")
    need_id = table.get("id", "")
    type_name = table.xpath(".//span[@class='needs_type_name']")
    title = table.xpath(".//span[@class='needs_title']")
    section = builder.SECTION(
        {"class": f"need need-{kind}", "id": need_id},
        builder.P(
            {"class": "need-head"},
            builder.SPAN({"class": "need-type"}, _text(type_name[0]) if type_name else ""),
            " ",
            builder.SPAN({"class": "need-id"}, need_id),
            builder.BR(),
            builder.STRONG({"class": "need-title"}, _text(title[0]) if title else ""),
        ),
    )
    meta = table.xpath(".//td[contains(@class,'meta')]")
    pairs = _meta_pairs(meta[0]) if meta else []
    if pairs:
        # one div per label and value (HTML allows them in a dl): print keeps them together
        dl = builder.DL({"class": "need-meta"})
        for name, value in pairs:
            dd = builder.DD()
            if isinstance(value, str):
                dd.text = value
            else:
                _fill(dd, value)
            dl.append(builder.DIV({"class": "need-field"}, builder.DT(name), dd))
        section.append(dl)
    content = table.xpath(".//td[contains(@class,'content')]")
    if content and (len(content[0]) or (content[0].text or "").strip()):
        body = builder.DIV({"class": "need-body"})
        body.text = content[0].text
        body.extend(list(content[0]))
        section.append(body)
    return section


def _convert_needs(root: HtmlElement) -> None:
    for table in root.xpath(".//table[contains(concat(' ',@class,' '),' need ')]"):
        container = table.getparent()
        target = container if "need_container" in _classes(container) else table
        target.getparent().replace(target, _need_markup(table))


def _column_widths(table: HtmlElement) -> None:
    """Fixed column widths from the content: IDs get room to stand unbroken, prose wraps.

    Fixed table layout never runs past the page; left to equal columns it squeezes IDs.
    """
    if table.xpath("./colgroup") and "NEEDS_TABLE" not in _classes(table):
        return  # widths the author set in the source stay
    rows = [row.xpath("./th | ./td") for row in table.iter("tr")]
    columns = max((len(cells) for cells in rows), default=0)
    if columns < 2 or any(len(cells) != columns for cells in rows):
        return
    weights, minimums = [], []
    for col in range(columns):
        texts = [_text(cells[col]) for cells in rows]
        words = [w.strip(";,.()") for t in texts for w in _BREAKS.split(t)] or ["x"]
        longest_word = max(len(w) for w in words)
        average = sum(len(t) for t in texts) / len(texts)
        # +3: cell padding, worth about three characters
        weights.append(max(min(longest_word, 30), min(average, 60) * 0.6) + 3)
        # the widest piece of an ID (it breaks after "_" only) must fit the column, and
        # prose keeps room for a word of up to 14 characters
        pieces = [_width(w) for w in words if _ID_PIECE.fullmatch(w)]
        minimums.append((max(pieces) if pieces else min(longest_word, 14)) + 3)
    total = sum(weights)
    shares = [100 * w / total for w in weights]
    needed = [100 * m / _LINE for m in minimums]
    if sum(needed) >= 100 and sum(needed) * _DENSE < 100:
        # 7 pt instead of 8 pt, so that every piece of every ID fits its column
        table.set("class", " ".join(sorted(_classes(table) | {"dense"})))
        needed = [n * _DENSE for n in needed]
    elif sum(needed) >= 100 and sum(needed) / _LANDSCAPE < 100:
        # on a landscape page of its own (print.css: table.wide)
        # with its section, so that the heading goes to the landscape page too
        wide = next(table.iterancestors("section"), table)
        wide.set("class", " ".join(sorted(_classes(wide) | {"wide"})))
        needed = [n / _LANDSCAPE for n in needed]
    if sum(needed) < 100 and any(s < n for s, n in zip(shares, needed, strict=True)):
        # every ID column its minimum, the rest of the width by weight
        rest = 100 - sum(needed)
        shares = [n + rest * w / total for n, w in zip(needed, weights, strict=True)]
    for old in table.xpath("./colgroup"):
        old.drop_tree()
    group = builder.E.colgroup(*[builder.E.col(style=f"width: {share:.1f}%") for share in shares])
    table.insert(0, group)


def _with_breaks(text: str) -> str:
    return _ID.sub(lambda m: m.group().replace("_", "_" + ZWSP), text)


def _break_ids(root: HtmlElement) -> None:
    """IDs in the text may break after "_" (a zero-width space, which never reaches the
    text layer) and nowhere else. No element for it: WeasyPrint gives every element
    inside a link an annotation of its own."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        verbatim_around = any(a.tag in _VERBATIM for a in el.iterancestors())
        if el.text and el.tag not in _VERBATIM and not verbatim_around:
            el.text = _with_breaks(el.text)
        if el.tail and not verbatim_around:
            el.tail = _with_breaks(el.tail)


def _keep_hyphenate_character(root: HtmlElement) -> None:
    """U+2010 is print.css's hyphenate-character, which render.py turns into a soft hyphen
    in the text layer: a U+2010 of the text itself becomes "-", which looks the same."""
    for el in root.iter():
        if el.text and HYPHENATE in el.text:
            el.text = el.text.replace(HYPHENATE, "-")
        if el.tail and HYPHENATE in el.tail:
            el.tail = el.tail.replace(HYPHENATE, "-")


def _contents(main: HtmlElement) -> HtmlElement:
    """Contents with page numbers for chapters (h2) and their sections (h3)."""
    items = builder.OL({"class": "toc-list"})
    for heading in main.xpath(".//h2 | .//h3"):
        section = heading.getparent()
        anchor = section.get("id") if section.tag == "section" else None
        if not anchor:
            continue
        items.append(
            builder.LI(
                {"class": f"toc-{heading.tag}"},
                builder.A({"href": f"#{anchor}"}, _text(heading)),
            )
        )
    return builder.NAV(
        {"class": "toc", "aria-label": "Inhaltsverzeichnis"},
        builder.P({"class": "toc-title"}, "Inhalt"),
        items,
    )


def _cover(cover: Cover, edition: Edition) -> HtmlElement:
    facts = builder.DL({"class": "cover-facts"})
    if edition.is_draft:
        # a draft's status is its Fassung: "Entwurf" once
        rows = [("Fassung", "Entwurf"), ("Stand", german_date(edition.date))]
        if edition.commit:
            rows.append(("Commit", edition.commit))
    else:
        rows = [
            ("Fassung", edition.version),
            ("Status", "beschlossen"),
            ("Beschlossen am", german_date(edition.date)),
        ]
    for name, value in rows:
        facts.extend([builder.DT(name), builder.DD(value)])
    return builder.SECTION(
        {"class": "cover"},
        builder.P({"class": "cover-org"}, cover.author),
        builder.H1({"class": "cover-title"}, cover.title),
        builder.P({"class": "cover-subtitle"}, cover.subtitle),
        facts,
        builder.P({"class": "cover-funding"}, cover.funding),
        builder.P({"class": "cover-licence"}, cover.licence),
    )


def _page_style(cover: Cover) -> str:
    """The running header's document title, quoted for a CSS string."""
    quoted = cover.short_title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'@page main {{ @top-left {{ content: "{quoted}"; }} }}'
        f'@page wide {{ @top-left {{ content: "{quoted}"; }} }}'
    )


def print_html(singlehtml: Path, cover: Cover, edition: Edition) -> str:
    """The print document for WeasyPrint, built from Sphinx's singlehtml index.html."""
    source = lxml_html.parse(str(singlehtml)).getroot()
    articles = source.xpath("//article[contains(@class,'bd-article')]") or source.xpath("//body")
    article = articles[0]
    _drop_chrome(article)
    _rewrite_links(article)
    _convert_needs(article)
    for table in article.iter("table"):
        _column_widths(table)
    _break_ids(article)
    # The root document's own title becomes the cover's, as the HTML edition shows it;
    # its text opens the main part.
    first_h1 = article.find(".//h1")
    if first_h1 is not None:
        cover = replace(cover, title=_text(first_h1) or cover.title)
        first_h1.drop_tree()
    main = builder.MAIN({"class": "body"})
    main.text = article.text
    main.extend(list(article))
    date = f"{edition.date}T00:00:00Z"
    head = builder.HEAD(
        builder.META(charset="utf-8"),
        builder.TITLE(cover.title),
        builder.META(name="author", content=cover.author),
        builder.META(name="dcterms.created", content=date),
        builder.META(name="dcterms.modified", content=date),
        builder.STYLE(_page_style(cover)),
    )
    doc = builder.HTML(
        {"lang": "de"},
        head,
        builder.BODY(_cover(cover, edition), _contents(main), main),
    )
    _keep_hyphenate_character(doc)
    return lxml_html.tostring(doc, doctype="<!DOCTYPE html>", encoding="unicode")
