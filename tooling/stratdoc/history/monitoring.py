"""The Umsetzungsbericht's data: each measure's status per Fassung and every change to it,
each indicator's values, read from the Git history itself (no Sphinx per commit).

The first-parent line of the revision is walked once, oldest first; only the MyST files a
commit changed are read again (from their blobs, parsed like core/sources.py parses the
work tree), so a need is followed by its ID wherever it lives: moved to another file or
renamed with it, it keeps its history. A merge counts as one change against its first
parent, attributed to the merged branch's trailer when the merge has none.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratdoc.core import gitrepo, measurements
from stratdoc.core.edition import build_date
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.core.partners import PartnerMap
from stratdoc.core.sources import parse_text, source_files
from stratdoc.history import attribution

if TYPE_CHECKING:
    import git

DRAFT = "entwurf"
# the new value of a change row whose need left the strategy (a measure's status, an
# indicator's values): the Fassungen before keep it in their columns
REMOVED = "entfernt"
SRCDIR = "strategy"
MEASURE = "massnahme"
INDICATOR = "indikator"
FIELD = "handlungsfeld"
ACTOR = "akteur"
KINDS = (MEASURE, INDICATOR, FIELD, ACTOR)
# the fields whose changes the report follows, per need type
TRACKED = {MEASURE: ("status",), INDICATOR: ("basiswert", "zielwert", "messwerte")}
STATUSES = (
    "nicht begonnen",
    "in Planung",
    "in Umsetzung",
    "umgesetzt",
    "verstetigt",
    "zurückgestellt",
    "entfallen",
)


@dataclass(frozen=True)
class NeedState:
    id: str
    type: str
    title: str
    fields: dict[str, str]
    path: str
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Change:
    commit: str
    date: str
    field: str
    old: str | None
    new: str | None
    organisation: str
    attributed: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "organisation": self.organisation,
            "attributed": self.attributed,
        }


@dataclass(frozen=True)
class SeriesWarning:
    """A value in the history that today's check rejects: shown where it can be read,
    never dropped without this."""

    need: str
    path: str
    line: int
    commit: str | None  # None: the work tree's files
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "need": self.need,
            "path": self.path,
            "line": self.line,
            "commit": self.commit,
            "message": self.message,
        }

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.commit is None:
            return _("{where}: warning: {need} :messwerte: {message} (uncommitted)").format(
                where=where, need=self.need, message=self.message
            )
        return _("{where}: warning: {need} :messwerte: {message} (commit {commit})").format(
            where=where, need=self.need, message=self.message, commit=self.commit
        )


@dataclass
class Monitoring:
    revision: str
    fassungen: list[str]
    states: dict[str, dict[str, NeedState]]  # Fassung label -> need ID -> state
    changes: dict[str, list[Change]] = field(default_factory=dict)  # need ID -> oldest first
    from_files: bool = False  # the last column read from the work tree

    @property
    def current(self) -> dict[str, NeedState]:
        return self.states[self.fassungen[-1]]

    def of_type(self, kind: str) -> list[NeedState]:
        return [n for n in self.current.values() if n.type == kind]

    def ever(self, kind: str) -> list[NeedState]:
        """Every need of *kind* some column holds, as the latest column holding it shows it:
        a need removed later keeps its earlier columns."""
        found: dict[str, NeedState] = {}
        for label in self.fassungen:
            found.update({i: n for i, n in self.states[label].items() if n.type == kind})
        return list(found.values())

    def series(self, need: NeedState) -> tuple[measurements.Series, list[SeriesWarning]]:
        """An indicator's measured values as today's check reads them, and what it rejects."""
        base_year = measurements.year_in(need.fields.get("basiswert", ""))
        text = need.fields.get("messwerte", "")
        found, problems = measurements.parse(text, base_year, build_date().year)
        if not problems:
            return found, []
        commit = None
        if not self.from_files:
            changed = [c for c in self.changes.get(need.id, []) if c.field == "messwerte"]
            commit = changed[-1].commit if changed else None
        line = need.lines.get("messwerte", 0)
        return found, [SeriesWarning(need.id, need.path, line, commit, p.message) for p in problems]

    def warnings(self) -> list[SeriesWarning]:
        indicators = sorted(self.of_type(INDICATOR), key=lambda n: n.id)
        return [w for k in indicators for w in self.series(k)[1]]

    def fields_ordered(self) -> list[NeedState]:
        def key(n: NeedState) -> tuple[int, str]:
            order = n.fields.get("reihenfolge", "")
            return (int(order) if order.isdigit() else 99, n.id)

        return sorted(self.of_type(FIELD), key=key)

    def actor_title(self, actor_id: str) -> str:
        need = self.current.get(actor_id)
        return need.title if need is not None and need.type == ACTOR else actor_id

    def status(self, need_id: str) -> dict[str, str | None]:
        return {
            label: (s.fields.get("status") if (s := self.states[label].get(need_id)) else None)
            for label in self.fassungen
        }

    def as_json(self) -> dict[str, Any]:
        measures = [
            {
                "id": m.id,
                "title": m.title,
                "handlungsfelder": _ids(m.fields.get("beitrag_zu", "")),
                "status": self.status(m.id),
                "changes": [c.as_json() for c in self.changes.get(m.id, [])],
            }
            for m in sorted(self.ever(MEASURE), key=lambda n: n.id)
        ]
        indicators = []
        warnings: list[SeriesWarning] = []
        for k in sorted(self.of_type(INDICATOR), key=lambda n: n.id):
            series, rejected = self.series(k)
            warnings += rejected
            base = k.fields.get("basiswert", "")
            indicators.append(
                {
                    "id": k.id,
                    "title": k.title,
                    "einheit": k.fields.get("einheit", ""),
                    "basiswert": base,
                    "zielwert": k.fields.get("zielwert", ""),
                    "messwerte": {str(year): value for year, value in series},
                    "basis": {
                        "jahr": measurements.year_in(base),
                        "wert": measurements.number(base),
                    },
                    "ziel": measurements.number(k.fields.get("zielwert", "")),
                    "changes": [c.as_json() for c in self.changes.get(k.id, [])],
                }
            )
        return {
            "revision": self.revision,
            "fassungen": self.fassungen,
            "handlungsfelder": [{"id": f.id, "title": f.title} for f in self.fields_ordered()],
            "organisations": {a.id: a.title for a in self.of_type(ACTOR)},
            "measures": measures,
            "indicators": indicators,
            "warnings": [w.as_json() for w in warnings],
        }


def to_json(data: dict[str, Any], indent: int | None = 2) -> str:
    """*data* (Monitoring.as_json) as JSON, each Decimal a JSON number with exactly its
    digits (json writes floats, which would round them)."""

    def mark(value: object) -> str:
        if isinstance(value, Decimal):
            return f"\0{value}\0"
        raise TypeError(type(value).__name__)

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=mark)
    return _MARKED.sub(r"\1", text)


_MARKED = re.compile(r'"\\u0000([-+]?[0-9.]+(?:E[-+]?[0-9]+)?)\\u0000"')


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# blob id -> its needs, for the whole process: a blob never changes, and a site build
# collects the same history once per Fassung
_PARSED: dict[str, dict[str, NeedState]] = {}


def parse_needs(text: str, path: str) -> dict[str, NeedState]:
    """The needs of one MyST file (the first of a duplicated ID wins)."""
    source = parse_text(text, path, path, inline=False)
    found: dict[str, NeedState] = {}
    for d in source.directives:
        if d.name in KINDS and "id" in d.options:
            need_id = d.options["id"][0].strip()
            fields = {k: v for k, (v, _) in d.options.items() if k != "id"}
            lines = {k: line for k, (_, line) in d.options.items() if k != "id"}
            found.setdefault(
                need_id, NeedState(need_id, d.name, d.arg.strip(), fields, path, lines)
            )
    return found


class _Tree:
    """The needs of every file of one revision, updated file by file."""

    def __init__(
        self,
        repo: git.Repo,
        parsed: dict[str, dict[str, NeedState]],
        blobs: dict[str, bytes] | None = None,
    ) -> None:
        self.repo = repo
        self.parsed = parsed  # blob id -> needs, shared: a blob is parsed once
        self.blobs = blobs or {}  # blob id -> content, read ahead in one batch
        self.files: dict[str, dict[str, NeedState]] = {}
        self.where: dict[str, set[str]] = {}

    def read(self, path: str, blob: str) -> dict[str, NeedState]:
        if blob not in self.parsed:
            data = self.blobs.pop(blob, None) or gitrepo.raw_object(self.repo, blob)
            text = data.decode("utf-8", errors="replace")
            self.parsed[blob] = parse_needs(text, path)
        return self.parsed[blob]

    def remove(self, path: str) -> set[str]:
        gone = self.files.pop(path, {})
        for need_id in gone:
            self.where.get(need_id, set()).discard(path)
        return set(gone)

    def put(self, path: str, blob: str) -> set[str]:
        touched = self.remove(path)
        needs = {i: _at(n, path) for i, n in self.read(path, blob).items()}
        self.files[path] = needs
        for need_id in needs:
            self.where.setdefault(need_id, set()).add(path)
        return touched | set(needs)

    def need(self, need_id: str) -> NeedState | None:
        paths = sorted(self.where.get(need_id, ()))
        return self.files[paths[0]][need_id] if paths else None

    def snapshot(self) -> dict[str, NeedState]:
        found: dict[str, NeedState] = {}
        for path in sorted(self.files):
            for need_id, need in self.files[path].items():
                found.setdefault(need_id, need)
        return found


def _at(need: NeedState, path: str) -> NeedState:
    if need.path == path:
        return need
    return NeedState(need.id, need.type, need.title, need.fields, path, need.lines)


def _relevant(path: str | None) -> bool:
    return bool(path) and path.startswith(f"{SRCDIR}/") and path.endswith(".md")  # type: ignore[union-attr]


def collect(
    repo: git.Repo,
    rev: str = "HEAD",
    current: str = DRAFT,
    worktree: Path | None = None,
    partners: PartnerMap | None = None,
) -> Monitoring:
    """Statuses per Fassung (every v* tag in *rev*'s history, then *rev* itself labelled
    *current*) and every change on the first-parent line up to *rev*.

    When *current* is the version of a tag at *rev* (an edition of that Fassung), that
    Fassung is the last column, once. With *worktree*, that column shows the files there
    (a draft with uncommitted changes); the changes stay those committed."""
    # a shallow clone's oldest commit would pass for the first one, adding every need anew
    gitrepo.require_full_history(
        repo,
        _(
            "shallow clone: the Umsetzungsbericht is read from the history it lacks; "
            "run `git fetch --unshallow --tags` and try again"
        ),
    )
    try:
        head = gitrepo.rev_full(repo, rev)
    except gitrepo.GitCommandError as exc:
        raise EnvironmentProblem(
            _("{rev}: unknown revision; name a commit, branch or tag").format(rev=rev)
        ) from exc
    tags = gitrepo.release_tag_commits(repo, head)
    log = gitrepo.first_parent_log(repo, head, attribution.TRAILER)
    on_line = {c.sha for c in log}
    at_commit: dict[str, list[str]] = {}
    for version, commit in tags.items():
        at_commit.setdefault(commit, []).append(version)

    parsed = _PARSED
    wanted = [
        c.new_blob
        for e in log
        for c in e.changes
        if c.new_blob and _relevant(c.new_path) and c.new_blob not in parsed
    ]
    tree = _Tree(repo, parsed, gitrepo.read_blobs(repo, list(dict.fromkeys(wanted))))
    states: dict[str, dict[str, NeedState]] = {}
    changes: dict[str, list[Change]] = {}
    orgs: dict[str, attribution.Organisation] = {}
    for commit in log:
        touched: set[str] = set()
        for ch in commit.changes:
            if _relevant(ch.old_path) and ch.status in ("D", "R"):
                touched |= tree.remove(ch.old_path)  # type: ignore[arg-type]
            if _relevant(ch.new_path) and ch.new_blob:
                touched |= tree.put(ch.new_path, ch.new_blob)  # type: ignore[arg-type]
        before = states.get("_last", {})
        for need_id in sorted(touched):
            old, new = before.get(need_id), tree.need(need_id)
            kind = (new or old).type  # type: ignore[union-attr]
            for name in TRACKED.get(kind, ()):
                a = old.fields.get(name) if old else None
                b = new.fields.get(name) if new else (REMOVED if a is not None else None)
                if a == b:
                    continue
                if commit.sha not in orgs:
                    orgs[commit.sha] = attribution.organisation(repo, commit, partners)
                org = orgs[commit.sha]
                changes.setdefault(need_id, []).append(
                    Change(commit.sha[:7], commit.date[:10], name, a, b, org.name, org.attributed)
                )
        if touched or "_last" not in states:
            states["_last"] = tree.snapshot()
        for version in at_commit.get(commit.sha, []):
            states[version] = states["_last"]
    last = states.pop("_last", {})
    for version, commit in tags.items():
        if commit not in on_line:  # tagged on a side branch that was merged later
            states[version] = _tree_at(repo, commit, parsed)
    versions = sorted(tags, key=gitrepo.version_key)
    if current == DRAFT and worktree is None:
        # a tagged revision read from Git is that Fassung: no draft column beside it
        current = next((v for v in reversed(versions) if tags[v] == head), current)
    fassungen = [v for v in versions if not (v == current and tags[v] == head)]
    fassungen.append(current)
    states[current] = _worktree(worktree) if worktree is not None else last
    return Monitoring(head, fassungen, states, changes, from_files=worktree is not None)


def _tree_at(repo: git.Repo, commit: str, parsed: dict[str, dict[str, NeedState]]) -> dict:
    tree = _Tree(repo, parsed)
    for path, blob in gitrepo.tree_blobs(repo, commit, SRCDIR).items():
        if _relevant(path):
            tree.put(path, blob)
    return tree.snapshot()


def _worktree(root: Path) -> dict[str, NeedState]:
    found: dict[str, NeedState] = {}
    for file in source_files(root, SRCDIR):
        path = file.relative_to(root).as_posix()
        text = file.read_bytes().decode("utf-8", errors="replace")
        for need_id, need in parse_needs(text, path).items():
            found.setdefault(need_id, need)
    return found


# ---- output -----------------------------------------------------------------------


def organisation_label(m: Monitoring, change: dict[str, Any] | Change) -> str:
    name = change["organisation"] if isinstance(change, dict) else change.organisation
    attributed = change["attributed"] if isinstance(change, dict) else change.attributed
    if not attributed:
        return f"{name} (nicht zugeordnet)"
    return ", ".join(m.actor_title(part.strip()) for part in name.split(","))


def as_text(m: Monitoring) -> str:
    lines = [f"Fassungen: {', '.join(m.fassungen)}", ""]
    data = m.as_json()
    for measure in data["measures"]:
        statuses = " | ".join(f"{k}: {v or '—'}" for k, v in measure["status"].items())
        lines.append(f"{measure['id']} „{measure['title']}“: {statuses}")
        for c in measure["changes"]:
            lines.append(
                f"    {c['date']} {c['commit']} {c['field']}: {c['old'] or '—'} → {c['new']}"
                f" ({organisation_label(m, c)})"
            )
    for k in data["indicators"]:
        values = "; ".join(f"{y}: {measurements.german(v)}" for y, v in k["messwerte"].items())
        lines.append(
            f"{k['id']} „{k['title']}“: Basiswert {k['basiswert'] or '—'}, "
            f"Zielwert {k['zielwert'] or '—'}, Messwerte {values or '—'}"
        )
    return "\n".join(lines)


CSV_HEADER = [
    "art",
    "id",
    "titel",
    "feld",
    "fassung_oder_jahr",
    "wert",
    "alt",
    "datum",
    "organisation",
    "commit",
]


def as_csv(m: Monitoring) -> str:
    """Semicolon-separated, UTF-8 with BOM (what spreadsheet programs in German expect)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    data = m.as_json()
    for measure in data["measures"]:
        for label, status in measure["status"].items():
            writer.writerow(
                [
                    "massnahme",
                    measure["id"],
                    measure["title"],
                    "status",
                    label,
                    status or "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    for item in [*data["measures"], *data["indicators"]]:
        for c in item["changes"]:
            writer.writerow(
                [
                    "aenderung",
                    item["id"],
                    item["title"],
                    c["field"],
                    "",
                    c["new"] or "",
                    c["old"] or "",
                    c["date"],
                    organisation_label(m, c),
                    c["commit"],
                ]
            )
    for k in data["indicators"]:
        for name in ("einheit", "basiswert", "zielwert"):
            writer.writerow(["indikator", k["id"], k["title"], name, "", k[name], "", "", "", ""])
        for year, value in k["messwerte"].items():
            writer.writerow(
                [
                    "messwert",
                    k["id"],
                    k["title"],
                    "messwerte",
                    year,
                    measurements.german(value),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return "\ufeff" + out.getvalue()
