"""The command line's language: German from the catalog by default, English on request."""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "stratdoc"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# de or en, above the locale: set by the forge jobs (runners have the C locale) and handed
# to the Sphinx subprocesses, which run in the C locale, for stratdoc's own directives
CHOSEN = "STRATDOC_LANGUAGE"
CATALOG = LOCALE_DIR / "de" / "LC_MESSAGES" / f"{DOMAIN}.mo"
SOURCE = CATALOG.with_suffix(".po")

# click's modules that say something to the user; each bound gettext's functions at import
CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "termui",
    "types",
    "utils",
)


def language(environ: Mapping[str, str] = os.environ) -> str:
    """STRATDOC_LANGUAGE if set, else 'en' or 'de' after GNU gettext's rules, except that no
    locale at all means German.

    LC_ALL, LC_MESSAGES, LANG name the locale; the C locale is English and ignores
    LANGUAGE, as in GNU gettext; otherwise LANGUAGE's first entry wins. Only English is
    offered besides German, so every other language gets German.
    """
    if environ.get(CHOSEN) in ("de", "en"):
        return environ[CHOSEN]
    locale = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    if locale in ("C", "POSIX") or locale.startswith("C."):
        return "en"
    preferred = (environ.get("LANGUAGE") or locale).split(":")[0]
    return "en" if preferred.startswith("en") else "de"


@functools.cache
def _load(catalog: Path) -> gettext.NullTranslations:
    try:
        with catalog.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    except FileNotFoundError:
        return gettext.NullTranslations()


def catalog_missing() -> bool:
    """German is asked for but `make` has not compiled the catalog yet."""
    return language() == "de" and not CATALOG.is_file()


def _(message: str) -> str:
    """*message* (an English msgid) in the language of the environment."""
    return message if language() == "en" else _load(CATALOG).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if language() == "en":
        return singular if n == 1 else plural
    return _load(CATALOG).ngettext(singular, plural, n)


def translate_click() -> None:
    """Let click's own texts (Usage:, Options:, its errors) come from our catalog too."""
    import importlib

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
