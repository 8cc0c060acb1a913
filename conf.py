# Sphinx configuration of the strategy: project metadata, extensions, theme.
# The data model (need types, fields, links, schema rules) lives in ubproject.toml.
import tomllib
from pathlib import Path

import stratdoc.editions

_here = Path(__file__).parent
_meta = tomllib.loads((_here / "ubproject.toml").read_text(encoding="utf-8"))["project"]

project = _meta["name"]
author = _meta["author"]
copyright = _meta["copyright"]
language = "de"
root_doc = "index"
# German strings the theme leaves untranslated; read before extensions load, so set here
locale_dirs = [str(Path(stratdoc.editions.__file__).parent / "locale")]

extensions = ["myst_parser", "sphinx_needs", "stratdoc.editions.sphinxext"]
needs_from_toml = str(_here / "ubproject.toml")

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

html_theme = "pydata_sphinx_theme"
html_title = _meta["nav_title"]
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    # resolve the section TOC, so pages without subpages get no empty primary sidebar
    "sidebar_includehidden": False,
    "navbar_align": "left",
    "show_toc_level": 2,
    "header_dropdown_text": "Weitere",
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_last_updated_fmt = None
