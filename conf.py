# Sphinx configuration of the strategy: project metadata, extensions, theme.
# The data model (need types, fields, links, schema rules) lives in ubproject.toml.
import os
import sys
import tomllib
from pathlib import Path

_here = Path(__file__).parent
_meta = tomllib.loads((_here / "ubproject.toml").read_text(encoding="utf-8"))["project"]

project = _meta["name"]
author = _meta["author"]
copyright = _meta["copyright"]
language = "de"
root_doc = "index"

extensions = ["myst_parser", "sphinx_needs", "stratdoc.sphinxext"]
needs_from_toml = str(_here / "ubproject.toml")

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

html_theme = "pydata_sphinx_theme"
html_title = project
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_last_updated_fmt = None

# Diagrams: needflow draws with Graphviz's dot layout. stratdoc-dot (installed with the
# package, next to this Python) renders it in-process via pygraphviz, so no OS package is
# needed. It is called by name, so the image names Sphinx derives do not depend on where
# the virtual environment lives.
needs_flow_engine = "graphviz"
graphviz_output_format = "svg"
graphviz_dot = "stratdoc-dot"
_bindir = str(Path(sys.executable).parent)
if _bindir not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([_bindir, os.environ.get("PATH", "")])
