"""The command line's language: German from the catalog by default, English on request."""

from __future__ import annotations

import functools
import gettext
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

DOMAIN = "stratdoc"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# de or en, above the locale and the project: set by the tests (en) and the forge jobs, and handed
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
    """STRATDOC_LANGUAGE if set; else 'en' or 'de' when the locale names English or German;
    else (C, C.UTF-8, POSIX, no locale, another language) the project's language.

    LC_ALL, LC_MESSAGES, LANG name the locale; LANGUAGE's first entry wins over it unless
    the locale is C, as in GNU gettext. Most containers and runners have the C locale, so
    only an explicit en_* locale gives English.
    """
    if environ.get(CHOSEN) in ("de", "en"):
        return environ[CHOSEN]
    locale = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    if locale and locale not in ("C", "POSIX") and not locale.startswith("C."):
        preferred = (environ.get("LANGUAGE") or locale).split(":")[0]
        if preferred.startswith(("en", "de")):
            return preferred[:2]
    return project_language(_project_start)


# where the command runs (cli's -C); the project above it names its language
_project_start: Path | None = None


def use_project(start: Path | None) -> None:
    """Take the project language from the project containing *start* (None: the cwd)."""
    global _project_start
    _project_start = start


def project_language(start: Path | None = None) -> str:
    """`language` of the [project] table in the nearest ubproject.toml beside a conf.py
    above *start*; German when there is none or it names neither de nor en."""
    return _language_of(start, os.getcwd())


@functools.cache
def _language_of(start: Path | None, cwd: str) -> str:
    # keyed on the cheap (start, cwd): every translated message asks, resolve() is a syscall
    folder = (start or Path(cwd)).resolve()
    for here in (folder, *folder.parents):
        config = here / "ubproject.toml"
        if config.is_file() and (here / "conf.py").is_file():
            try:
                meta = tomllib.loads(config.read_text(encoding="utf-8")).get("project", {})
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return "de"
            chosen = meta.get("language") if isinstance(meta, dict) else None
            return chosen if chosen in ("de", "en") else "de"
    return "de"


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


# metavars of the help that name what to give; German in German help
METAVAR = re.compile(r"\b(DIRECTORY|VERSION|OLD|NEW)\b")


def _metavar_words() -> dict[str, str]:
    return {
        "DIRECTORY": _("DIRECTORY"),
        "VERSION": _("VERSION"),
        "OLD": _("OLD"),
        "NEW": _("NEW"),
    }


def _translated_metavar(make_metavar: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(make_metavar)
    def wrapper(*args: object, **kwargs: object) -> str:
        words = _metavar_words()
        return METAVAR.sub(lambda m: words[m.group(1)], make_metavar(*args, **kwargs))

    return wrapper


def translate_click() -> None:
    """Let click's own texts (Usage:, Options:, its errors, metavars) come from our catalog
    too."""
    import importlib

    import click

    for kind in (click.Argument, click.Option):
        if not hasattr(kind.make_metavar, "__wrapped__"):
            kind.make_metavar = _translated_metavar(kind.make_metavar)  # type: ignore[method-assign]

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
