"""The forge a strategy lives on ([stratdoc.forge] in ubproject.toml): its web editor's URL.

Partners who never run git propose a change in the forge's web editor; every page of the
draft and of the current Fassung links it for the page's own source file. No table, no link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _
from stratdoc.core.project import Project

KINDS = ("github", "gitlab")
KEYS = ("kind", "url", "repository", "branch")
LABEL = "Änderung vorschlagen"


@dataclass(frozen=True)
class Forge:
    kind: str  # github | gitlab
    url: str  # https://gitlab.example.org, without a trailing slash
    repository: str  # owner/name (GitLab: group/subgroup/name)
    branch: str

    def edit_url(self, path: str) -> str:
        """The web editor for *path* (relative to the repository root) on the branch."""
        where = quote(f"{self.branch}/{path.lstrip('/')}")
        infix = "/-/edit/" if self.kind == "gitlab" else "/edit/"
        return f"{self.url}/{quote(self.repository)}{infix}{where}"

    def pages_path(self) -> str:
        """The path GitHub or GitLab Pages serves a project site under: /<name>/."""
        return f"/{self.repository.rsplit('/', 1)[-1]}/"


def load(project: Project) -> Forge | None:
    """The project's forge from its ubproject.toml; None when not configured."""
    from stratdoc.core.model import load_model

    settings = load_model(project.config_file).settings
    return from_settings(settings, project.relative(project.config_file))


def from_settings(settings: dict[str, Any], where: str) -> Forge | None:
    """The [stratdoc.forge] table of *settings* (the [stratdoc] table); None when absent.

    A table that is there but incomplete or wrong is an EnvironmentProblem (exit 2) naming
    *where* (the config file as the user sees it)."""
    table = settings.get("forge")
    if table is None:
        return None

    def wrong(what: str) -> EnvironmentProblem:
        return EnvironmentProblem(
            _(
                "{file}: [stratdoc.forge] {problem}; see README, section Für Partnerorganisationen"
            ).format(file=where, problem=what)
        )

    if not isinstance(table, dict):
        raise wrong(_("must be a table"))
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise wrong(
            _("has unknown key(s) {unknown}; allowed: {allowed}").format(
                unknown=", ".join(unknown), allowed=", ".join(KEYS)
            )
        )
    missing = [k for k in KEYS if not isinstance(table.get(k), str) or not table[k].strip()]
    if missing:
        raise wrong(_("needs {missing} (text)").format(missing=", ".join(missing)))
    kind = table["kind"].strip()
    if kind not in KINDS:
        raise wrong(
            _("kind {kind} is unknown; use {choices}").format(
                kind=repr(kind), choices=_(" or ").join(KINDS)
            )
        )
    url = table["url"].strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query:
        raise wrong(
            _("url {url} is not the forge's web address (https://host)").format(url=repr(url))
        )
    repository = table["repository"].strip().strip("/")
    if repository.count("/") < 1 or (kind == "github" and repository.count("/") != 1):
        raise wrong(
            _("repository {repository} must be owner/name").format(repository=repr(repository))
        )
    return Forge(kind, url, repository, table["branch"].strip())
