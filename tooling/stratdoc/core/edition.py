"""What an edition says about itself: Fassung, status, date and commit."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

DRAFT = "entwurf"
ADOPTED = "beschlossen"


@dataclass(frozen=True)
class Edition:
    version: str  # Fassung label, e.g. "1.0"; "Entwurf" for drafts
    status: str  # DRAFT or ADOPTED
    date: str  # ISO date: "Stand" for drafts, adoption date for releases
    commit: str  # short commit hash, "" outside Git

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    def confoverrides(self) -> dict[str, str]:
        """Sphinx -D values read by the stratdoc extension."""
        return {
            "stratdoc_version": self.version,
            "stratdoc_status": self.status,
            "stratdoc_date": self.date,
            "stratdoc_commit": self.commit,
        }


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def draft(commit: str, dirty: bool = False) -> Edition:
    label = commit + ("+" if dirty and commit else "")
    return Edition(version="Entwurf", status=DRAFT, date=build_date().isoformat(), commit=label)


def german_date(iso: str) -> str:
    """2023-12-14 -> 14.12.2023"""
    try:
        return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso
