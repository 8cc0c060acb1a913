"""The list of networks an overview shows: NETWORKS.toml, one `[[network]]` table each."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _

KEYS = {"name", "short_name", "region", "needs_url", "monitoring_url", "folder"}
SHORT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
NEEDS = "needs.json"
MONITORING = "monitoring.json"


@dataclass(frozen=True)
class Network:
    name: str
    short_name: str
    region: str
    needs_url: str | None = None  # a published Fassung's latest/needs.json
    monitoring_url: str | None = None
    folder: Path | None = None  # or a local folder holding both files

    def sources(self) -> dict[str, str]:
        """File kind (needs.json, monitoring.json) -> URL or path, as shown to readers."""
        if self.folder is not None:
            return {NEEDS: str(self.folder / NEEDS), MONITORING: str(self.folder / MONITORING)}
        return {NEEDS: str(self.needs_url), MONITORING: str(self.monitoring_url)}


def _header_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[network]]"]


def load(path: Path) -> list[Network]:
    """Every network of *path*; a malformed list stops with exit 2 and `path:line: …`."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise EnvironmentProblem(
            _("{path}: cannot read the list of networks: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EnvironmentProblem(
            _("{path}: not valid TOML: {reason}").format(path=path, reason=exc)
        ) from exc
    entries = data.get("network")
    if set(data) != {"network"} or not isinstance(entries, list) or not entries:
        raise EnvironmentProblem(
            _("{path}: expected one [[network]] table per network and nothing else").format(
                path=path
            )
        )
    lines = _header_lines(text)
    networks: list[Network] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        # the line of its [[network]] header; inline tables have none: the first line
        where = f"{path}:{lines[index] if len(lines) == len(entries) else 1}"
        network = _network(entry, where, path.parent)
        if network.short_name in seen:
            raise EnvironmentProblem(
                _("{where}: short name {short} is given twice").format(
                    where=where, short=network.short_name
                )
            )
        seen.add(network.short_name)
        networks.append(network)
    return networks


def _network(entry: object, where: str, base: Path) -> Network:
    def fail(reason: str) -> EnvironmentProblem:
        return EnvironmentProblem(f"{where}: {reason}")

    if not isinstance(entry, dict):
        raise fail(_("a network must be a table"))
    unknown = sorted(set(entry) - KEYS)
    if unknown:
        raise fail(_("unknown key {key}").format(key=unknown[0]))
    for key in ("name", "short_name", "region"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(_("{key} is missing or empty").format(key=key))
    for key in ("needs_url", "monitoring_url", "folder"):
        if key in entry and not isinstance(entry[key], str):
            raise fail(_("{key} must be a string").format(key=key))
    if not SHORT_NAME.match(entry["short_name"]):
        raise fail(
            _("short name {short} must be letters, digits, - or _").format(
                short=entry["short_name"]
            )
        )
    urls = [entry.get("needs_url"), entry.get("monitoring_url")]
    if "folder" in entry:
        if any(urls):
            raise fail(_("give either folder or needs_url and monitoring_url, not both"))
        return Network(
            entry["name"], entry["short_name"], entry["region"], folder=base / entry["folder"]
        )
    if not all(urls):
        raise fail(_("give folder, or both needs_url and monitoring_url"))
    for url in urls:
        if not str(url).startswith(("http://", "https://")):
            raise fail(_("{url} is no http(s) address").format(url=url))
    return Network(
        entry["name"],
        entry["short_name"],
        entry["region"],
        needs_url=entry["needs_url"],
        monitoring_url=entry["monitoring_url"],
    )
