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
from stratdoc.editions.synopse_directive import TRUSTED, SynopseTabelle
from stratdoc.editions.umsetzungsbericht_directive import Umsetzungsbericht

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
LAYOUT = "stratdoc"


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


def _configure(app: Sphinx, config: Config) -> None:
    fields = dict(getattr(config, "needs_fields", {}) or {})
    layouts = dict(config.needs_layouts or {})
    model = load_model(Path(app.confdir) / "ubproject.toml")
    _forge(app.confdir)  # a wrong [stratdoc.forge] fails the build at its start
    layouts[LAYOUT] = need_layout(fields, list(model.settings.get("hidden_fields", [])))
    config.needs_layouts = layouts
    config.needs_default_layout = LAYOUT
    options = dict(config.html_theme_options or {})
    if config.stratdoc_status == DRAFT:
        options["announcement"] = draft_marker(config)
    if config.stratdoc_switcher_json:
        options.update(version_switcher(config, options))
    config.html_theme_options = options
    context = dict(config.html_context or {})
    # the theme's empty default makes its script log an error on every page
    context.setdefault("default_mode", "auto")
    context.update(
        stratdoc_version=config.stratdoc_version,
        stratdoc_status=config.stratdoc_status,
        stratdoc_date=german_date(config.stratdoc_date),
        stratdoc_commit=config.stratdoc_commit,
        stratdoc_draft_marker=draft_marker(config) if config.stratdoc_status == DRAFT else "",
    )
    config.html_context = context
    config.html_static_path = [*config.html_static_path, str(STATIC)]
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
    app.add_css_file("stratdoc.css")
    app.add_css_file("synopse.css")
    app.add_css_file("forge.css")
    app.connect("html-page-context", add_propose_link)
    app.add_css_file("umsetzungsbericht.css")
    charts.install()
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
