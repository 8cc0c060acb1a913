"""Built editions kept by content fingerprint, so each Fassung of the site is built once."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Build = Callable[[Path], None]

STAMP = "edition.json"


@dataclass
class CacheCounters:
    built: int = 0
    reused: int = 0


def variant(settings: dict[str, object]) -> str:
    """What besides the content shapes a build (edition metadata, formats, switcher URL)."""
    blob = json.dumps(settings, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


class EditionCache:
    """_build/site-cache/<fingerprint>/<variant>/: one finished build each, stamped last."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.counters = CacheCounters()

    def entry(self, fingerprint: str, settings: dict[str, object], build: Build) -> Path:
        """The cached build for *fingerprint* and *settings*; *build(dest)* makes it if missing."""
        folder = self.root / fingerprint / variant(settings)
        if (folder / STAMP).is_file():
            self.counters.reused += 1
            return folder
        return self._fill(folder, settings, build)

    def rebuild(self, name: str, settings: dict[str, object], build: Build) -> Path:
        """A build that is never reused (uncommitted changes): replaces *name*'s last one."""
        folder = self.root / name
        shutil.rmtree(folder, ignore_errors=True)
        return self._fill(folder, settings, build)

    def _fill(self, folder: Path, settings: dict[str, object], build: Build) -> Path:
        # build beside the entry and rename it in: a killed build leaves no half entry
        tmp = folder.parent / f".tmp-{folder.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            build(tmp)
            (tmp / STAMP).write_text(json.dumps(settings, indent=1, ensure_ascii=False), "utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            tmp.rename(folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.counters.built += 1
        return folder
