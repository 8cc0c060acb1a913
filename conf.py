# Sphinx configuration of the strategy. Every setting is shared by all strategies and
# lives in the stratdoc package (stratdoc/editions/settings.py); what is this strategy's
# own (name, author, data model, cover texts) is in ubproject.toml.
from pathlib import Path

from stratdoc.editions.settings import sphinx_settings

globals().update(sphinx_settings(Path(__file__).parent))
