"""`stratdoc neighbours update`: fetch a neighbour's published needs.json, store and pin it.

The Fassung of a fetched needs.json is the last column of the monitoring.json published
beside it (every stratdoc edition has one); a needs.json whose current_version is a
Fassung number says it itself. Every neighbour is fetched and checked before anything is
written, so a failure changes nothing.

- not pinned yet: store governance/neighbours/<SHORT>-<F>.json and pin F with its SHA-256;
- the pinned Fassung: its bytes must be the pinned ones (a published Fassung never
  changes), a missing stored copy is restored;
- a newer Fassung: stored beside the pinned one, which stays pinned, so `stratdoc check`
  can name links whose need it retired, dropped or changed (neighbour-changed); with
  pin=True the pin moves to it and the older copies are removed;
- an older Fassung than the pinned one is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from stratdoc.core import neighbours
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.core.project import Project
from stratdoc.core.sources import scan
from stratdoc.federation import pin as pin_file
from stratdoc.federation.fetch import FetchError, fetch

MONITORING = "monitoring.json"
DRAFT = "entwurf"

PINNED = "pinned"  # first pin, or moved with pin=True
UNCHANGED = "unchanged"
NEWER = "newer"  # stored beside the pin, not pinned


@dataclass
class Outcome:
    neighbour: neighbours.Neighbour
    fassung: str
    state: str
    stored: Path
    body: bytes = field(repr=False)
    changed: list[tuple[str, str, str | None]] = field(default_factory=list)
    # (SHORT:ID linked here, status in the pinned Fassung, status in the new one or None)


def update(
    project: Project, short: str | None = None, *, pin: bool = False, timeout: float = 10.0
) -> list[Outcome]:
    configured = neighbours.load(project)
    if short is not None and short not in configured:
        raise StratdocError(
            _("no neighbour {short} in {config}; configured: {known}").format(
                short=repr(short),
                config=project.relative(project.config_file),
                known=", ".join(configured) or _("none"),
            )
        )
    chosen = [configured[short]] if short else list(configured.values())
    if not chosen:
        raise StratdocError(
            _(
                "{config} names no [[stratdoc.neighbour]]; see README, section "
                "Mit anderen Netzwerken verknüpfen"
            ).format(config=project.relative(project.config_file))
        )
    linked = _linked(project)
    outcomes = [_plan(project, n, pin, timeout, linked) for n in chosen]
    _write(project, outcomes)
    return outcomes


def _plan(
    project: Project,
    neighbour: neighbours.Neighbour,
    pin: bool,
    timeout: float,
    linked: set[str],
) -> Outcome:
    body = fetch(neighbour.url, timeout=timeout).body
    try:
        needs = neighbours.parse_needs(body)
    except ValueError as exc:
        raise StratdocError(
            _("{url}: not a needs.json: {problem}").format(url=neighbour.url, problem=exc)
        ) from None
    fassung = _fassung(neighbour.url, body, timeout)
    stored = neighbour.stored(project.root, fassung)
    if not neighbour.pinned:
        return Outcome(neighbour, fassung, PINNED, stored, body)
    from stratdoc.core.gitrepo import version_key

    if fassung == neighbour.fassung:
        if neighbours.digest(body) != neighbour.sha256:
            raise StratdocError(
                _(
                    "{url}: Fassung {fassung} of {short} differs from its pin (SHA-256 {actual}, "
                    "pinned {pinned}); a published Fassung must not change: ask {short}"
                ).format(
                    url=neighbour.url,
                    fassung=fassung,
                    short=neighbour.short_name,
                    actual=neighbours.digest(body)[:12],
                    pinned=neighbour.sha256[:12],
                )
            )
        return Outcome(neighbour, fassung, UNCHANGED, stored, body)
    if version_key(fassung) < version_key(neighbour.fassung):
        raise StratdocError(
            _("{url}: Fassung {fassung} is older than the pinned Fassung {pinned}").format(
                url=neighbour.url, fassung=fassung, pinned=neighbour.fassung
            )
        )
    outcome = Outcome(neighbour, fassung, PINNED if pin else NEWER, stored, body)
    before = neighbour.stored(project.root)
    if before.is_file():
        old = neighbours.read_stored(before)
        outcome.changed = neighbours.status_changes(neighbour.short_name, linked, old, needs)
    return outcome


def _linked(project: Project) -> set[str]:
    """Every SHORT:ID the strategy's sources name in :abgestimmt_mit: (no Sphinx needed)."""
    found = set()
    for _source, directive in scan(project.root).directives():
        value = directive.options.get(neighbours.FIELD)
        if value:
            found.update(v.strip() for v in value[0].split(",") if v.strip())
    return found


def _fassung(url: str, body: bytes, timeout: float) -> str:
    """The Fassung of the needs.json at *url*: monitoring.json's last column beside it,
    else its own current_version when that is a Fassung number."""
    beside = f"{url.rsplit('/', 1)[0]}/{MONITORING}"
    label = ""
    try:
        label = str(json.loads(fetch(beside, timeout=timeout).body)["fassungen"][-1])
    except FetchError:
        label = str(json.loads(body).get("current_version") or "")
    except (ValueError, KeyError, IndexError, TypeError):
        raise StratdocError(_("{url}: not a monitoring.json").format(url=beside)) from None
    if label == DRAFT:
        raise StratdocError(
            _("{url} is a draft (entwurf), not a Fassung; link a released Fassung").format(url=url)
        )
    if not neighbours.FASSUNG.match(label):
        raise StratdocError(
            _("{url}: cannot tell its Fassung (no {monitoring} beside it)").format(
                url=url, monitoring=MONITORING
            )
        )
    return label


def _write(project: Project, outcomes: list[Outcome]) -> None:
    folder = project.root / neighbours.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    text = project.config_file.read_text(encoding="utf-8")
    for outcome in outcomes:  # first the new ubproject.toml: it may refuse
        if outcome.state == PINNED:
            digest = neighbours.digest(outcome.body)
            text = pin_file.set_pin(text, outcome.neighbour.short_name, outcome.fassung, digest)
    for outcome in outcomes:
        outcome.stored.write_bytes(outcome.body)
        if outcome.state != PINNED:
            continue
        for fassung in neighbours.stored_fassungen(project.root, outcome.neighbour):
            if fassung != outcome.fassung:
                outcome.neighbour.stored(project.root, fassung).unlink()
    project.config_file.write_text(text, encoding="utf-8")
