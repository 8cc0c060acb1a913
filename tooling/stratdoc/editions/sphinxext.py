"""Sphinx extension: German need layout, edition metadata and the draft marker."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.config import Config

from stratdoc.core import forge as forge_config
from stratdoc.core.edition import DRAFT, german_date
from stratdoc.core.model import load_model
from stratdoc.editions import charts
from stratdoc.editions.neighbour_links import link_neighbour_needs
from stratdoc.editions.synopse_directive import TRUSTED, SynopseTabelle
from stratdoc.editions.umsetzungsbericht_directive import Umsetzungsbericht

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
LAYOUT = "stratdoc"
SEARCH_TEXT = "Strategie durchsuchen …"
# pydata-sphinx-theme's default, read when conf.py sets none
NAVBAR_END = ["theme-switcher", "navbar-icon-links"]
# sphinx-needs' redirect page for need IDs, written in English
PERMALINK = "permalink.html"
PERMALINK_GERMAN = (
    ('<html lang="en">', '<html lang="de">'),
    ("<title>sphinx-needs permalink</title>", "<title>Verweis auf ein Objekt</title>"),
    ("<h1>Searching, Please Wait...</h1>", "<h1>Das Objekt wird gesucht …</h1>"),
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("*", "\\\\*")


def need_layout(fields: dict[str, dict[str, Any]], hidden: list[str]) -> dict[str, Any]:
    """One line per shown field, labelled with its German description; then all links."""
    meta = [
        f'<<meta("{name}", prefix="{_escape(spec.get("description", name))}: ")>>'
        for name, spec in fields.items()
        if name not in hidden
    ]
    return {
        "grid": "simple",
        "layout": {
            "head": ['<<meta("type_name")>> <<meta_id()>>: **<<meta("title")>>**'],
            "meta": [*meta, '<<meta_links_all(prefix="**", postfix="**")>>'],
        },
    }


def draft_marker(config: Config) -> str:
    parts = ["Entwurf", f"Stand {german_date(config.stratdoc_date)}"]
    if config.stratdoc_commit:
        parts.append(config.stratdoc_commit)
    return " · ".join(parts)


def version_switcher(config: Config, options: dict[str, Any]) -> dict[str, Any]:
    """pydata's version switcher, its JSON fetched at view time (relative to the edition root)."""
    start = list(options.get("navbar_start") or ["navbar-logo"])
    return {
        "switcher": {
            "json_url": config.stratdoc_switcher_json,
            "version_match": config.stratdoc_version,
        },
        "check_switcher": False,
        "navbar_start": [*start, "version-switcher"],
    }


def neutralise_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    """Raw HTML from the sources is shown as text, never passed into the page."""
    for node in list(doctree.findall(nodes.raw)):
        if "html" in node.get("format", "").split() and not node.get(TRUSTED):
            shown = nodes.literal_block(node.astext(), node.astext(), language="none")
            node.replace_self(shown)


# the class the site looks for to take the link out of a superseded Fassung
PROPOSE_CLASS = "stratdoc-propose"


def propose_link(url: str) -> str:
    """The "Änderung vorschlagen" paragraph: a real link, reachable by keyboard, in every mode."""
    return (
        f'<p class="{PROPOSE_CLASS}"><a href="{escape(url)}" rel="nofollow">'
        f"{forge_config.LABEL}</a></p>\n"
    )


@cache
def _forge(confdir: str | Path) -> forge_config.Forge | None:
    model = load_model(Path(confdir) / "ubproject.toml")
    return forge_config.from_settings(model.settings, "ubproject.toml")


def add_propose_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The forge's web editor for the page's own source file, on HTML pages with a source."""
    forge = _forge(app.confdir)
    if forge is None or app.builder.name != "html" or pagename not in app.env.found_docs:
        return
    source = Path(app.env.doc2path(pagename))
    try:
        path = source.resolve().relative_to(Path(app.confdir).resolve()).as_posix()
    except ValueError:
        return
    if source.is_file() and "body" in context:
        context["body"] = propose_link(forge.edit_url(path)) + context["body"]


def unwrap_blocks_in_inlines(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """sphinx-needs' layouts put each line into an inline, also the line block of the links:
    a div inside a span, invalid HTML. Such inlines give way to their children."""
    for inline in list(doctree.findall(nodes.inline)):
        if any(isinstance(child, (nodes.Body, nodes.line)) for child in inline.children):
            inline.replace_self(inline.children)


def german_permalink_page(app: Sphinx, exception: Exception | None) -> None:
    page = Path(app.outdir) / PERMALINK
    if exception is not None or not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    for old, new in PERMALINK_GERMAN:
        text = text.replace(old, new)
    page.write_text(text, encoding="utf-8")


def _configure(app: Sphinx, config: Config) -> None:
    fields = dict(getattr(config, "needs_fields", {}) or {})
    layouts = dict(config.needs_layouts or {})
    model = load_model(Path(app.confdir) / "ubproject.toml")
    _forge(app.confdir)  # a wrong [stratdoc.forge] fails the build at its start
    layouts[LAYOUT] = need_layout(fields, list(model.settings.get("hidden_fields", [])))
    config.needs_layouts = layouts
    config.needs_default_layout = LAYOUT
    # full need titles in running text, not sphinx-needs' 30 characters and "..."
    config.needs_role_need_max_title_length = -1
    options = dict(config.html_theme_options or {})
    options.setdefault("search_bar_text", SEARCH_TEXT)
    # one colour scheme, the light one: the project's need boxes, Synopse, banners and
    # charts have no dark colours, and the theme's dark scheme failed contrast on them
    options["navbar_end"] = [
        name for name in options.get("navbar_end", NAVBAR_END) if name != "theme-switcher"
    ]
    if config.stratdoc_status == DRAFT:
        options["announcement"] = draft_marker(config)
    if config.stratdoc_switcher_json:
        options.update(version_switcher(config, options))
    config.html_theme_options = options
    context = dict(config.html_context or {})
    # light whatever the reader's system prefers (see navbar_end above); the theme's
    # empty default would make its script log an error on every page
    context["default_mode"] = "light"
    context.update(
        stratdoc_version=config.stratdoc_version,
        stratdoc_status=config.stratdoc_status,
        stratdoc_date=german_date(config.stratdoc_date),
        stratdoc_commit=config.stratdoc_commit,
        stratdoc_draft_marker=draft_marker(config) if config.stratdoc_status == DRAFT else "",
    )
    config.html_context = context
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # without one, browsers ask the server root for favicon.ico: a 404 on every page
    config.html_favicon = config.html_favicon or str(STATIC / "favicon.svg")


def setup(app: Sphinx) -> dict[str, Any]:
    from stratdoc.core.edition import build_date

    app.add_config_value("stratdoc_version", "Entwurf", "env", str)
    app.add_config_value("stratdoc_status", DRAFT, "env", str)
    app.add_config_value("stratdoc_date", build_date().isoformat(), "env", str)
    app.add_config_value("stratdoc_commit", "", "env", str)
    # "" = no version switcher; the site sets a URL relative to each edition's root
    app.add_config_value("stratdoc_switcher_json", "", "html", str)
    # the Umsetzungsbericht's data (history/monitoring.py as JSON); "" = none
    app.add_config_value("stratdoc_monitoring", "", "env", str)
    # after sphinx-needs has read ubproject.toml (priority 10)
    app.connect("config-inited", _configure, priority=800)
    app.add_directive("synopse-tabelle", SynopseTabelle)
    app.add_directive("umsetzungsbericht", Umsetzungsbericht)
    app.connect("doctree-read", neutralise_raw_html)
    # after sphinx-needs has laid out its needs (default priority 500)
    app.connect("doctree-resolved", link_neighbour_needs, priority=850)
    app.connect("doctree-resolved", unwrap_blocks_in_inlines, priority=900)
    app.connect("build-finished", german_permalink_page)
    app.add_css_file("stratdoc.css")
    app.add_css_file("synopse.css")
    app.add_css_file("forge.css")
    app.connect("html-page-context", add_propose_link)
    app.add_css_file("umsetzungsbericht.css")
    charts.install()
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
