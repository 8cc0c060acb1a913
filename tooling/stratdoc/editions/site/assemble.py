"""`stratdoc site`: every released Fassung plus the draft as one static site.

Each Fassung is built once from its tag in a separate work tree and kept in
_build/site-cache/ by content fingerprint; the site itself is assembled from those
builds every time (copies, banner, landing page, switcher.json) and swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratdoc.core import gitrepo, snapshot
from stratdoc.core.edition import ADOPTED, Edition
from stratdoc.core.errors import StratdocError
from stratdoc.core.findings import render
from stratdoc.core.fingerprint import fingerprint
from stratdoc.core.i18n import _, ngettext
from stratdoc.core.needs_data import NeedsFile
from stratdoc.core.partners import PartnerMap
from stratdoc.core.partners import load as load_partners
from stratdoc.core.project import Project, editions_dir
from stratdoc.editions import manifest
from stratdoc.editions.build import FORMATS, build_editions, draft_edition
from stratdoc.editions.site.banner import add_banner
from stratdoc.editions.site.cache import CacheCounters, EditionCache
from stratdoc.editions.site.landing import LATEST, PdfInfo, Published, landing_page, switcher_json
from stratdoc.history import attribution, synopsis

if TYPE_CHECKING:
    import git

# relative to an edition's root (pydata resolves it there), so it names the site root's file
SWITCHER_URL = "../switcher.json"
DRAFT_SLUG = "entwurf"
SITE_MARK = "switcher.json"


@dataclass
class SiteResult:
    out: Path
    fassungen: list[Published]
    counters: CacheCounters


@dataclass(frozen=True)
class _Source:
    edition: Edition
    slug: str
    tag: str | None  # None: the working tree
    fingerprint: str | None  # None: uncommitted changes, never cached
    previous: str | None = None  # the Fassung its Synopse annex compares against


def _sources(project: Project, repo: git.Repo) -> list[_Source]:
    sources = []
    previous = None
    for version in gitrepo.release_tags(repo):
        tag = f"v{version}"
        date, commit = gitrepo.tag_date(repo, tag), gitrepo.rev_short(repo, tag)
        edition = Edition(version, ADOPTED, date, commit)
        sources.append(_Source(edition, version, tag, fingerprint(repo, tag), previous))
        previous = version
    draft = draft_edition(project)
    clean = gitrepo.has_commit(repo) and not draft.commit.endswith("+")
    sources.append(_Source(draft, DRAFT_SLUG, None, fingerprint(repo) if clean else None))
    return sources


def _credits(repo: git.Repo, partners: PartnerMap, source: _Source, built: Path) -> list[str]:
    """The organisations (by name where the Fassung has them) of the commits since the
    Fassung before, then the authors no organisation claims, by name."""
    if not gitrepo.has_commit(repo):
        return []
    since = f"v{source.previous}" if source.previous else None
    if source.tag is None:  # the draft: since the newest release
        tags = gitrepo.release_tags(repo)
        since = f"v{tags[-1]}" if tags else None
    found = attribution.credits(repo, since, source.tag or "HEAD", partners)
    needs_json = built / "html" / "needs.json"
    titles = {}
    if needs_json.is_file():
        titles = {n["id"]: n.get("title", "") for n in NeedsFile.load(needs_json).of_type("akteur")}
    orgs = [titles.get(c.organisation) or c.organisation for c in found if c.organisation]
    names = sorted({a.split(" <")[0] for c in found if not c.organisation for a in c.authors})
    return orgs + ([f"{attribution.UNATTRIBUTED}: {', '.join(names)}"] if names else [])


def _builder(
    project: Project, repo: git.Repo, source: _Source, formats: tuple[str, ...]
) -> Callable[[Path], None]:
    overrides = {"stratdoc_switcher_json": SWITCHER_URL}

    def build(dest: Path) -> None:
        if source.tag is None:
            outputs = build_editions(project, dest, source.edition, formats, overrides)
        else:
            tree = Path(tempfile.mkdtemp(prefix="stratdoc-site-")) / "tree"
            gitrepo.add_worktree(repo, tree, source.tag)
            try:
                if source.previous:  # as in the release's own edition
                    synopsis.add_annex(
                        Project(tree),
                        repo,
                        f"v{source.previous}",
                        source.tag,
                        source.previous,
                        source.edition.version,
                        project.build_dir / snapshot.NEEDS_CACHE,
                    )
                outputs = build_editions(Project(tree), dest, source.edition, formats, overrides)
            finally:
                gitrepo.remove_worktree(repo, tree)
                shutil.rmtree(tree.parent, ignore_errors=True)
        findings = [f for output in outputs for f in output.findings]
        if findings:
            what = source.tag or _("the draft")
            raise StratdocError(
                ngettext(
                    "{what}: its edition has {count} build problem: {first}",
                    "{what}: its edition has {count} build problems, the first: {first}",
                    len(findings),
                ).format(what=what, count=len(findings), first=render(findings[:1], "text"))
            )

    return build


def _cached_build(
    cache: EditionCache,
    project: Project,
    repo: git.Repo,
    source: _Source,
    formats: tuple[str, ...],
) -> Path:
    settings: dict[str, object] = {
        **source.edition.confoverrides(),
        "formats": list(formats),
        "switcher": SWITCHER_URL,
        "synopse": source.previous or "",
    }
    build = _builder(project, repo, source, formats)
    if source.fingerprint is None:
        return cache.rebuild("worktree", settings, build)
    return cache.entry(source.fingerprint, settings, build)


def _link_tree(src: Path, dest: Path) -> None:
    """Copy by hard links where the file system allows: the cache's files are not changed."""

    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    shutil.copytree(src, dest, copy_function=link)


def _pdfs(folder: Path, listed: dict[str, dict[str, Any]]) -> list[tuple[Path, int, str]]:
    """(file, size, SHA-256) of every PDF in a manifest-style listing of *folder*."""
    return [
        (folder / rel, int(facts["size"]), str(facts["sha256"]))
        for rel, facts in sorted(listed.items())
        if rel.endswith(".pdf") and (folder / rel).is_file()
    ]


def _publish_pdfs(project: Project, source: _Source, built: Path, dest: Path) -> list[PdfInfo]:
    """The release's own PDF and its manifest facts when its edition is here, else the built one."""
    released = editions_dir(project) / source.edition.version
    listed = []
    if source.tag and (released / manifest.NAME).is_file():
        listed = _pdfs(released, manifest.read(released).get("artifacts", {}))
    if not listed:
        pdf_dir = built / "pdf"
        listed = _pdfs(pdf_dir, manifest.artifacts(pdf_dir) if pdf_dir.is_dir() else {})
    infos = []
    for path, size, sha in listed:
        shutil.copy2(path, dest / path.name)
        infos.append(PdfInfo(f"{source.slug}/{path.name}", size, sha))
    return infos


def _title(project: Project) -> str:
    meta = tomllib.loads(project.config_file.read_text(encoding="utf-8")).get("project", {})
    return str(meta.get("nav_title") or meta.get("name") or "Strategie")


def _check_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / SITE_MARK).is_file():
        raise StratdocError(
            _(
                "{folder}: exists and is not a stratdoc site; name a new or empty folder with --out"
            ).format(folder=out)
        )


def _swap_in(stage: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build_site(
    project: Project, out: Path, formats: tuple[str, ...] = FORMATS, base_url: str = "/"
) -> SiteResult:
    """Build what is missing from the cache, assemble the site in a temp folder, swap it in."""
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{folder}: not a Git repository; the site is built from tags").format(
                folder=project.root
            )
        )
    gitrepo.require_full_history(
        repo,
        _(
            "shallow clone: the site is built from the tags and history it lacks; "
            "run `git fetch --unshallow --tags` and build again"
        ),
    )
    out = out.resolve()
    _check_out(out)
    if not base_url.endswith("/"):
        base_url += "/"
    cache = EditionCache(project.build_dir / "site-cache")
    partners = load_partners(project)
    sources = _sources(project, repo)
    builds = [_cached_build(cache, project, repo, s, formats) for s in sources]

    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        published = []
        for source, built in zip(sources, builds, strict=True):
            dest = stage / source.slug
            _link_tree(built / "html", dest)
            pdfs = _publish_pdfs(project, source, built, dest)
            credited = _credits(repo, partners, source, built)
            published.append(Published(source.edition, source.slug, pdfs, credited))
        releases = [(s, b) for s, b in zip(sources, builds, strict=True) if s.tag]
        if releases:
            newest, newest_build = releases[-1]
            latest = stage / LATEST
            _link_tree(newest_build / "html", latest)
            for source, _build in releases[:-1]:
                folder = stage / source.slug
                for page in folder.rglob("*.html"):
                    add_banner(page, folder, latest, newest.edition)
        (stage / "index.html").write_text(landing_page(_title(project), published), "utf-8")
        (stage / SITE_MARK).write_text(switcher_json(published, base_url), "utf-8")
        stage.chmod(0o755)
        _swap_in(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return SiteResult(out, published, cache.counters)
