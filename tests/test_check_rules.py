"""`stratdoc check` against the bad-input corpus (tests/check_cases/corpus.yaml): every case
one page of one shared project, built once; each page's findings must be exactly the expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import copy_project
from stratdoc.check.run import CheckReport, run_check
from stratdoc.core.findings import Finding
from stratdoc.core.project import Project

CASES = yaml.safe_load(
    (Path(__file__).parent / "check_cases" / "corpus.yaml").read_text(encoding="utf-8")
)
EPOCH_2026 = "1782000000"  # 2026-06-21

BASE = """# Korpus

```{toctree}
:glob:

base
cases/*
```
"""

CHAIN = """# Basis

```{handlungsfeld} Basis
:id: HF_BASE
:ziel: Ein Ziel mit genug Text.
```

```{befund} Basisbefund
:id: BF_BASE
:kategorie: Risiko
:quelle: Regionalstudie
:begruendet: HF_BASE
```

```{akteur} Basisakteur
:id: AK_BASE
:art: IHK
:rolle: Netzwerkpartner
```

```{massnahme} Basismaßnahme
:id: MA_BASE
:prioritaet: hoch
:beginn: 2024
:beitrag_zu: HF_BASE
:federfuehrung: AK_BASE
```
"""


def _file(name: str) -> str:
    """Where a case lives: its page, or the file its `file` key names."""
    return CASES[name].get("file", f"strategy/cases/{name}.md")


def write_corpus(root: Path) -> None:
    strategy = root / "strategy"
    (strategy / "cases").mkdir(parents=True)
    (strategy / "index.md").write_text(BASE, encoding="utf-8")
    (strategy / "base.md").write_text(CHAIN, encoding="utf-8")
    for name, case in CASES.items():
        page = root / _file(name)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(case["text"].encode(case.get("encoding", "utf-8")))
        for link, target in (case.get("symlinks") or {}).items():
            (page.parent / link).symlink_to(target)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    root = copy_project(tmp_path_factory.mktemp("corpus"), "minimal")
    for old in (root / "strategy").iterdir():
        old.unlink()
    (root / "strategy").rmdir()
    write_corpus(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH_2026)
        return run_check(Project(root))


def on(report: CheckReport, path: str) -> list[tuple[str, int | None, str | None]]:
    return sorted((f.code, f.line, f.need) for f in report.findings if f.path == path)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({e["code"] for c in CASES.values() for e in c["expect"]}) >= 25


def test_the_base_chain_is_clean(corpus: CheckReport) -> None:
    assert on(corpus, "strategy/index.md") == []
    assert on(corpus, "strategy/base.md") == []
    pages = {_file(name) for name in CASES}
    assert {f.path for f in corpus.findings} <= pages


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(corpus: CheckReport, name: str) -> None:
    case = CASES[name]
    expected = sorted((e["code"], e["line"], e.get("need")) for e in case["expect"])
    assert on(corpus, _file(name)) == expected


def test_findings_say_what_to_do(corpus: CheckReport) -> None:
    by_need: dict[str | None, Finding] = {f.need: f for f in corpus.findings if f.need}
    assert "HF_GIBTSNICHT" in by_need["MA_LUT"].message
    assert "'Risiko'" in by_need["BF_VNA"].message  # names the allowed values
    assert "Akteur" in by_need["MA_LWT"].message  # names the type the link needs
    assert by_need["AK_AU"].severity == "warning"
    assert by_need["MA_LWT"].severity == "error"
    assert all(
        f.message and f.path.startswith(("strategy/", "governance/")) for f in corpus.findings
    )
    assert "AK_BASE and to AK_GIBTSNICHT" in by_need["AK_GIBTSNICHT"].message
