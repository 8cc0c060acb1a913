"""The content fingerprint: what a vote is bound to.

It hashes the Git blob ids of exactly the files that determine an edition's content,
so it is the same on every clone and changes with any byte of them. Audit it here:
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git

CONTENT_PATHS = (
    "strategy",  # the text
    "conf.py",  # how Sphinx reads it
    "ubproject.toml",  # the data model
    "governance/roster.toml",  # who decides
    "governance/rules.toml",  # how they decide
    "governance/neighbours",  # the pinned copies of neighbour networks' needs
    "pyproject.toml",  # the tool's dependencies ...
    "uv.lock",  # ... exactly as installed
    "tooling",  # the code that renders the editions
)


def fingerprint(repo: git.Repo, rev: str = "HEAD") -> str:
    """SHA-256 over "<mode> <blob> <path>" of every content file at *rev*, sorted by path."""
    listing = repo.git.ls_tree("-r", "--full-tree", rev, "--", *CONTENT_PATHS)
    lines = sorted(line.replace("\t", " ") for line in listing.splitlines())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
