"""Sphinx extension: German need layout, edition metadata and the draft marker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from stratdoc.edition import DRAFT, german_date
from stratdoc.model import load_model

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


def _configure(app: Sphinx, config: Config) -> None:
    fields = dict(getattr(config, "needs_fields", {}) or {})
    layouts = dict(config.needs_layouts or {})
    model = load_model(Path(app.confdir) / "ubproject.toml")
    layouts[LAYOUT] = need_layout(fields, list(model.settings.get("hidden_fields", [])))
    config.needs_layouts = layouts
    config.needs_default_layout = LAYOUT
    options = dict(config.html_theme_options or {})
    if config.stratdoc_status == DRAFT:
        options["announcement"] = draft_marker(config)
    config.html_theme_options = options
    context = dict(config.html_context or {})
    context.update(
        stratdoc_version=config.stratdoc_version,
        stratdoc_status=config.stratdoc_status,
        stratdoc_date=german_date(config.stratdoc_date),
        stratdoc_commit=config.stratdoc_commit,
        stratdoc_draft_marker=draft_marker(config) if config.stratdoc_status == DRAFT else "",
    )
    config.html_context = context
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict[str, Any]:
    from stratdoc.edition import build_date

    app.add_config_value("stratdoc_version", "Entwurf", "env", str)
    app.add_config_value("stratdoc_status", DRAFT, "env", str)
    app.add_config_value("stratdoc_date", build_date().isoformat(), "env", str)
    app.add_config_value("stratdoc_commit", "", "env", str)
    # after sphinx-needs has read ubproject.toml (priority 10)
    app.connect("config-inited", _configure, priority=800)
    app.add_css_file("stratdoc.css")
    app.add_css_file("synopse.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
