"""A review as text for the terminal and as Markdown for a forge comment or job summary."""

from __future__ import annotations

import html
from collections.abc import Iterator

from stratdoc.core.findings import ERROR, Finding, counted, render
from stratdoc.core.i18n import _
from stratdoc.core.needs_data import source_path
from stratdoc.history import diff, prose, synopsis, worddiff
from stratdoc.history.diff import NeedChange
from stratdoc.proposals.review import Review

_ORDER = (diff.ADDED, diff.CHANGED, diff.RETIRED, diff.REMOVED)


def _groups(review: Review) -> Iterator[tuple[str, list[NeedChange]]]:
    """Changes by kind in reading order; kinds diff.py adds later come after the known ones."""
    kinds = list(_ORDER) + sorted({c.kind for c in review.changes} - set(_ORDER))
    for kind in kinds:
        if items := [c for c in review.changes if c.kind == kind]:
            yield kind, items


def change_label(kind: str) -> str:
    """A need change's kind in words (a kind diff.py adds later as itself)."""
    labels = {
        diff.ADDED: _("new"),
        diff.CHANGED: _("modified"),
        diff.RETIRED: _("retired"),
        diff.REMOVED: _("removed"),
        diff.MOVED: _("moved"),
    }
    return labels.get(kind, kind)


def prose_label(kind: str) -> str:
    """A change of running text in words."""
    labels = {prose.ADDED: _("new"), prose.CHANGED: _("modified"), prose.REMOVED: _("struck out")}
    return labels.get(kind, kind)


def _label(kind: str) -> str:
    return change_label(kind).capitalize()


def _path(review: Review, change: NeedChange) -> str:
    needs = review.report.needs
    if change.kind != diff.REMOVED and needs and change.need in needs.needs:
        return source_path(needs.needs[change.need])
    return _doc(change.old_doc)


def _doc(docname: str) -> str:
    return source_path({"docname": docname})


def _verdict(review: Review) -> tuple[bool, str]:
    return review.report.ok, counted(review.report.findings)


def _partners(review: Review) -> str:
    names = [f"{p} ({title})" if title else p for p, title in review.partners]
    if review.unattributed:
        names.append(_("not attributed: {authors}").format(authors=", ".join(review.unattributed)))
    return ", ".join(names) or _("no organisation named (no Eingebracht-von trailer)")


def _files(review: Review) -> list[str]:
    return [f"{path} (+{added} −{deleted})" for path, added, deleted in review.files]


def as_text(review: Review) -> str:
    lines = [
        _("Proposal {rev} against {base} (base {commit}, {count} commit(s))").format(
            rev=review.rev, base=review.base, commit=review.merge_base[:7], count=review.commits
        ),
        _("Contributed by: {partners}").format(partners=_partners(review)),
        "",
    ]
    if not review.changes:
        lines.append(_("No changes to objects."))
    for kind, items in _groups(review):
        for c in items:
            type_title = review.model.type_title(c.type)
            lines.append(f"{_label(kind)}: {c.need} {type_title} „{c.title}“ ({_path(review, c)})")
            for name, (old, new) in c.fields.items():
                lines.append(
                    f"    {review.model.label(name)}: {diff.shown(old)} → {diff.shown(new)}"
                )
            if kind in (diff.ADDED, diff.REMOVED):
                continue
            if c.old_doc != c.new_doc:
                moved = _("Document: {old} → {new}").format(
                    old=_doc(c.old_doc), new=_doc(c.new_doc)
                )
                lines.append(f"    {moved}")
            lines.extend(_text_lines(c))
    for p in review.prose:
        lines.append(_("Text {kind}: {where}").format(kind=prose_label(p.kind), where=_where(p)))
        lines.append(f"    {worddiff.marked(p.old, p.new)}")
    lines.append("")
    files = "; ".join(_files(review))
    lines.append(_("Files: {files}").format(files=files) if files else _("Files: none"))
    if review.outside:
        outside = ", ".join(review.outside)
        lines.append(_("Caution: changes files outside strategy/: {files}").format(files=outside))
    if review.report.findings:
        lines.append(render(review.report.findings, "text"))
    ok, words = _verdict(review)
    verdict = _("Check: passed ({summary})") if ok else _("Check: failed ({summary})")
    lines.append(verdict.format(summary=words))
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
    mark = _("Error") if finding.severity == ERROR else _("Warning")
    return f"- `{where}` {mark} [{finding.code}] {_cell(finding.message)}"


def as_markdown(review: Review) -> str:
    ok, words = _verdict(review)
    verdict = "✅ **" + _("Check passed") + "**" if ok else "❌ **" + _("Check failed") + "**"
    title = _("Proposal {rev} against {base}").format(
        rev=f"`{review.rev}`", base=f"`{review.base}`"
    )
    out = [
        f"### {title}",
        "",
        f"{verdict}: {words}",
        "",
        _("**Contributed by:** {partners} · **Commits:** {count} · **Base:** {commit}").format(
            partners=_cell(_partners(review)),
            count=review.commits,
            commit=f"`{review.merge_base[:7]}`",
        ),
    ]
    if not review.changes:
        out += ["", _("No changes to objects.")]
    for kind, items in _groups(review):
        out += ["", f"#### {_label(kind)} ({len(items)})", ""]
        if kind in (diff.ADDED, diff.REMOVED):
            out += [_("| ID | Type | Title | File |"), "|---|---|---|---|"]
            out += [
                f"| `{c.need}` | {review.model.type_title(c.type)} | {_cell(c.title)} "
                f"| {_path(review, c)} |"
                for c in items
            ]
        else:
            out += _changed_table(review, items)
    if review.prose:
        heading = _("Changed text outside the objects ({count})").format(count=len(review.prose))
        out += ["", f"#### {heading}", ""]
        out += [
            f"- {prose_label(p.kind)}, {_cell(_where(p))}: {_marked_html(p.old, p.new)}"
            for p in review.prose
        ]
    if review.files:
        out += ["", "#### " + _("Changed files"), ""]
        out += [f"- `{path}` (+{added} −{deleted})" for path, added, deleted in review.files]
    if review.outside:
        out += [
            "",
            "⚠️ "
            + _("**Caution:** changes files outside `strategy/`: {files}").format(
                files=", ".join(f"`{p}`" for p in review.outside)
            ),
        ]
    if review.report.findings:
        out += ["", "#### " + _("Findings of the check"), ""]
        out += [_finding_item(f) for f in sorted(review.report.findings)]
    return "\n".join(out) + "\n"


def _marked_html(old: str, new: str) -> str:
    """The Synopse's marking (escaped, <del>/<ins>) on one line, as a list item needs it."""
    return synopsis.marked(" ".join(old.split()), " ".join(new.split())).replace("|", "\\|")


def _changed_table(review: Review, items: list[NeedChange]) -> list[str]:
    rows = [_("| ID | Title | Field | before | after |"), "|---|---|---|---|---|"]
    texts: list[str] = []
    for c in items:
        for name, (old, new) in c.fields.items():
            rows.append(
                f"| `{c.need}` | {_cell(c.title)} | {review.model.label(name)} "
                f"| {_cell(diff.shown(old))} | {_cell(diff.shown(new))} |"
            )
        if c.text_changed:
            below = _("see below")
            rows.append(f"| `{c.need}` | {_cell(c.title)} | Text | {below} | |")
            summary_line = _("Text of {need}").format(need=f"<code>{c.need}</code>")
            texts += [
                "",
                f"<details><summary>{summary_line}</summary>",
                "",
                _("before:"),
                "",
                *[f"> {_escaped(line)}" for line in c.old_text.strip().splitlines() or ["—"]],
                "",
                _("after:"),
                "",
                *[f"> {_escaped(line)}" for line in c.new_text.strip().splitlines() or ["—"]],
                "",
                "</details>",
            ]
        if c.old_doc != c.new_doc:
            old, new = _doc(c.old_doc), _doc(c.new_doc)
            document = _("Document")
            rows.append(f"| `{c.need}` | {_cell(c.title)} | {document} | {old} | {new} |")
    return rows + texts
