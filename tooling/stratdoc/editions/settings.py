"""The Sphinx settings every strategy shares; a strategy's conf.py applies them in one line.

    globals().update(sphinx_settings(Path(__file__).parent))

What differs between networks (name, author, data model, cover texts) is read from the
project's ubproject.toml, so conf.py is the same file in every strategy repository
(`stratdoc init` writes it from stratdoc/templates/network/conf.py.tmpl).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

LOCALE = Path(__file__).parent / "locale"


def sphinx_settings(root: Path) -> dict[str, Any]:
    """Every Sphinx setting of the strategy in the folder *root* (with conf.py and
    ubproject.toml): project metadata from its [project] table, extensions, theme."""
    config = root / "ubproject.toml"
    meta = tomllib.loads(config.read_text(encoding="utf-8"))["project"]
    return {
        "project": meta["name"],
        "author": meta["author"],
        "copyright": meta["copyright"],
        # the strategy's language, also the command line's under a C locale
        "language": meta.get("language", "de"),
        "root_doc": "index",
        # German strings the theme leaves untranslated; read before extensions load
        "locale_dirs": [str(LOCALE)],
        # compiled by make and the wheel build: Sphinx must not write into the package
        # (read-only installs; the html and singlehtml builds run side by side)
        "gettext_auto_build": False,
        "extensions": ["myst_parser", "sphinx_needs", "stratdoc.editions.sphinxext"],
        # the data model: need types, fields, links, schema rules
        "needs_from_toml": str(config),
        "myst_enable_extensions": ["colon_fence", "deflist", "fieldlist"],
        "myst_heading_anchors": 3,
        "html_theme": "pydata_sphinx_theme",
        "html_title": meta["nav_title"],
        "html_show_sourcelink": False,
        "html_theme_options": {
            "navigation_with_keys": False,
            # resolve the section TOC, so pages without subpages get no empty primary sidebar
            "sidebar_includehidden": False,
            "navbar_align": "left",
            "show_toc_level": 2,
            "header_dropdown_text": "Weitere",
            "footer_start": ["copyright"],
            "footer_end": [],
        },
        "html_last_updated_fmt": None,
    }
