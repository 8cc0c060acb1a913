"""The package layout: which part of stratdoc may import which, and the one door each to
GitPython and to running Sphinx.

Every import counts, at module level and inside functions alike (the deferred ones too).
Imports under `if TYPE_CHECKING:` count for the direction between parts, but not as
loading GitPython or Sphinx: an annotation such as `git.Repo` loads nothing.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import stratdoc

PACKAGE = Path(stratdoc.__file__).parent
TOP = "stratdoc"  # the package's own __init__, __main__ and cli

# part: the parts it may import besides itself
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "check": {"core"},
    "history": {"core"},
    "editions": {"check", "history", "core"},
    "federation": {"core"},
    "proposals": {"check", "history", "core"},
    "governance": {"editions", "proposals", "check", "history", "core"},
    "commands": {
        TOP,
        "governance",
        "federation",
        "proposals",
        "editions",
        "check",
        "history",
        "core",
    },
    TOP: {"commands", "core"},
}

GITREPO = "stratdoc.core.gitrepo"
SPHINX_RUN = "stratdoc.core.sphinx_run"
SPHINX_RUNNERS = ("sphinx.cmd", "sphinx.application")  # build_main, make_main, Sphinx()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. stratdoc.check.run
    line: int
    target: str  # what it imports, e.g. stratdoc.core.gitrepo or git
    alias: str  # the name it binds
    type_only: bool  # under if TYPE_CHECKING:

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    found = {
        module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")
    }
    assert len(found) > 40, found.keys()
    return found


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    )


def packages() -> set[str]:
    return {module_name(p) for p in PACKAGE.rglob("__init__.py")}


def imports(module: str, tree: ast.Module, is_package: bool) -> list[Import]:
    """Every import statement anywhere in *tree*; `from a import b` as target a.b."""
    found: list[Import] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                found.append(Import(module, node.lineno, alias.name, name, type_only))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append(
                    Import(module, node.lineno, target, alias.asname or alias.name, type_only)
                )
        for child in ast.iter_child_nodes(node):
            in_body = _type_checking(node) and not any(child is n for n in node.orelse)
            visit(child, type_only or in_body)

    visit(tree, False)
    return found


def part(name: str) -> str:
    """stratdoc.editions.pdf.html -> editions; stratdoc.cli, stratdoc.__version__ -> stratdoc."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else TOP


def all_imports() -> list[Import]:
    found = modules()
    return [i for name, tree in found.items() for i in imports(name, tree, name in packages())]


def test_the_table_names_every_part() -> None:
    subpackages = {name.split(".")[1] for name in packages() if name != TOP}
    assert subpackages == set(ALLOWED) - {TOP}


def test_parts_import_only_what_the_table_allows() -> None:
    wrong = [
        f"{imp}: {part(imp.module)} may not import {part(imp.target)}"
        for imp in all_imports()
        if imp.target.split(".")[0] == TOP
        and part(imp.target) != part(imp.module)
        and part(imp.target) not in ALLOWED[part(imp.module)]
    ]
    assert not wrong, "\n".join(wrong)


def test_only_gitrepo_imports_gitpython() -> None:
    found = all_imports()
    loading = [i for i in found if i.target.split(".")[0] == "git" and not i.type_only]
    elsewhere = [f"{i}: only {GITREPO} may load GitPython" for i in loading if i.module != GITREPO]
    assert not elsewhere, "\n".join(elsewhere)
    assert [i.module for i in loading] == [GITREPO]  # the door is there
    # nor the git module handed on under its name (from stratdoc.core.gitrepo import git)
    relayed = [str(i) for i in found if i.alias == "git" and i.target.split(".")[0] != "git"]
    assert not relayed, "\n".join(relayed)


def _runs_sphinx(tree: ast.Module) -> list[str]:
    """The ways to run Sphinx spelled out in *tree*: `-m sphinx` or sphinx-build in a
    command line, or a call of Sphinx(), build_main(), make_main()."""
    ways = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)):
            words = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
            if any(a == "-m" and str(b).startswith("sphinx") for a, b in pairwise(words)):
                ways.append(f"{node.lineno}: -m sphinx")
            if "sphinx-build" in words:
                ways.append(f"{node.lineno}: sphinx-build")
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func).rsplit(".", 1)[-1]
            if called in ("Sphinx", "build_main", "make_main"):
                ways.append(f"{node.lineno}: {called}()")
    return ways


def test_only_sphinx_run_runs_sphinx() -> None:
    loading = [
        f"{i}: only {SPHINX_RUN} may run Sphinx"
        for i in all_imports()
        if i.target.startswith(SPHINX_RUNNERS) and not i.type_only and i.module != SPHINX_RUN
    ]
    assert not loading, "\n".join(loading)
    running = {name: _runs_sphinx(tree) for name, tree in modules().items()}
    assert {name: ways for name, ways in running.items() if ways} == {
        SPHINX_RUN: running[SPHINX_RUN]
    }
    assert running[SPHINX_RUN]  # it still does, the way this test looks for


def test_every_subpackage_says_in_one_line_what_it_owns_and_may_import() -> None:
    found = modules()
    for name in sorted(packages() - {TOP}):
        doc = ast.get_docstring(found[name]) or ""
        assert doc and "\n" not in doc, f"{name}: needs a one-line docstring, has {doc!r}"
        if name.count(".") > 1:
            continue  # below a part (check.rules, editions.pdf): the part's rule holds
        assert "Imports:" in doc, f"{name}: say which parts it may import"
        said = doc.rsplit("Imports:", 1)[1]
        own = part(name)
        if "any part" in said:
            assert ALLOWED[own] | {own} == set(ALLOWED), name
        else:
            named = {p for p in ALLOWED if p in said.replace(",", " ").replace(".", " ").split()}
            assert named - {own} == ALLOWED[own], f"{name}: {doc!r} against the table"


def test_the_check_command_loads_neither_gitpython_nor_weasyprint() -> None:
    """stratdoc check imports only its command's module: GitPython comes after the Sphinx
    pass (in gitrepo, deferred), the PDF code never."""
    code = (
        "import sys; from stratdoc.cli import main; "
        "main.get_command(None, 'check'); "
        "print(sorted(m for m in ('git', 'weasyprint', 'stratdoc.editions.build') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
