"""The Synopse: bisherige Fassung | neue Fassung | Änderung, aligned by need ID and section.

Every piece of content is HTML-escaped here, once: need titles, fields and text are
partner input and may carry markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratdoc.core import snapshot
from stratdoc.core.model import Model, load_model
from stratdoc.core.project import Project
from stratdoc.history import diff, prose, worddiff
from stratdoc.history.diff import NeedChange
from stratdoc.history.prose import ProseChange

if TYPE_CHECKING:
    import git

CSS = Path(__file__).parents[1] / "editions" / "static" / "synopse.css"
ANNEX = "synopse"
PAGE_CSS = (
    "body{font-family:sans-serif;line-height:1.45;max-width:80em;margin:1em auto;padding:0 1em}"
)


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    needs: list[NeedChange]
    prose: list[ProseChange]
    model: Model


def compare(
    repo: git.Repo,
    old_rev: str,
    new_rev: str,
    old_label: str = "",
    new_label: str = "",
    cache: Path | None = None,
) -> Comparison:
    """Needs (built with Sphinx) and prose (from the sources) of two revisions, compared."""
    old_needs = snapshot.needs_at(repo, old_rev, cache)
    new_needs = snapshot.needs_at(repo, new_rev, cache)
    with snapshot.export(repo, old_rev) as old, snapshot.export(repo, new_rev) as new:
        model = load_model(new.config_file)
        paragraphs = prose.compare_trees(old.strategy_dir, new.strategy_dir)
    return Comparison(
        old_label or old_rev,
        new_label or new_rev,
        diff.compare(old_needs, new_needs, model),
        paragraphs,
        model,
    )


def _e(text: Any) -> str:
    return html.escape(str(text))


def marked(old: str, new: str) -> str:
    parts = []
    last = ""
    for op, text in worddiff.segments(old, new):
        if op == worddiff.DELETE:
            parts.append(f"<del>{_e(text)}</del>")
        elif op == worddiff.INSERT:
            # a space keeps a replaced word and its replacement apart
            parts.append(f"{' ' if last == worddiff.DELETE else ''}<ins>{_e(text)}</ins>")
        else:
            parts.append(_e(text))
        last = op
    return "".join(parts)


def _para(text: str) -> str:
    return f"<p>{_e(text)}</p>" if text.strip() else "<p>—</p>"


def _need_row(c: NeedChange, model: Model) -> str:
    label = diff.GERMAN.get(c.kind, c.kind)
    head = (
        f'<th scope="row"><span class="synopse-art synopse-{_e(c.kind)}">{_e(label)}</span> '
        f"{_e(model.type_title(c.type))} {_e(c.need)}<br>„{_e(c.title)}“</th>"
    )
    old_fields = "".join(
        f"<li>{_e(model.label(n))}: {_e(diff.shown(o))}</li>" for n, (o, _) in c.fields.items()
    )
    new_fields = "".join(
        f"<li>{_e(model.label(n))}: {_e(diff.shown(v))}</li>" for n, (_, v) in c.fields.items()
    )
    old = "<p>—</p>" if c.kind == diff.ADDED else _para(c.old_text) + _list(old_fields)
    new = "<p>—</p>" if c.kind == diff.REMOVED else _para(c.new_text) + _list(new_fields)
    changes = [
        f"<li>{_e(model.label(n))}: {marked(diff.shown(o), diff.shown(v))}</li>"
        for n, (o, v) in c.fields.items()
    ]
    if c.kind == diff.MOVED:
        changes.append(f"<li>verschoben von {_e(c.old_doc)} nach {_e(c.new_doc)}</li>")
    if c.kind == diff.ADDED:
        change = f"<p><ins>{_e(c.new_text.strip() or c.title)}</ins></p>"
    elif c.kind == diff.REMOVED:
        change = f"<p><del>{_e(c.old_text.strip() or c.title)}</del></p>"
    else:
        change = (
            f"<p>{marked(c.old_text.strip(), c.new_text.strip())}</p>" if c.text_changed else ""
        )
    return f"<tr>{head}<td>{old}</td><td>{new}</td><td>{change}{_list(''.join(changes))}</td></tr>"


def _list(items: str) -> str:
    return f"<ul>{items}</ul>" if items else ""


def _prose_row(p: ProseChange) -> str:
    label = prose.GERMAN[p.kind]
    head = (
        f'<th scope="row"><span class="synopse-art synopse-{_e(p.kind)}">{_e(label)}</span> '
        f"Text in {_e(p.document)}<br>{_e(p.section)}</th>"
    )
    old = _para(p.old) if p.old else "<p>—</p>"
    new = _para(p.new) if p.new else "<p>—</p>"
    return f"<tr>{head}<td>{old}</td><td>{new}</td><td><p>{marked(p.old, p.new)}</p></td></tr>"


LEGEND = (
    '<p class="synopse-legende"><strong>Lesehilfe:</strong> '
    "<del>gestrichener Text</del> ist rot hinterlegt und durchgestrichen, "
    "<ins>neuer Text</ins> grün hinterlegt und unterstrichen. Jede Zeile nennt ihre Art "
    "der Änderung als Wort: neu, geändert, verschoben, entfallen (Maßnahme bleibt mit "
    "Umsetzungsstand „entfallen“ erhalten), entfernt oder gestrichen.</p>"
)


def table(comparison: Comparison) -> str:
    """The Synopse as one accessible HTML table with legend; empty changes say so."""
    rows = [_need_row(c, comparison.model) for c in comparison.needs]
    rows += [_prose_row(p) for p in comparison.prose]
    caption = (
        f"Synopse: bisherige Fassung {_e(comparison.old_label)} und neue Fassung "
        f"{_e(comparison.new_label)}"
    )
    if not rows:
        return f"{LEGEND}<p>Keine Änderungen zwischen den Fassungen.</p>"
    return (
        f'{LEGEND}<table class="synopse"><caption>{caption}</caption>'
        '<colgroup><col class="synopse-was"><col><col><col></colgroup>'
        '<thead><tr><th scope="col">Gegenstand</th><th scope="col">Bisherige Fassung</th>'
        '<th scope="col">Neue Fassung</th><th scope="col">Änderung</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def page(comparison: Comparison) -> str:
    """A standalone German HTML page of the Synopse (`stratdoc diff --format html`)."""
    title = f"Synopse {_e(comparison.old_label)} → {_e(comparison.new_label)}"
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{PAGE_CSS}{CSS.read_text(encoding='utf-8')}</style>"
        "</head>"
        f"<body><main><h1>{title}</h1>{table(comparison)}</main></body></html>\n"
    )


def add_annex(
    project: Project,
    repo: git.Repo,
    old_rev: str,
    new_rev: str,
    old_label: str,
    new_label: str,
    cache: Path | None = None,
) -> Comparison:
    """Write the Synopse as an annex page into *project* (an exported copy, never a work
    tree) and list it in the root document's table of contents; return the comparison it
    shows (the release notes summarise the same). *cache*: see needs_at."""
    comparison = compare(repo, old_rev, new_rev, old_label, new_label, cache)
    (project.strategy_dir / f"{ANNEX}.html").write_text(table(comparison), encoding="utf-8")
    (project.strategy_dir / f"{ANNEX}.md").write_text(
        f"# Synopse zur Fassung {new_label}\n\n"
        f"Diese Synopse stellt die bisherige Fassung {old_label} und die neue Fassung "
        f"{new_label} gegenüber: jede geänderte Maßnahme, jedes Handlungsfeld und jeder "
        "geänderte Absatz in einer Zeile.\n\n"
        f"```{{synopse-tabelle}} {ANNEX}.html\n```\n",
        encoding="utf-8",
    )
    index = project.strategy_dir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").rstrip("\n")
        + f"\n\n```{{toctree}}\n:maxdepth: 1\n:caption: Anhang\n\n{ANNEX}\n```\n",
        encoding="utf-8",
    )
    return comparison
