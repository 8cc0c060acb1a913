"""`stratdoc check`: one sphinx-needs pass, then the project's rules, as one list of findings."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.check import cache as check_cache
from stratdoc.check.rules import RULES, CheckContext, run_rules, source_rules
from stratdoc.core import forge, neighbours
from stratdoc.core.edition import build_date
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _, ngettext
from stratdoc.core.model import load_model
from stratdoc.core.needs_data import NeedsFile
from stratdoc.core.project import Project
from stratdoc.core.sources import is_utf8, scan, source_files
from stratdoc.core.sphinx_run import SphinxMessage, run_builder

if TYPE_CHECKING:
    import git


@dataclass
class CheckReport:
    findings: list[Finding]
    needs: NeedsFile | None

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)


def run_check(
    project: Project,
    outdir: Path | None = None,
    repo: git.Repo | None = None,
    release_cache: Path | None = None,
) -> CheckReport:
    """Check the project's working tree; writes only below _build/check (or *outdir*).

    *repo* is the repository whose release tags continuity compares against (default: the
    one containing the project); *release_cache* keeps the needs of the last release
    (default: *outdir*), so a checked export can reuse its work tree's cache."""
    out = outdir or project.build_dir / "check"
    model = load_model(project.config_file)
    ignored = _ignored(project, model.settings)
    forge.from_settings(model.settings, project.relative(project.config_file))
    # a wrong [[stratdoc.neighbour]] stops before the Sphinx pass
    neighbours.load(project, model.settings)
    # Sphinx aborts on a file that is not UTF-8: leave such files out (not-utf8 reports them)
    unreadable = [f for f in source_files(project.root) if not is_utf8(f)]
    messages, needs = _sphinx_pass(project, out, unreadable)
    # the sources are scanned after Sphinx so that both do not sit in memory at once;
    # the source rules do not depend on Sphinx and hold even for files it refused
    sources = scan(project.root)
    from stratdoc.core import gitrepo  # GitPython after the Sphinx pass, not beside it

    ctx = CheckContext(
        project,
        model,
        needs.needs if needs else {},
        sources,
        build_date().year,
        repo or gitrepo.open_repo(project.root),
        needs_built=needs is not None,
    )
    findings = source_rules(ctx) + run_rules(ctx, messages, release_cache or out)
    kept = sorted({f for f in _once(findings) if f.code not in ignored})
    return CheckReport(kept, needs)


def _once(findings: list[Finding]) -> list[Finding]:
    """Drop a generic Sphinx message where a rule of ours reports that line already
    (e.g. the include that leaves strategy/ and is also "not found")."""
    ours = {(f.path, f.line) for f in findings if f.code != "sphinx"}
    return [f for f in findings if f.code != "sphinx" or (f.path, f.line) not in ours]


def _ignored(project: Project, settings: dict) -> set[str]:
    ignore = settings.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(c, str) for c in ignore):
        raise EnvironmentProblem(
            _("{config}: [stratdoc] ignore must be a list of check codes").format(
                config=project.relative(project.config_file)
            )
        )
    unknown = sorted(set(ignore) - set(RULES))
    if unknown:
        raise EnvironmentProblem(
            ngettext(
                "{config}: [stratdoc] ignore names unknown check code {codes}; "
                "see README, section Prüfregeln",
                "{config}: [stratdoc] ignore names unknown check codes {codes}; "
                "see README, section Prüfregeln",
                len(unknown),
            ).format(config=project.relative(project.config_file), codes=", ".join(unknown))
        )
    return set(ignore)


def _about_left_out(msg: SphinxMessage, left_out: list[str]) -> bool:
    """A toctree's complaint about a file left out because it is not UTF-8."""
    return msg.wtype.startswith("toc.") and any(
        f"'{name.removesuffix('.md')}'" in msg.text for name in left_out
    )


def _sphinx_pass(
    project: Project, out: Path, left_out: list[Path]
) -> tuple[list[SphinxMessage], NeedsFile | None]:
    """The needs build, incremental when a previous check left its messages behind."""
    doctrees = out / ".doctrees"
    previous = check_cache.load(out)
    fresh = not (out / check_cache.STATE).is_file() or check_cache.needs_fresh(previous)
    unreadable = [f.relative_to(project.strategy_dir).as_posix() for f in left_out]
    overrides = {"exclude_patterns": ",".join(unreadable)} if unreadable else {}
    (out / check_cache.STATE).unlink(missing_ok=True)  # a crash below forces a fresh run
    started = time.time()
    result = run_builder(
        project, "needs", out, fresh=fresh, doctreedir=doctrees, overrides=overrides
    )
    messages = [m for m in result.messages if not _about_left_out(m, unreadable)]
    if not fresh:
        not_reread = {
            f.relative_to(project.root).as_posix()
            for f in source_files(project.root)
            if (
                tree := doctrees / f.relative_to(project.strategy_dir).with_suffix(".doctree")
            ).is_file()
            and tree.stat().st_mtime < started
        }
        messages = check_cache.merge(previous, messages, not_reread)
    needs = NeedsFile.load(result.needs_json) if result.needs_json.is_file() else None
    if result.returncode == 0:
        check_cache.save(out, messages)
    return messages, needs
