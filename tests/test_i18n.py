"""The command line speaks German by default and English on request, from one catalog.

Every user-facing text goes through `_()` (or `ngettext`) and has a German entry in
tooling/stratdoc/locale/de/LC_MESSAGES/stratdoc.po; click's own texts are in it too.
"""

from __future__ import annotations

import ast
import gettext
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import click
import pytest
import stratdoc
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import copy_project
from stratdoc.cli import main
from stratdoc.core import i18n

PACKAGE = Path(stratdoc.__file__).parent
CLICK = Path(click.__file__).parent
KEYWORDS = {"_": None, "ngettext": (1, 2)}

# callables whose argument at this position is shown to the user
SINKS = {
    "StratdocError": 0,
    "EnvironmentProblem": 0,
    "CheckFailed": 0,
    "UsageError": 0,
    "BadParameter": 0,
    "ClickException": 0,
    "echo": 0,
    "secho": 0,
    "fail": 0,
    "Finding": 4,
    "finding": 3,
    "need_finding": 3,
}
LETTERS = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def _literal_text(node: ast.expr) -> str:
    """The constant text of a str literal, f-string or concatenation of them ('' if none)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal_text(v) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_click_command(node: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and _name(d) in ("command", "group") for d in node.decorator_list
    )


def unmarked_texts(source: str, filename: str) -> list[str]:
    """Texts with words shown to the user without passing through the catalog."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            position = SINKS.get(_name(node))
            args = list(node.args)
            shown = [args[position]] if position is not None and len(args) > position else []
            shown += [k.value for k in node.keywords if k.arg in ("help", "message")]
            for arg in shown:
                # the program's name is the same in every language
                if LETTERS.search(_literal_text(arg).replace("stratdoc", "")):
                    found.append(f"{filename}:{arg.lineno}: {_literal_text(arg)[:60]!r}")
        elif isinstance(node, ast.FunctionDef) and _is_click_command(node):
            helps = [k for d in node.decorator_list if isinstance(d, ast.Call) for k in d.keywords]
            if ast.get_docstring(node) and not any(k.arg == "help" for k in helps):
                found.append(f"{filename}:{node.lineno}: docstring of {node.name} used as help")
    return found


def extracted(paths: Iterable[Path]) -> dict[str, Path]:
    """msgid -> a file using it, for every `_()`/`ngettext` call in *paths*."""
    ids: dict[str, Path] = {}
    for path in paths:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                ids.setdefault(msgid, path)
    return ids


def catalog():
    with i18n.SOURCE.open("rb") as fp:
        return read_po(fp)


# click passes these through _() as a variable, which no extractor sees
CLICK_VARIABLE_IDS = ("required",)


def click_ids() -> dict[str, Path]:
    ids = extracted(CLICK / f"{name}.py" for name in i18n.CLICK_MODULES)
    return dict.fromkeys(CLICK_VARIABLE_IDS, CLICK / "core.py") | ids


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "de"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        # most containers and runners: the project's language (German here)
        ({"LANG": "C"}, "de"),
        ({"LANG": "C.UTF-8"}, "de"),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANG": "POSIX"}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "de_AT.UTF-8"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "en:de"}, "en"),
        ({"LANG": "C", "LANGUAGE": "en"}, "de"),  # as GNU gettext: C ignores LANGUAGE
        ({"LC_ALL": "C.UTF-8", i18n.CHOSEN: "de"}, "de"),  # a forge job, a Sphinx run
        ({"LANG": "de_DE.UTF-8", i18n.CHOSEN: "en"}, "en"),
    ],
)
def test_language_follows_the_locale_with_german_as_default(environ, expected, monkeypatch):
    monkeypatch.chdir(PACKAGE.parents[1])
    assert i18n.language(environ) == expected


def test_under_a_c_locale_the_projects_language_decides(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p", "minimal")
    config = project / "ubproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[project]\n", '[project]\nlanguage = "en"\n', 1), "utf-8")
    monkeypatch.setattr(i18n, "_project_start", None)
    monkeypatch.chdir(project / "strategy")
    assert i18n.language({"LANG": "C.UTF-8"}) == "en"
    assert i18n.language({"LANG": "de_DE.UTF-8"}) == "de"
    assert _run("-C", str(project), "--help", lang="C.UTF-8").stdout.startswith("Usage:")
    monkeypatch.chdir(tmp_path)
    assert i18n.language({"LANG": "C.UTF-8"}) == "de"


def test_every_user_facing_text_goes_through_the_catalog():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += unmarked_texts(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    assert not found, "texts shown without _():\n" + "\n".join(found)


def test_the_scan_finds_unmarked_texts():
    source = (
        "import click\n"
        "@click.command()\n"
        "def command():\n"
        '    """Help from a docstring."""\n'
        '    click.echo(f"{n} needs checked")\n'
        '    click.echo(f"{a}: {b}")\n'
        '    click.echo(_("{n} needs checked").format(n=n))\n'
        '    raise StratdocError("no project here")\n'
    )
    found = unmarked_texts(source, "x.py")
    assert sorted(int(f.split(":")[1]) for f in found) == [3, 5, 8], found


def test_the_catalog_translates_every_message_once():
    po = catalog()
    text = i18n.SOURCE.read_text(encoding="utf-8")
    twice = [m for m in re.findall(r'^msgid "(.+)"$', text, re.M) if text.count(f'msgid "{m}"') > 1]
    assert not twice, f"twice in the catalog: {twice}"
    needed = {**click_ids(), **extracted(sorted(PACKAGE.rglob("*.py")))}
    # a plural's second msgid is no key of the catalog: it is its entry's msgid_plural
    known = {i for m in po if m.id for i in (m.id if m.pluralizable else (m.id,))}
    missing = [f"{path.name}: {msgid!r}" for msgid, path in needed.items() if msgid not in known]
    assert not missing, "not in stratdoc.po:\n" + "\n".join(missing)
    untranslated = [
        m.id
        for m in po
        if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))
    ]
    assert not untranslated, f"untranslated or fuzzy: {untranslated}"
    unused = [m.id for m in po if m.id and (m.id[0] if m.pluralizable else m.id) not in needed]
    assert not unused, f"in stratdoc.po but used nowhere: {unused}"


def test_translations_keep_every_placeholder():
    wrong = []
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if sorted(PLACEHOLDER.findall(string)) != wanted:
                wrong.append(f"{ids[0]!r} -> {string!r}")
    assert not wrong, "\n".join(wrong)


def _run(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.pop(i18n.CHOSEN, None)
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "stratdoc", *args], env=env, capture_output=True, text=True
    )


def _commands() -> list[str]:
    return main.list_commands(click.Context(main))


@pytest.mark.parametrize("command", [None, *_commands()])
def test_help_speaks_german_under_c_and_english_only_by_an_english_locale(command):
    args = [command, "--help"] if command else ["--help"]
    german = _run(*args, lang="C.UTF-8")
    english = _run(*args, lang="en_US.UTF-8")
    assert german.returncode == english.returncode == 0, german.stderr + english.stderr
    assert english.stdout.startswith("Usage: stratdoc")
    assert german.stdout.startswith("Aufruf: stratdoc")
    assert "Show this message and exit." in english.stdout
    assert "Show this message and exit." not in german.stdout
    # every line of English words reads differently in German
    same = [
        line
        for line in set(english.stdout.splitlines()) & set(german.stdout.splitlines())
        if LETTERS.search(re.sub(r"--?[a-z][a-z-]*|\b[A-Z_]{2,}\b|\[[^]]*\]", "", line))
    ]
    assert not same, f"{command}: left in English: {same}"


def test_refusals_speak_the_language_of_the_locale(tmp_path):
    german = _run("-C", str(tmp_path), "check", lang="C")
    english = _run("-C", str(tmp_path), "check", lang="en_GB.UTF-8")
    assert german.returncode == english.returncode == 2
    assert len(german.stderr.splitlines()) == len(english.stderr.splitlines()) == 1
    assert german.stderr != english.stderr
    assert "Traceback" not in german.stderr


def test_a_missing_catalog_is_an_environment_error(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "CATALOG", tmp_path / "stratdoc.mo")
    result = CliRunner().invoke(main, ["--help"], env={"LC_ALL": "C", i18n.CHOSEN: None})
    assert result.exit_code == 2
    assert "make" in result.output and "STRATDOC_LANGUAGE=en" in result.output
    assert len(result.output.strip().splitlines()) == 1
    english = CliRunner().invoke(main, ["--help"], env={"LC_ALL": "C", i18n.CHOSEN: "en"})
    assert english.exit_code == 0, english.output


def test_a_wheel_carries_the_compiled_catalog(tmp_path):
    """Repositories made by `stratdoc init` install stratdoc as a wheel: setup.py compiles."""
    root, source = PACKAGE.parents[1], tmp_path / "source"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    tracked = [rel for rel in listed.stdout.decode().split("\0") if rel]
    assert not [rel for rel in tracked if rel.endswith(".mo")], "a .mo is committed"
    for rel in tracked:  # the working tree's versions of the tracked files, as a clone has them
        if (root / rel).exists() or (root / rel).is_symlink():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, source / rel, follow_symlinks=False)
    out = tmp_path / "dist"
    build = "from setuptools.build_meta import build_wheel; import sys; build_wheel(sys.argv[1])"
    subprocess.run(
        [sys.executable, "-c", build, str(out)], cwd=source, check=True, capture_output=True
    )
    (wheel,) = out.glob("stratdoc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        mo = archive.read("stratdoc/locale/de/LC_MESSAGES/stratdoc.mo")
    german = gettext.GNUTranslations(io.BytesIO(mo))
    assert german.gettext("Run as if started in DIRECTORY (like git -C).").startswith("So arbeiten")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("C", "unbekannter Teil gibtsnicht"), ("en_US.UTF-8", "unknown part gibtsnicht")],
)
def test_warnings_of_stratdocs_directives_follow_the_command_line(tmp_path, lang, expected):
    """Sphinx runs in the C locale (its warnings are parsed; the user's locale may not be
    installed), yet the warnings stratdoc's own directives emit there are in the CLI's language."""
    project = copy_project(tmp_path / "p", "minimal")
    with (project / "strategy" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n```{umsetzungsbericht} gibtsnicht\n```\n")
    result = _run("-C", str(project), "check", lang=lang)
    assert result.returncode == 1, result.stderr
    assert expected in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("init", "Aufruf: stratdoc init [OPTIONEN] VERZEICHNIS"),
        ("diff", "Aufruf: stratdoc diff [OPTIONEN] ALT NEU"),
        ("release", "Aufruf: stratdoc release [OPTIONEN] FASSUNG"),
    ],
)
def test_german_help_names_its_arguments_in_german(command, usage):
    result = _run(command, "--help", lang="C.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(usage + "\n")
    assert not re.search(r"\b(DIRECTORY|VERSION|OLD|NEW)\b", result.stdout), result.stdout
