"""Draft and edition builds of the strategy: which builder, which folder, what went wrong."""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from stratdoc.check.diagnostics import to_findings
from stratdoc.core import forge, gitrepo, partners
from stratdoc.core.edition import Edition, draft
from stratdoc.core.findings import Finding
from stratdoc.core.i18n import _
from stratdoc.core.model import load_model
from stratdoc.core.needs_data import NeedsFile
from stratdoc.core.project import Project
from stratdoc.core.sphinx_run import run_builder
from stratdoc.editions.pdf.html import Cover, print_html
from stratdoc.editions.pdf.render import render_pdf, require_libraries
from stratdoc.history import monitoring

# published beside needs.json in the HTML edition (and so in every Fassung of the site)
MONITORING_JSON = "monitoring.json"
MONITORING_CSV = "monitoring.csv"


@dataclass
class Output:
    fmt: str
    path: Path
    findings: list[Finding]


def draft_edition(project: Project) -> Edition:
    repo = gitrepo.open_repo(project.root)
    dirty = gitrepo.is_dirty(repo, ["strategy", "conf.py", "ubproject.toml"])
    return draft(gitrepo.head_short(repo), dirty)


def build_html(
    project: Project, outdir: Path, edition: Edition, overrides: dict[str, str] | None = None
) -> Output:
    result = run_builder(project, "html", outdir, edition, overrides=overrides)
    needs = NeedsFile.load(result.needs_json) if result.needs_json.is_file() else None
    findings = to_findings(result.messages, project.root, needs)
    report = (overrides or {}).get("stratdoc_monitoring")
    if report and result.returncode == 0:
        shutil.copyfile(report, outdir / MONITORING_JSON)
        shutil.copyfile(Path(report).with_suffix(".csv"), outdir / MONITORING_CSV)
    return Output("html", outdir / "index.html", findings)


def monitoring_data(project: Project, edition: Edition, folder: Path) -> Path | None:
    """The Umsetzungsbericht's data for the revision *project* holds, from its Git history,
    written to *folder* as JSON (and CSV beside it); None outside Git.

    An exported revision names its repository and commit (Project.origin); a work tree is
    read at HEAD, its draft column from the files. An edition of a Fassung labels its own
    column with its version."""
    if project.origin is not None:
        repo, rev = gitrepo.open_repo(project.origin.git_dir), project.origin.commit
    else:
        repo, rev = gitrepo.open_repo(project.root), "HEAD"
        top = Path(repo.working_tree_dir).resolve() if repo and repo.working_tree_dir else None
        if top != project.root.resolve():
            repo = None  # a project folder inside someone else's repository
    if repo is None or not gitrepo.has_commit(repo, rev):
        return None
    current = monitoring.DRAFT if edition.is_draft else edition.version
    worktree = project.root if project.origin is None and edition.is_draft else None
    data = monitoring.collect(repo, rev, current, worktree, partners.load(project))
    target = folder / MONITORING_JSON
    # which Fassung and day this file describes: what the overview of many networks shows
    facts = {**data.as_json(), "edition": {"fassung": current, "date": edition.date}}
    target.write_text(monitoring.to_json(facts, indent=1), encoding="utf-8")
    target.with_suffix(".csv").write_text(monitoring.as_csv(data), encoding="utf-8")
    return target


def pdf_name(project: Project, edition: Edition) -> str:
    """<short_name>-<Fassung or entwurf>.pdf, short_name from ubproject.toml [project]."""
    meta = tomllib.loads(project.config_file.read_text(encoding="utf-8")).get("project", {})
    label = "entwurf" if edition.is_draft else edition.version
    return f"{meta.get('short_name', 'strategie')}-{label}.pdf"


def _cover(project: Project) -> Cover:
    meta = tomllib.loads(project.config_file.read_text(encoding="utf-8")).get("project", {})
    settings = load_model(project.config_file).settings
    return Cover(
        title=meta.get("name", ""),
        short_title=meta.get("nav_title", meta.get("name", "")),
        subtitle=settings.get("cover_subtitle", ""),
        funding=settings.get("cover_funding", ""),
        licence=settings.get("cover_licence", ""),
        author=meta.get("author", ""),
    )


def build_pdf(
    project: Project, outdir: Path, edition: Edition, overrides: dict[str, str] | None = None
) -> Output:
    """singlehtml through Sphinx, reshaped for print, rendered by WeasyPrint.

    The PDF lands in outdir only when neither Sphinx nor WeasyPrint complained: a build
    with findings fails, and a failed build leaves no edition behind.
    """
    require_libraries()  # a machine without them stops here, with exit 2
    target = outdir / pdf_name(project, edition)
    with tempfile.TemporaryDirectory(prefix="stratdoc-pdf-") as tmp:
        source = Path(tmp) / "singlehtml"
        result = run_builder(project, "singlehtml", source, edition, overrides=overrides)
        needs = NeedsFile.load(result.needs_json) if result.needs_json.is_file() else None
        findings = to_findings(result.messages, project.root, needs)
        if result.returncode != 0 or findings:
            return Output("pdf", target, findings)
        document = print_html(source / "index.html", _cover(project), edition)
        rendered = Path(tmp) / target.name
        complaints = render_pdf(document, source, rendered)
        findings += [
            Finding(
                project.relative(target),
                None,
                "pdf-render",
                "error",
                _("WeasyPrint: {complaint}").format(complaint=m),
            )
            for m in complaints
        ]
        if not complaints:
            outdir.mkdir(parents=True, exist_ok=True)
            shutil.move(rendered, target)
    return Output("pdf", target, findings)


# Every format an edition has; release and site build all of them.
FORMATS: tuple[str, ...] = ("html", "pdf")


def build_editions(
    project: Project,
    outdir: Path,
    edition: Edition,
    formats: tuple[str, ...] = FORMATS,
    overrides: dict[str, str] | None = None,
) -> list[Output]:
    """Fresh builds of the requested formats into outdir/<fmt>/.

    *overrides* are extra Sphinx -D values for the HTML (the site's version switcher).
    Every format reads the same sources, so a source problem is reported once, by the
    first format that met it.
    """
    forge.load(project)  # a wrong [stratdoc.forge] stops here, with exit 2, not inside Sphinx
    if "pdf" in formats:
        require_libraries()  # before any format starts
    with tempfile.TemporaryDirectory(prefix="stratdoc-monitoring-") as tmp:
        report = monitoring_data(project, edition, Path(tmp))
        chapter = {"stratdoc_monitoring": str(report)} if report else {}
        builders = {
            "html": partial(build_html, overrides={**(overrides or {}), **chapter}),
            "pdf": partial(build_pdf, overrides=chapter),
        }
        # each format is its own Sphinx subprocess (and, for the PDF, WeasyPrint): on two
        # cores they run side by side
        with ThreadPoolExecutor(max_workers=len(formats) or 1) as pool:
            futures = [
                pool.submit(builders[fmt], project, outdir / fmt, edition) for fmt in formats
            ]
            outputs = [future.result() for future in futures]
    seen: set[Finding] = set()
    for output in outputs:
        output.findings = [f for f in output.findings if f not in seen]
        seen.update(output.findings)
    return outputs
