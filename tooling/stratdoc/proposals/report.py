"""A review as German text for the terminal and as Markdown for a forge comment or job summary."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from stratdoc.core.findings import ERROR, Finding, render, summary
from stratdoc.core.needs_data import source_path
from stratdoc.history import diff, prose, synopsis, worddiff
from stratdoc.history.diff import NeedChange
from stratdoc.proposals.review import Review

_ORDER = (diff.ADDED, diff.CHANGED, diff.RETIRED, diff.REMOVED)


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _groups(review: Review) -> Iterator[tuple[str, list[NeedChange]]]:
    """Changes by kind in reading order; kinds diff.py adds later come after the known ones."""
    kinds = list(_ORDER) + sorted({c.kind for c in review.changes} - set(_ORDER))
    for kind in kinds:
        if items := [c for c in review.changes if c.kind == kind]:
            yield kind, items


def _label(kind: str) -> str:
    return diff.GERMAN.get(kind, kind).capitalize()


def _path(review: Review, change: NeedChange) -> str:
    needs = review.report.needs
    if change.kind != diff.REMOVED and needs and change.need in needs.needs:
        return source_path(needs.needs[change.need])
    return _doc(change.old_doc)


def _doc(docname: str) -> str:
    return source_path({"docname": docname})


def _verdict(review: Review) -> tuple[bool, str]:
    counts = summary(review.report.findings)
    words = f"{counts['errors']} Fehler, {counts['warnings']} Warnung(en)"
    return review.report.ok, words


def _partners(review: Review) -> str:
    names = [f"{p} ({title})" if title else p for p, title in review.partners]
    if review.unattributed:
        names.append(f"nicht zugeordnet: {', '.join(review.unattributed)}")
    return ", ".join(names) or "keine Organisation genannt (kein Trailer Eingebracht-von)"


def _files(review: Review) -> list[str]:
    return [f"{path} (+{added} −{deleted})" for path, added, deleted in review.files]


def as_text(review: Review) -> str:
    lines = [
        f"Vorschlag {review.rev} gegenüber {review.base} "
        f"(Basis {review.merge_base[:7]}, {review.commits} Commit(s))",
        f"Eingebracht von: {_partners(review)}",
        "",
    ]
    if not review.changes:
        lines.append("Keine Änderungen an Objekten.")
    for kind, items in _groups(review):
        for c in items:
            type_title = review.model.type_title(c.type)
            lines.append(f"{_label(kind)}: {c.need} {type_title} „{c.title}“ ({_path(review, c)})")
            for name, (old, new) in c.fields.items():
                lines.append(f"    {review.model.label(name)}: {_value(old)} → {_value(new)}")
            if kind in (diff.ADDED, diff.REMOVED):
                continue
            if c.old_doc != c.new_doc:
                lines.append(f"    Dokument: {_doc(c.old_doc)} → {_doc(c.new_doc)}")
            lines.extend(_text_lines(c))
    for p in review.prose:
        lines.append(f"Text {prose.GERMAN[p.kind]}: {_where(p)}")
        lines.append(f"    {worddiff.marked(p.old, p.new)}")
    lines.append("")
    lines.append("Dateien: " + ("; ".join(_files(review)) or "keine"))
    if review.outside:
        outside = ", ".join(review.outside)
        lines.append(f"Achtung: ändert Dateien außerhalb von strategy/: {outside}")
    if review.report.findings:
        lines.append(render(review.report.findings, "text"))
    ok, words = _verdict(review)
    lines.append(f"Prüfung: {'bestanden' if ok else 'nicht bestanden'} ({words})")
    return "\n".join(lines)


def _where(p: prose.ProseChange) -> str:
    document = _doc(p.document)
    return f"{document} › {p.section}" if p.section else document


def _text_lines(change: NeedChange) -> list[str]:
    if not change.text_changed:
        return []
    out = ["    Text:"]
    out += [f"      − {line}" for line in change.old_text.strip().splitlines()]
    out += [f"      + {line}" for line in change.new_text.strip().splitlines()]
    return out


def _escaped(text: str) -> str:
    """Partner text as text: a forge renders HTML inside Markdown, so markup is escaped."""
    return html.escape(text, quote=False).replace("|", "\\|")


def _cell(text: str) -> str:
    return _escaped(text.strip()).replace("\n", "<br>")


def _finding_item(finding: Finding) -> str:
    where = finding.path + (f":{finding.line}" if finding.line else "")
    mark = "Fehler" if finding.severity == ERROR else "Warnung"
    return f"- `{where}` {mark} [{finding.code}] {_cell(finding.message)}"


def as_markdown(review: Review) -> str:
    ok, words = _verdict(review)
    verdict = "✅ **Prüfung bestanden**" if ok else "❌ **Prüfung nicht bestanden**"
    out = [
        f"### Vorschlag `{review.rev}` gegenüber `{review.base}`",
        "",
        f"{verdict}: {words}",
        "",
        f"**Eingebracht von:** {_cell(_partners(review))} · **Commits:** {review.commits} · "
        f"**Basis:** `{review.merge_base[:7]}`",
    ]
    if not review.changes:
        out += ["", "Keine Änderungen an Objekten."]
    for kind, items in _groups(review):
        out += ["", f"#### {_label(kind)} ({len(items)})", ""]
        if kind in (diff.ADDED, diff.REMOVED):
            out += ["| ID | Art | Titel | Datei |", "|---|---|---|---|"]
            out += [
                f"| `{c.need}` | {review.model.type_title(c.type)} | {_cell(c.title)} "
                f"| {_path(review, c)} |"
                for c in items
            ]
        else:
            out += _changed_table(review, items)
    if review.prose:
        out += ["", f"#### Geänderter Text außerhalb der Objekte ({len(review.prose)})", ""]
        out += [
            f"- {prose.GERMAN[p.kind]}, {_cell(_where(p))}: {_marked_html(p.old, p.new)}"
            for p in review.prose
        ]
    if review.files:
        out += ["", "#### Geänderte Dateien", ""]
        out += [f"- `{path}` (+{added} −{deleted})" for path, added, deleted in review.files]
    if review.outside:
        out += [
            "",
            "⚠️ **Achtung:** ändert Dateien außerhalb von `strategy/`: "
            + ", ".join(f"`{p}`" for p in review.outside),
        ]
    if review.report.findings:
        out += ["", "#### Befunde der Prüfung", ""]
        out += [_finding_item(f) for f in sorted(review.report.findings)]
    return "\n".join(out) + "\n"


def _marked_html(old: str, new: str) -> str:
    """The Synopse's marking (escaped, <del>/<ins>) on one line, as a list item needs it."""
    return synopsis.marked(" ".join(old.split()), " ".join(new.split())).replace("|", "\\|")


def _changed_table(review: Review, items: list[NeedChange]) -> list[str]:
    rows = ["| ID | Titel | Feld | bisher | neu |", "|---|---|---|---|---|"]
    texts: list[str] = []
    for c in items:
        for name, (old, new) in c.fields.items():
            rows.append(
                f"| `{c.need}` | {_cell(c.title)} | {review.model.label(name)} "
                f"| {_cell(_value(old))} | {_cell(_value(new))} |"
            )
        if c.text_changed:
            rows.append(f"| `{c.need}` | {_cell(c.title)} | Text | siehe unten | |")
            texts += [
                "",
                f"<details><summary>Text von <code>{c.need}</code></summary>",
                "",
                "bisher:",
                "",
                *[f"> {_escaped(line)}" for line in c.old_text.strip().splitlines() or ["—"]],
                "",
                "neu:",
                "",
                *[f"> {_escaped(line)}" for line in c.new_text.strip().splitlines() or ["—"]],
                "",
                "</details>",
            ]
        if c.old_doc != c.new_doc:
            old, new = _doc(c.old_doc), _doc(c.new_doc)
            rows.append(f"| `{c.need}` | {_cell(c.title)} | Dokument | {old} | {new} |")
    return rows + texts
