"""Versionshinweise: changes since the previous Fassung, who brought them in, the decision."""

from __future__ import annotations

from collections import Counter

from stratdoc.core.edition import german_date
from stratdoc.core.model import Model
from stratdoc.core.needs_data import NeedsFile
from stratdoc.governance.adoption import Adoption
from stratdoc.history import attribution, diff, prose
from stratdoc.history.diff import NeedChange

_KINDS = (diff.ADDED, diff.CHANGED, diff.MOVED, diff.RETIRED, diff.REMOVED)
_HEADINGS = {
    diff.ADDED: "Neu",
    diff.CHANGED: "Geändert",
    diff.MOVED: "Verschoben",
    diff.RETIRED: "Entfallen",
    diff.REMOVED: "Gestrichen",
}


_MAJORITY = {
    "simple": "einfache Mehrheit",
    "two_thirds": "Zweidrittelmehrheit",
    "unanimous": "Einstimmigkeit",
}


def _change(change: NeedChange, model: Model) -> str:
    line = f"- {model.type_title(change.type)} {change.need} „{change.title}“"
    details = [
        f"{model.label(n)}: {diff.shown(o)} → {diff.shown(v)}"
        for n, (o, v) in change.fields.items()
    ]
    if change.kind == diff.CHANGED and change.text_changed:
        details.append("Text überarbeitet")
    if change.kind == diff.MOVED:
        details.append(f"von {change.old_doc} nach {change.new_doc}")
    return line + (f" ({'; '.join(details)})" if details else "")


def _paragraphs(paragraphs: list[prose.ProseChange]) -> list[str]:
    """Where the running text changed, one line per section; the words are in the Synopse."""
    counts = Counter((p.document, p.section, p.kind) for p in paragraphs)
    if not counts:
        return []
    lines = ["### Fließtext", ""]
    for (document, section, kind), n in counts.items():
        where = f"{document}.md" + (f" › {section}" if section else "")
        lines.append(f"- {where}: {n} {'Absatz' if n == 1 else 'Absätze'} {prose.GERMAN[kind]}")
    return [*lines, "", "Die Änderungen im Wortlaut zeigt die Synopse im Anhang der Ausgabe.", ""]


def _changes(
    previous: str | None,
    changes: list[NeedChange],
    paragraphs: list[prose.ProseChange],
    new: NeedsFile,
    model: Model,
) -> list[str]:
    if previous is None:
        counts = Counter(n["type"] for n in new.needs.values())
        listed = ", ".join(f"{counts[t]} × {model.type_title(t)}" for t in sorted(counts))
        return ["## Erstfassung", "", f"Die erste beschlossene Fassung umfasst {listed}.", ""]
    lines = [f"## Änderungen gegenüber Fassung {previous}", ""]
    if not changes:
        lines += [
            "Keine Änderungen an Handlungsfeldern, Maßnahmen, Akteuren, Befunden oder Indikatoren.",
            "",
        ]
    for kind in _KINDS:
        if items := [c for c in changes if c.kind == kind]:
            lines += [f"### {_HEADINGS[kind]}", "", *(_change(c, model) for c in items), ""]
    return lines + _paragraphs(paragraphs)


def _credit(credit: attribution.Credit, title: dict[str, str]) -> str:
    """One line per organisation; an unclaimed author by name only (the notes are public)."""
    if credit.organisation:
        return f"- {title.get(credit.organisation) or credit.organisation} ({credit.organisation})"
    names = ", ".join(a.split(" <")[0] for a in credit.authors)
    return f"- {attribution.UNATTRIBUTED}: {names}"


def _decision(adoption: Adoption) -> str:
    """How the committee decided: procedure, tally and what the rule in force required."""
    call = adoption.call
    assert call is not None  # only an adopted Fassung gets release notes
    rule = adoption.force.governance.procedures[call.procedure]
    how = (
        f"In der Sitzung am {german_date(call.day)}"
        if call.procedure == "sitzung"
        else f"Im Umlaufverfahren (Frist: {german_date(call.day)})"
    )
    return (
        f"{how}: {adoption.tally.line()}; erforderlich: {rule.quorum} abgegebene Stimmen "
        f"und {_MAJORITY.get(rule.majority, rule.majority)}."
    )


def render(
    adoption: Adoption,
    previous: str | None,
    changes: list[NeedChange],
    paragraphs: list[prose.ProseChange],
    new: NeedsFile,
    model: Model,
    contributors: list[attribution.Credit],
) -> str:
    """The German release notes as Markdown."""
    gov = adoption.force.governance
    title = {i: n.get("title", "") for i, n in new.needs.items()}
    lines = [
        f"# Versionshinweise zur Fassung {adoption.version}",
        "",
        f"Beschlossen vom Steuerungsgremium am {german_date(adoption.date)}. "
        f"Inhalts-Fingerabdruck: `{adoption.fingerprint}`.",
        "",
        *_changes(previous, changes, paragraphs, new, model),
        "## Beteiligte Organisationen",
        "",
        *(
            [_credit(c, title) for c in contributors]
            or ["Keine Änderungen am Strategietext in diesem Zeitraum."]
        ),
        "",
        "## Beschluss",
        "",
        _decision(adoption),
        "",
        "| Mitglied | Organisation | Stimme |",
        "|---|---|---|",
        *(
            f"| {m} | {title.get(seat.organisation) or seat.organisation} | "
            + (adoption.counted[m].vote.capitalize() if m in adoption.counted else "keine Stimme")
            + " |"
            for m, seat in sorted(gov.members.items())
        ),
        "",
    ]
    return "\n".join(lines)
