"""Every check code stratdoc knows, with its severity and what it means."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # findings.ERROR or findings.WARNING
    summary: str


RULES: dict[str, Rule] = {}


def register(code: str, severity: str, summary: str) -> Rule:
    if code in RULES:
        raise ValueError(f"check code {code!r} registered twice")
    RULES[code] = Rule(code, severity, summary)
    return RULES[code]
