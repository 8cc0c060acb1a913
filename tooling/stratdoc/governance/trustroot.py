"""The trust root: the commit whose roster decides the first Fassung, pinned in ubproject.toml.

`[stratdoc.governance] trust_root = "<full commit id>"` names the commit that committed the
first real keys. Every decision walks the adopted Fassungen from it, so a tag pushed on a side
branch, or one signed by keys that were never adopted, grants nothing. The pin never moves:
a Fassung released under one pin and a revision that pins another are refused.
"""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _

if TYPE_CHECKING:
    import git

CONFIG = "ubproject.toml"
TABLE = "[stratdoc.governance]"
COMMIT_ID = re.compile(r"^[0-9a-f]{40}$")
PIN_COMMAND = "stratdoc pin"


def pin_at(repo: git.Repo, rev: str) -> str | None:
    """The trust root *rev*'s ubproject.toml pins, as written; None where it pins none."""
    data = gitrepo.blob_at(repo, rev, CONFIG)
    try:
        settings = tomllib.loads((data or b"").decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = settings.get("stratdoc", {}).get("governance", {}).get("trust_root")
    return value if isinstance(value, str) else None


def pinned(repo: git.Repo, rev: str) -> str:
    """The trust root of *rev*: pinned, a full commit id, in this clone and in *rev*'s history.

    A missing pin or a commit this clone lacks is an environment problem (exit 2): there is
    no safe default to fall back to.
    """
    value = pin_at(repo, rev)
    if value is None:
        raise EnvironmentProblem(
            _(
                "{config}: no trust root pinned ({table} trust_root); once the roster's keys "
                "are committed, run `{command}` and commit ubproject.toml"
            ).format(config=CONFIG, table=TABLE, command=PIN_COMMAND)
        )
    if not COMMIT_ID.match(value):
        raise EnvironmentProblem(
            _(
                "{config}: trust_root must be a full commit id (40 hex digits), not '{value}'"
            ).format(config=CONFIG, value=value)
        )
    if not gitrepo.has_commit(repo, value):
        raise EnvironmentProblem(
            _(
                "{config}: the trust root {commit} is not in this clone; "
                "run `git fetch --tags origin` (or clone without --depth)"
            ).format(config=CONFIG, commit=value[:12])
        )
    if not gitrepo.is_ancestor(repo, value, rev):
        raise StratdocError(
            _("{config}: the trust root {commit} is not in the history of {rev}").format(
                config=CONFIG, commit=value[:12], rev=rev
            )
        )
    return value


def refuse_moved_pin(repo: git.Repo, root: str, tags: dict[str, str]) -> None:
    """Refuse when a released Fassung (*tags*: version -> commit) pinned a root not *root*."""
    for version, commit in tags.items():
        earlier = pin_at(repo, commit)
        if earlier is not None and earlier != root:
            raise StratdocError(
                _(
                    "{config} pins the trust root {commit}, but Fassung {version} was released "
                    "under {earlier}; the pin never moves, restore it"
                ).format(config=CONFIG, commit=root[:12], version=version, earlier=earlier[:12])
            )


def with_pin(text: str, commit: str) -> str:
    """*text* of ubproject.toml with `trust_root` set to *commit* in its governance table."""
    line = f'trust_root = "{commit}"'
    if re.search(r"^trust_root\s*=.*$", text, re.M) and TABLE in text:
        return re.sub(r"^trust_root\s*=.*$", line, text, count=1, flags=re.M)
    if TABLE in text:  # a second table of the same name would make the file invalid TOML
        return text.replace(f"{TABLE}\n", f"{TABLE}\n{line}\n", 1)
    comment = (
        "# the commit whose roster decides the first Fassung; set by `stratdoc pin`, never moved"
    )
    return text.rstrip("\n") + f"\n\n{TABLE}\n{comment}\n{line}\n"
