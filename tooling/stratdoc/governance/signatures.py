"""Who signed a Git commit or tag: its SSH signature checked by ssh-keygen against given keys.

It reads raw objects (`git cat-file`), strips the signature Git embedded and asks ssh-keygen
whose key made it, exactly as `git verify-commit` would with an allowed-signers file whose
principals are the roster's seat ids. Names and e-mail addresses play no part. Audit it here.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _

BEGIN = b"-----BEGIN SSH SIGNATURE-----"
UNSIGNED, INVALID, UNKNOWN, GOOD = "unsigned", "invalid", "unknown key", "good"


@dataclass(frozen=True)
class Signature:
    state: str  # UNSIGNED, INVALID, UNKNOWN or GOOD
    principal: str | None = None  # whose key, when GOOD


def split(raw: bytes) -> tuple[bytes, bytes] | None:
    """(signed payload, armored signature) of a raw commit or tag object; None when unsigned."""
    head, sep, body = raw.partition(b"\n\n")
    kept, signature, inside = [], [], False
    for line in head.split(b"\n"):
        if line.startswith((b"gpgsig ", b"gpgsig-sha256 ")):
            inside = True
            signature.append(line.split(b" ", 1)[1])
        elif inside and line.startswith(b" "):
            signature.append(line[1:])
        else:
            inside = False
            kept.append(line)
    if signature:  # a commit: the signature is a header
        return b"\n".join(kept) + sep + body, b"\n".join(signature) + b"\n"
    at = raw.rfind(b"\n" + BEGIN)  # a tag: the signature ends the message
    return None if at < 0 else (raw[: at + 1], raw[at + 1 :])


def allowed_signers(keys: Mapping[str, Sequence[str]]) -> str:
    """Git's allowed-signers format: one `<principal> namespaces="git" <type> <key>` per key."""
    lines = []
    for principal, entries in sorted(keys.items()):
        for key in entries:
            kind, blob = key.split()[:2]
            lines.append(f'{principal} namespaces="git" {kind} {blob}\n')
    return "".join(lines)


def ssh_keygen(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["ssh-keygen", *args], input=stdin, capture_output=True)
    except FileNotFoundError:
        raise EnvironmentProblem(
            _(
                "ssh-keygen not found: signatures cannot be checked; install the Debian package "
                "openssh-client"
            )
        ) from None


def check(raw: bytes, keys: Mapping[str, Sequence[str]]) -> Signature:
    """Whose key of *keys* (principal -> SSH public key lines) made *raw*'s signature."""
    parts = split(raw)
    if parts is None:
        return Signature(UNSIGNED)
    payload, armored = parts
    with tempfile.TemporaryDirectory() as tmp:
        sig, allowed = Path(tmp) / "sig", Path(tmp) / "allowed"
        sig.write_bytes(armored)
        allowed.write_text(allowed_signers(keys), encoding="utf-8")
        if ssh_keygen(
            "-Y", "check-novalidate", "-n", "git", "-s", str(sig), stdin=payload
        ).returncode:
            return Signature(INVALID)
        found = ssh_keygen("-Y", "find-principals", "-f", str(allowed), "-s", str(sig))
        principals = found.stdout.decode().split() if found.returncode == 0 else []
        for principal in principals:
            verified = ssh_keygen(
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                principal,
                "-n",
                "git",
                "-s",
                str(sig),
                stdin=payload,
            )
            if verified.returncode == 0:
                return Signature(GOOD, principal)
    return Signature(UNKNOWN)
