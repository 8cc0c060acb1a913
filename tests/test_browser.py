"""The editions site in a real browser (Debian Chromium via Playwright), served over HTTP.

One site is built for the whole module: a tiny project with three release tags and a
draft commit after the last one. The third tag is added after a first site build, so the
cache counters of the second build show that a new release builds one edition only.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import copy_project, git, init_repo
from stratdoc.core.project import Project, editions_dir
from stratdoc.editions import manifest
from stratdoc.editions.site.assemble import build_site
from stratdoc.editions.site.cache import CacheCounters

CHROMIUM = Path("/usr/bin/chromium")
PAGE = "handlungsfelder/fachkraefte.html"
SOURCE = "strategy/handlungsfelder/fachkraefte.md"


@dataclass
class Site:
    url: str
    out: Path
    first: CacheCounters
    second: CacheCounters
    pdf_sha: str
    pdf_size: int


def _edit(root: Path, path: str, old: str, new: str, message: str, author: str = "") -> None:
    """Commit a replacement; *author* "Name <e-mail>" (default: the repository's identity)."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    git(root, "commit", "-q", "-am", message, *([f"--author={author}"] if author else []))


def _set_forge(root: Path, kind: str, url: str) -> None:
    config = root / "ubproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'\n[stratdoc.forge]\nkind = "{kind}"\nurl = "{url}"\n'
        + 'repository = "traiber/strategie"\nbranch = "main"\n',
        encoding="utf-8",
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = copy_project(tmp_path_factory.mktemp("site") / "repo", "site")
    _set_forge(root, "gitlab", "https://gitlab.example.org")
    (root / "governance").mkdir(exist_ok=True)
    (root / "governance" / "partners.toml").write_text(
        '[AK_IHK]\ndomains = ["ihk.example.org"]\n', encoding="utf-8"
    )
    root = init_repo(root)
    git(root, "tag", "v1.0")
    # a browser edit at the chamber: no trailer, credited through the partner map
    ihk = "Petra Pohl <p.pohl@wuppertal.ihk.example.org>"
    _edit(root, SOURCE, "Genug Fachkräfte", "Ausreichend Fachkräfte", "Ziel genauer", ihk)
    git(root, "tag", "-a", "v2.0", "-m", "Fassung 2.0")
    _edit(root, SOURCE, "für Schulklassen", "für Schulklassen und Lehrkräfte", "Lehrkräfte")
    third = git(root, "rev-parse", "HEAD")
    _edit(root, "strategy/akteure.md", "# Akteure", "# Akteure der Region", "Überschrift")
    # the release process's edition of 2.0 with its manifest: the site lists that PDF
    released = editions_dir(Project(root)) / "2.0"
    (released / "pdf").mkdir(parents=True)
    pdf = b"%PDF-1.4 Fassung 2.0\n%%EOF\n"
    (released / "pdf" / "strategie-2.0.pdf").write_bytes(pdf)
    manifest.write(released, {"version": "2.0"})
    sha = hashlib.sha256(pdf).hexdigest()
    project = Project(root)
    out = root / "_build" / "site"
    first = build_site(project, out, formats=("html",)).counters
    git(root, "tag", "-a", "v3.0", "-m", "Fassung 3.0", third)
    second = build_site(project, out, formats=("html",)).counters
    with _served(out) as url:
        yield Site(url, out, first, second, sha, len(pdf))


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    """*folder* over HTTP on localhost, as a web server would publish it."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _grave_violations(page: object) -> list[tuple[str, str, list[object]]]:
    from axe_playwright_python.sync_playwright import Axe

    # axe's CSSOM preload resolves the theme's @import against the page, not the
    # stylesheet: a 404 of its own making; computed styles suffice for its rules
    options = {"resultTypes": ["violations"], "preload": False}
    violations = Axe().run(page, options=options).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium missing: .ci/run installs Debian package chromium")
        pytest.skip("install Debian package chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@dataclass
class Tab:
    page: object
    errors: list[str]
    dialogs: list[str]


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    page = browser.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def on_dialog(d: object) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield Tab(page, errors, dialogs)
    page.close()


def test_adding_a_release_builds_exactly_one_edition(site: Site) -> None:
    assert (site.first.built, site.first.reused) == (3, 0)  # 1.0, 2.0, draft
    assert (site.second.built, site.second.reused) == (1, 3)  # only 3.0


def test_landing_page_lists_every_fassung_with_status_date_and_pdf(site: Site, tab: Tab) -> None:
    page = tab.page
    page.goto(site.url + "/")
    rows = page.locator("tbody tr")
    assert rows.count() == 4
    texts = [rows.nth(i).inner_text() for i in range(4)]
    assert texts[0].startswith("Entwurf") and "Stand " in texts[0]
    assert [t.split("\t")[0] for t in texts[1:]] == ["Fassung 3.0", "Fassung 2.0", "Fassung 1.0"]
    assert "beschlossen (aktuell)" in texts[1] and "beschlossen" in texts[3]
    assert site.pdf_sha in texts[2] and "kein PDF" in texts[3]
    # who brought each Fassung's changes in: the organisation, or the author by name only
    credits = [t.split("\t")[-1] for t in texts]
    assert credits == ["nicht zugeordnet: Projektbüro"] * 2 + [
        "Bergische IHK",
        "nicht zugeordnet: Projektbüro",
    ]
    with urllib.request.urlopen(site.url + "/2.0/strategie-2.0.pdf") as resp:
        assert hashlib.sha256(resp.read()).hexdigest() == site.pdf_sha
    page.get_by_role("link", name="Aktuelle Fassung lesen: Fassung 3.0", exact=False).click()
    page.wait_for_url(site.url + "/latest/")
    assert "Lehrkräfte" in page.goto(site.url + "/latest/" + PAGE).text()
    assert tab.errors == []


def test_switcher_moves_between_fassungen(site: Site, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{site.url}/1.0/{PAGE}")
    button = page.locator(".version-switcher__button").first
    page.wait_for_function(
        "document.querySelector('.version-switcher__button').dataset.activeVersion === '1.0'"
    )
    button.click()
    names = page.locator(".version-switcher__menu a").all_inner_texts()
    assert names == ["Entwurf", "3.0 (aktuell)", "2.0", "1.0"]
    page.locator(".version-switcher__menu a", has_text="2.0").first.click()
    page.wait_for_url(f"{site.url}/2.0/{PAGE}")
    page.locator(".version-switcher__button").first.click()
    page.locator(".version-switcher__menu a", has_text="Entwurf").first.click()
    page.wait_for_url(f"{site.url}/entwurf/{PAGE}")
    assert page.locator(".bd-header-announcement").first.inner_text().startswith("Entwurf")
    assert tab.errors == []


def test_banner_on_superseded_fassungen_links_the_same_page_in_the_current(
    site: Site, tab: Tab
) -> None:
    page = tab.page
    for version in ("1.0", "2.0"):
        page.goto(f"{site.url}/{version}/{PAGE}")
        banner = page.locator(".stratdoc-superseded")
        assert banner.inner_text().startswith("Diese Fassung ist nicht mehr aktuell.")
        assert banner.is_visible()
    page.locator(".stratdoc-superseded a").click()
    page.wait_for_url(f"{site.url}/latest/{PAGE}")
    for current in (f"/latest/{PAGE}", f"/3.0/{PAGE}", "/3.0/index.html", f"/entwurf/{PAGE}"):
        page.goto(site.url + current)
        assert page.locator(".stratdoc-superseded").count() == 0, current
    assert tab.errors == []


def test_german_search_finds_fachkraefte_pages(site: Site, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{site.url}/latest/search.html?q=Fachkräfte")
    hits = page.locator("#search-results ul.search li a")
    hits.first.wait_for()
    hrefs = [hits.nth(i).get_attribute("href") for i in range(hits.count())]
    assert any(h.startswith(PAGE) for h in hrefs), hrefs
    assert tab.errors == []


def test_need_links_lead_to_the_need(site: Site, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{site.url}/latest/akteure.html")
    page.locator("a.reference", has_text="MA_SCHULE").first.click()
    page.wait_for_url(f"{site.url}/latest/{PAGE}#MA_SCHULE")
    assert page.locator("#MA_SCHULE").is_visible()
    assert tab.errors == []


def test_no_console_errors_on_any_kind_of_page(site: Site, tab: Tab) -> None:
    pages = [
        "/",
        "/latest/",
        "/1.0/",
        f"/1.0/{PAGE}",
        "/entwurf/",
        "/3.0/akteure.html",
        "/latest/genindex.html",
        "/latest/synopse.html",
    ]
    for path in pages:
        tab.page.goto(site.url + path, wait_until="networkidle")
    assert tab.errors == []


@pytest.mark.parametrize("path", ["/", f"/latest/{PAGE}", f"/1.0/{PAGE}", "/latest/synopse.html"])
def test_no_serious_accessibility_violations(site: Site, tab: Tab, path: str) -> None:
    tab.page.goto(site.url + path, wait_until="networkidle")
    assert _grave_violations(tab.page) == []
    assert tab.errors == []


def test_shipped_action_field_page_is_accessible(shipped_build: Path, tab: Tab) -> None:
    """The real thing: needtables and charts of the shipped strategy."""
    with _served(shipped_build / "html") as url:
        tab.page.goto(
            f"{url}/handlungsfelder/fachkraefte-quantitativ.html", wait_until="networkidle"
        )
        assert tab.page.locator("table.need").count() > 3
        assert _grave_violations(tab.page) == []
    assert tab.errors == []


def test_markup_injection_does_not_execute(site: Site, tab: Tab) -> None:
    page = tab.page
    for version in ("1.0", "latest", "entwurf"):
        page.goto(f"{site.url}/{version}/{PAGE}", wait_until="networkidle")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # the payloads are shown as text instead
        assert "<script>window.__pwned=1</script>" in page.locator("#MA_SCHULE").inner_text()
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator("img[src=x]").count() == 0
    assert tab.dialogs == []


def test_each_fassung_publishes_its_needs_json(site: Site) -> None:
    for version, title in (("1.0", "Genug"), ("3.0", "Ausreichend")):
        with urllib.request.urlopen(f"{site.url}/{version}/needs.json") as resp:
            data = json.load(resp)
        needs = data["versions"][data["current_version"]]["needs"]
        assert needs["HF_FK"]["ziel"].startswith(title)
        assert {"MA_SCHULE", "AK_IHK", "KPI_SCHULEN"} <= set(needs)


EDITORS = {
    "gitlab": "https://gitlab.example.org/traiber/strategie/-/edit/main/",
    "github": "https://github.com/traiber/strategie/edit/main/",
}


def _propose_by_keyboard(page: object, editor: str) -> str:
    """Tab to "Änderung vorschlagen", press Enter; the URL the forge was asked for."""
    page.route(editor + "**", lambda route: route.fulfill(body="Editor", content_type="text/html"))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Änderung vorschlagen":
            break
    else:
        raise AssertionError("Änderung vorschlagen is not reachable by keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page.url


def test_gitlab_edit_link_opens_the_editor_of_the_page_source(site: Site, tab: Tab) -> None:
    page = tab.page
    for version in ("entwurf", "latest"):
        page.goto(f"{site.url}/{version}/{PAGE}", wait_until="networkidle")
        assert _propose_by_keyboard(page, EDITORS["gitlab"]) == EDITORS["gitlab"] + SOURCE
        page.goto(f"{site.url}/{version}/akteure.html")
        link = page.get_by_role("link", name="Änderung vorschlagen")
        assert link.get_attribute("href") == EDITORS["gitlab"] + "strategy/akteure.md"
    # a superseded Fassung takes no proposals: its banner, no link
    for version in ("1.0", "2.0"):
        page.goto(f"{site.url}/{version}/{PAGE}")
        assert page.locator(".stratdoc-superseded").count() == 1
        assert page.get_by_role("link", name="Änderung vorschlagen").count() == 0
    assert tab.errors == []


def test_github_edit_link_opens_the_editor_of_the_page_source(tmp_path: Path, tab: Tab) -> None:
    from click.testing import CliRunner
    from stratdoc.cli import main

    root = copy_project(tmp_path / "repo", "site")
    _set_forge(root, "github", "https://github.com")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "html"])
    assert result.exit_code == 0, result.output
    with _served(root / "_build" / "html") as url:
        tab.page.goto(f"{url}/{PAGE}", wait_until="networkidle")
        assert _propose_by_keyboard(tab.page, EDITORS["github"]) == EDITORS["github"] + SOURCE
    assert tab.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_edit_link_meets_contrast_in_light_and_dark_mode(site: Site, tab: Tab, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = tab.page
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site.url}/entwurf/{PAGE}", wait_until="networkidle")
    # the site keeps its light scheme whatever the reader prefers (dark mode is off)
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    options = {"runOnly": ["color-contrast"], "preload": False}
    result = Axe().run(page, context=".stratdoc-propose", options=options).response
    assert result["violations"] == []
    # the link was measured (one node passed), not skipped
    assert [len(r["nodes"]) for r in result["passes"]] == [1]


# ---- every page of the shipped strategy: reflow, both colour schemes, German interface ----

# the theme's English defaults (pydata-sphinx-theme's message catalogue and theme.conf) and
# Sphinx's, as they would show on a page or in an attribute a screen reader reads out
ENGLISH = (
    "Search the docs",
    "Skip to main content",
    "Back to top",
    "On this page",
    "Section Navigation",
    "Site navigation",
    "previous page",
    "next page",
    "Show Source",
    "Color mode",
    "System Settings",
    "Version warning",
    "Announcement",
    "Breadcrumb",
    "Click to expand",
    "Click to collapse",
    "Link to this heading",
    "Link to this table",
    "Link to this image",
    "Link to this definition",
    "Link to this term",
    "Collapse Sidebar",
    "Expand Sidebar",
    "Searching, Please Wait",
    "General Index",
    "Created using",
    "Built with",
)

# every text node outside scripts and styles, and every attribute read out or shown
_PAGE_STRINGS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest('script, style, template')) out.push(walker.currentNode.data);
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]'))
    for (const name of ['aria-label', 'placeholder', 'title', 'alt'])
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
  return out.join('\\n');
}"""

# what does not fit 320 CSS pixels: the document and the main column, and any element
# whose content is cut by overflow: hidden or clip (headings, prev/next links)
_OVERFLOW = """() => {
  const found = [];
  const check = (el, what) => {
    if (el && el.scrollWidth > el.clientWidth + 1)
      found.push(`${what}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
  };
  check(document.documentElement, 'document');
  check(document.querySelector('.bd-main'), 'main column');
  check(document.querySelector('.bd-article-container'), 'article');
  for (const el of document.querySelectorAll('h1, h2, h3, h4, .prev-next-area a, .navbar-brand')) {
    const style = getComputedStyle(el);
    if (style.display !== 'none' && el.scrollWidth > el.clientWidth + 1)
      found.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" clipped`);
  }
  return found;
}"""


def shipped_pages(html: Path) -> list[str]:
    """Every page the shipped strategy renders, but the permalink redirect (checked apart)."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.name != "permalink.html" and "_static" not in p.parts
    )


@pytest.fixture(scope="module")
def shipped_site(shipped_build: Path) -> Iterator[tuple[str, list[str]]]:
    with _served(shipped_build / "html") as url:
        yield url, shipped_pages(shipped_build / "html")


VIEWS = [(320, "light"), (320, "dark"), (1280, "light"), (1280, "dark")]


def test_every_shipped_page_reflows_and_passes_axe(
    shipped_site: tuple[str, list[str]], browser: object
) -> None:
    """WCAG 1.4.10 (320 px, nothing cut) and axe's serious and critical rules, in the light
    and the dark colour scheme the reader's system asks for, at 320 and 1280 px: one tab per
    view, each page opened in all four at once so their waits for an idle network overlap."""
    url, pages = shipped_site
    assert len(pages) >= 20
    contexts = {
        view: browser.new_context(viewport={"width": view[0], "height": 900}, color_scheme=view[1])
        for view in VIEWS
    }
    tabs = {view: context.new_page() for view, context in contexts.items()}
    errors: list[str] = []
    for view, tab in tabs.items():
        tab.on("pageerror", lambda e, view=view: errors.append(f"{view}: {e}"))
    problems: dict[str, object] = {}
    try:
        for path in pages:
            for tab in tabs.values():
                tab.goto(f"{url}/{path}", wait_until="commit")
            for (width, scheme), tab in tabs.items():
                tab.wait_for_load_state("networkidle")
                found: list[object] = []
                if width == 320:
                    found += tab.evaluate(_OVERFLOW)
                found += _grave_violations(tab)
                if found:
                    problems[f"{width}px {scheme}: {path}"] = found
    finally:
        for context in contexts.values():
            context.close()
    assert problems == {}
    assert errors == []


def test_no_english_interface_string_on_any_shipped_page(
    shipped_site: tuple[str, list[str]], tab: Tab
) -> None:
    url, pages = shipped_site
    english: dict[str, list[str]] = {}
    for path in pages:
        tab.page.goto(f"{url}/{path}", wait_until="networkidle")
        strings = tab.page.evaluate(_PAGE_STRINGS)
        if hits := [s for s in ENGLISH if s in strings]:
            english[path] = hits
    assert english == {}


def test_permalink_page_is_german(shipped_build: Path) -> None:
    text = (shipped_build / "html" / "permalink.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in text
    assert [s for s in ENGLISH if s in text] == []


# ---- stratdoc overview: the site over many networks ----


@pytest.fixture(scope="module")
def overview_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from stratdoc.federation.overview import networks, site, sources
    from test_overview import ATLAS, TRAIBER, publish

    tmp = tmp_path_factory.mktemp("overview")
    publish(tmp / "T", "TRAIBER", TRAIBER)
    publish(tmp / "A", "ATLAS", ATLAS, fassung="1.1")
    listed = [
        networks.Network("TRAIBER.NRW", "TRAIBER", "Bergische Region", folder=tmp / "T"),
        networks.Network("ATLAS", "ATLAS", "Südwestfalen", folder=tmp / "A"),
        networks.Network(
            "Netzwerk ohne Daten",
            "LEER",
            "Irgendwo",
            needs_url="http://127.0.0.1:9/needs.json",
            monitoring_url="http://127.0.0.1:9/monitoring.json",
        ),
    ]
    site.write_site(sources.retrieve_all(listed, tmp / "cache"), tmp / "site", tmp / "cache")
    with _served(tmp / "site") as url:
        yield url


@pytest.mark.parametrize("page_name", ["index.html", "massnahmen.html"])
@pytest.mark.parametrize(("width", "scheme"), [(320, "light"), (320, "dark"), (1280, "dark")])
def test_overview_reflows_and_passes_axe(
    overview_site: str, tab: Tab, page_name: str, width: int, scheme: str
) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{overview_site}/{page_name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _grave_violations(page) == []
    assert tab.errors == []


def test_overview_filters_measures_with_labelled_controls(overview_site: str, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{overview_site}/massnahmen.html")
    rows = page.locator("#massnahmen tbody tr")
    assert rows.count() == 4
    page.get_by_label("Handlungsfeld", exact=True).select_option("Standort")
    assert page.locator("#massnahmen tbody tr:visible").count() == 1
    assert page.locator("#treffer").inner_text() == "1 von 4 Maßnahmen"
    page.get_by_label("Handlungsfeld", exact=True).select_option("")
    page.get_by_label("Art der Federführung").select_option("IHK")
    assert page.locator("#massnahmen tbody tr:visible").count() == 3


def test_overview_without_javascript_is_a_plain_table(browser: object, overview_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{overview_site}/massnahmen.html")
    assert page.locator("#massnahmen tbody tr:visible").count() == 4
    assert not page.locator("#filter").is_visible()  # no controls that could not work
    context.close()


def test_overview_table_columns_stay_readable_at_320_px(overview_site: str, tab: Tab) -> None:
    """Narrow screens scroll the table inside its region; no column shrinks to one letter."""
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{overview_site}/massnahmen.html")
    lines = page.evaluate(
        """() => {
            const cell = document.querySelector("#m-TRAIBER-MA_FLAECHEN td");
            const range = document.createRange();
            range.selectNodeContents(cell);
            return [cell.innerText, new Set([...range.getClientRects()].map(r => r.top)).size];
        }"""
    )
    assert lines == ["TRAIBER", 1]  # the network's short name on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
