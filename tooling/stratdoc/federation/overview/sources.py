"""Each network's two files, from its site or folder, through a cache of last good copies.

The cache holds per network (folder = short name) the last good needs.json and
monitoring.json, `state.json` (how each was validated: SHA-256, retrieval time, ETag and
Last-Modified for URLs, mtime and size for folders) and `summary.json` (model.summarise of
those two files, keyed by their digests). A URL is asked with If-None-Match and
If-Modified-Since, a folder's file is read only when its mtime or size moved: an unchanged
network costs one conditional request (or two stat calls) per file and no parsing.
A file that cannot be fetched or is invalid leaves the last good copy in use, marked stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratdoc.core import neighbours
from stratdoc.federation.fetch import FetchError, fetch
from stratdoc.federation.overview import model
from stratdoc.federation.overview.cachefiles import read_json_object, write_atomic, write_json
from stratdoc.federation.overview.networks import MONITORING, NEEDS, Network

STATE = "state.json"
SUMMARY = "summary.json"
VALIDATORS: dict[str, Callable[[bytes], None]] = {
    NEEDS: model.validate_needs,
    MONITORING: model.validate_monitoring,
}


@dataclass(frozen=True)
class Copy:
    """The copy of one file in use: its digest, when it was retrieved, whether it is current."""

    source: str  # URL or path
    sha256: str | None  # None: no good copy ever
    retrieved: str | None  # ISO timestamp (UTC): the source last gave or confirmed it
    stale: bool  # the source failed this time; the copy is the last good one


@dataclass
class Retrieved:
    network: Network
    copies: dict[str, Copy]
    summary: dict[str, Any] | None  # None: not even an old copy of needs.json
    problems: list[str] = field(default_factory=list)  # one line each, source and reason
    reads: int = 0  # files read or fetched in full from the source this run

    @property
    def stale(self) -> bool:
        return any(c.stale for c in self.copies.values())


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, network: Network) -> Path:
        return self.root / network.short_name

    def retrieve(self, network: Network) -> Retrieved:
        folder = self.folder(network)
        state = read_json_object(folder / STATE)
        problems: list[str] = []
        copies: dict[str, Copy] = {}
        reads = 0
        for kind, source in network.sources().items():
            before = state.get(kind) if isinstance(state.get(kind), dict) else {}
            after, read, problem = self._refresh(network, kind, source, before, folder)
            reads += read
            if problem:
                problems.append(problem)
            state[kind] = after
            copies[kind] = Copy(
                source=source,
                sha256=after.get("sha256"),
                retrieved=after.get("retrieved"),
                stale=problem is not None,
            )
        write_json(folder / STATE, state)
        summary = self._summary(network, folder, copies, problems)
        return Retrieved(network, copies, summary, problems, reads)

    def _refresh(
        self, network: Network, kind: str, source: str, before: dict[str, Any], folder: Path
    ) -> tuple[dict[str, Any], int, str | None]:
        """The file's new state, how many full reads it took (0 or 1), and the problem."""
        have_copy = bool(before.get("sha256")) and (folder / kind).is_file()
        known = before if have_copy else {}
        try:
            if network.folder is not None:
                stat = Path(source).stat()
                mark = {"mtime_ns": stat.st_mtime_ns, "size": stat.st_size}
                if known and all(known.get(k) == v for k, v in mark.items()):
                    return {**known, "retrieved": now()}, 0, None
                fetched = fetch(source)
                extra: dict[str, Any] = mark
            else:
                fetched = fetch(
                    source, etag=known.get("etag"), last_modified=known.get("last_modified")
                )
                if fetched.not_modified:
                    return {**known, "retrieved": now()}, 0, None
                extra = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        except FetchError as exc:
            return before, 0, f"{source}: {exc.reason}"
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return before, 0, f"{source}: {reason}"
        try:
            VALIDATORS[kind](fetched.body)
        except model.InvalidData as exc:
            return before, 1, f"{source}: {exc}"
        digest = neighbours.digest(fetched.body)
        if digest != known.get("sha256"):
            write_atomic(folder / kind, fetched.body)
        return {**extra, "sha256": digest, "retrieved": now()}, 1, None

    def _summary(
        self, network: Network, folder: Path, copies: dict[str, Copy], problems: list[str]
    ) -> dict[str, Any] | None:
        needs, monitoring = copies[NEEDS].sha256, copies[MONITORING].sha256
        if needs is None:
            return None
        cached = read_json_object(folder / SUMMARY)
        key = {"needs": needs, "monitoring": monitoring, "format": model.SUMMARY_FORMAT}
        if cached.get("key") == key and cached.get("short_name") == network.short_name:
            return cached
        monitoring_body = (folder / MONITORING).read_bytes() if monitoring else None
        summary = model.summarise(
            network.short_name, (folder / NEEDS).read_bytes(), monitoring_body
        )
        summary["key"] = key
        write_json(folder / SUMMARY, summary)
        return summary


def retrieve_all(networks: list[Network], cache: Path) -> list[Retrieved]:
    store = Cache(cache)
    return [store.retrieve(n) for n in networks]
