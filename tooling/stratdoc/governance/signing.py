"""The key a member signs with: Git's own configuration (gpg.format ssh, user.signingkey)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.governance import signatures
from stratdoc.governance.roster import KEY, key_id

if TYPE_CHECKING:
    import git

HOW = "git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519"


def configured_key(repo: git.Repo) -> str:
    """Type and material of the public key Git will sign with; refuses when none is set up."""
    fmt = gitrepo.config_value(repo, "gpg.format")
    value = gitrepo.config_value(repo, "user.signingkey")
    if fmt != "ssh" or not value:
        raise StratdocError(
            _("signing is not configured for this repository: {how}").format(how=HOW)
        )
    if value.startswith("key::"):
        line = value[len("key::") :]
    else:
        path = Path(value).expanduser()
        public = path if path.suffix == ".pub" else path.with_name(path.name + ".pub")
        if public.is_file():
            line = public.read_text(encoding="utf-8").strip()
        else:
            line = signatures.ssh_keygen("-y", "-f", str(path)).stdout.decode().strip()
    if not KEY.match(line):
        raise StratdocError(
            _("user.signingkey {value}: no SSH public key found for it ({how})").format(
                value=value, how=HOW
            )
        )
    return key_id(line)


def require(repo: git.Repo, allowed: dict[str, tuple[str, ...]], what: str) -> str:
    """The principal of *allowed* whose key Git signs with, or a refusal naming *what*."""
    mine = configured_key(repo)
    for principal, keys in allowed.items():
        if mine in {key_id(k) for k in keys}:
            return principal
    raise StratdocError(
        _("your signing key ({key}…) is not {what}").format(key=mine[:40], what=what)
    )
