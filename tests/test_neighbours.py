"""Neighbour networks end to end: `stratdoc neighbours update` against a real HTTP server on
127.0.0.1, the pins in ubproject.toml, and `stratdoc check` on the stored copies (offline)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import neighbour_fixture
import pytest
from click.testing import CliRunner
from conftest import REPO, LocalServer, copy_project, git, init_repo
from stratdoc.cli import main
from stratdoc.core import neighbours
from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.fingerprint import fingerprint
from stratdoc.core.project import Project

FIXTURE = REPO / neighbours.FOLDER / "ATLAS-1.0.json"
LINKS = "NB:MA_SCHARNIER_ABSTIMMUNG, NB:MA_QUALIFIZIERUNG_GEMEINSAM"


def publish(server: LocalServer, needs: bytes, fassungen: list[str]) -> str:
    """A neighbour's latest/ folder as its site publishes it: needs.json and monitoring.json."""
    folder = server.root / "nb" / "latest"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "needs.json").write_bytes(needs)
    (folder / "monitoring.json").write_text(json.dumps({"fassungen": fassungen}), "utf-8")
    return server.url("nb/latest/needs.json")


def changed(needs: bytes, status: dict[str, str], drop: str) -> bytes:
    """*needs* as the neighbour's next Fassung: some statuses changed, one need dropped."""
    doc = json.loads(needs)
    found = doc["versions"][doc["current_version"]]["needs"]
    for need_id, value in status.items():
        found[need_id]["status"] = value
    del found[drop]
    return json.dumps(doc).encode()


def network(tmp: Path, url: str, links: str = LINKS) -> Path:
    """test-minimal whose measure links to neighbour NB (unpinned, at *url*)."""
    root = copy_project(tmp / "net", "minimal")
    source = root / "strategy" / "index.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            ":federfuehrung: AK_IHK\n", f":federfuehrung: AK_IHK\n:abgestimmt_mit: {links}\n"
        ),
        encoding="utf-8",
    )
    with (root / "ubproject.toml").open("a", encoding="utf-8") as config:
        config.write(
            "\n[[stratdoc.neighbour]]\n"
            'short_name = "NB"  # the neighbour\'s own short name\n'
            'name = "Nachbarnetz"\n'
            f'url = "{url}"\n'
            'fassung = ""  # written by neighbours update\n'
            'sha256 = ""\n'
        )
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def findings(root: Path) -> tuple[int, list[str]]:
    """Exit code and the neighbour findings of `stratdoc check` (code, line, message)."""
    result = run(root, "check", "--format", "json")
    data = json.loads(result.stdout)["findings"]
    return result.exit_code, [
        f"{f['code']} {f['path']}:{f['line']} {f['message']}"
        for f in data
        if "neighbour" in f["code"]
    ]


def test_update_pins_then_check_reports_changed_and_vanished_links(
    tmp_path: Path, http_server: LocalServer
) -> None:
    url = publish(http_server, FIXTURE.read_bytes(), ["1.0"])
    root = network(tmp_path, url)
    line = next(
        i
        for i, text in enumerate((root / "strategy/index.md").read_text().splitlines(), 1)
        if text.startswith(":abgestimmt_mit:")
    )
    code, found = findings(root)
    assert code == 1 and found == [
        "neighbour-missing ubproject.toml:"
        f"{neighbours.load(Project(root))['NB'].line} NB is not pinned yet; "
        "run stratdoc neighbours update NB"
    ]

    result = run(root, "neighbours", "update", "NB")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "NB: Fassung 1.0 stored as governance/neighbours/NB-1.0.json and pinned\n"
    )
    config = (root / "ubproject.toml").read_text(encoding="utf-8")
    assert 'fassung = "1.0"  # written by neighbours update\n' in config  # comment kept
    assert f'sha256 = "{neighbours.digest(FIXTURE.read_bytes())}"\n' in config
    assert (root / "governance/neighbours/NB-1.0.json").read_bytes() == FIXTURE.read_bytes()
    assert findings(root) == (0, [])

    # the neighbour's next Fassung retires one linked measure and drops the other
    later = changed(
        FIXTURE.read_bytes(),
        {"MA_QUALIFIZIERUNG_GEMEINSAM": "entfallen"},
        drop="MA_SCHARNIER_ABSTIMMUNG",
    )
    publish(http_server, later, ["1.0", "1.1"])
    result = run(root, "neighbours", "update", "NB")
    assert result.exit_code == 0, result.output
    assert "newer Fassung 1.1 stored as governance/neighbours/NB-1.1.json; the pin stays" in (
        result.stdout
    )
    assert result.stderr.splitlines() == [
        "warning: NB:MA_QUALIFIZIERUNG_GEMEINSAM: status 'in Planung' in Fassung 1.0, "
        "'entfallen' in Fassung 1.1",
        "warning: NB:MA_SCHARNIER_ABSTIMMUNG: status 'in Umsetzung' in Fassung 1.0, "
        "no longer there in Fassung 1.1",
    ]
    assert (
        tomllib.loads((root / "ubproject.toml").read_text())["stratdoc"]["neighbour"][0]["fassung"]
        == "1.0"
    )
    code, found = findings(root)
    assert code == 0  # warnings: the pinned Fassung still has both
    assert found == [
        f"neighbour-changed strategy/index.md:{line} MA_SCHULE: :abgestimmt_mit: "
        f"NB:MA_QUALIFIZIERUNG_GEMEINSAM has status 'in Planung' in Fassung 1.0 of NB, "
        "'entfallen' in its Fassung 1.1; review the link, then pin the new Fassung with "
        "stratdoc neighbours update NB --pin",
        f"neighbour-changed strategy/index.md:{line} MA_SCHULE: :abgestimmt_mit: "
        f"NB:MA_SCHARNIER_ABSTIMMUNG has status 'in Umsetzung' in Fassung 1.0 of NB, "
        "no longer there in its Fassung 1.1; review the link, then pin the new Fassung with "
        "stratdoc neighbours update NB --pin",
    ]

    result = run(root, "neighbours", "update", "NB", "--pin")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / neighbours.FOLDER).glob("NB-*")) == ["NB-1.1.json"]
    code, found = findings(root)
    assert code == 1 and found == [
        f"link-neighbour-unknown strategy/index.md:{line} MA_SCHULE: :abgestimmt_mit: names "
        "NB:MA_SCHARNIER_ABSTIMMUNG, which NB Fassung 1.1 does not have"
    ]
    assert [p for p in http_server.requests if p.endswith("needs.json")] == [
        "/nb/latest/needs.json"
    ] * 3


def test_check_reports_a_changed_stored_file_and_an_unknown_neighbour(
    tmp_path: Path, http_server: LocalServer
) -> None:
    url = publish(http_server, FIXTURE.read_bytes(), ["1.0"])
    root = network(tmp_path, url, links="NB:MA_SCHARNIER_ABSTIMMUNG, XX:MA_IRGENDWAS")
    assert run(root, "neighbours", "update", "NB").exit_code == 0
    stored = root / "governance/neighbours/NB-1.0.json"
    stored.write_bytes(stored.read_bytes().replace(b"in Planung", b"in Umsetzung"))
    # a "newer Fassung" of the shipped ATLAS that neighbours update did not write
    (root / neighbours.FOLDER / "ATLAS-1.1.json").write_bytes(b"kaputt")
    code, found = findings(root)
    assert code == 1
    assert found.pop(0) == (
        "neighbour-digest governance/neighbours/ATLAS-1.1.json:None not a needs.json (not JSON "
        "(Expecting value: line 1 column 1 (char 0))); remove it or run "
        "stratdoc neighbours update ATLAS"
    )
    assert found[0].startswith(
        "neighbour-digest governance/neighbours/NB-1.0.json:None SHA-256 "
    ) and found[0].endswith(
        "differs from the pin "
        f"{neighbours.digest(FIXTURE.read_bytes())[:12]} in ubproject.toml; restore the file "
        "or run stratdoc neighbours update NB"
    )
    assert re.fullmatch(
        r"neighbour-unknown strategy/index.md:\d+ MA_SCHULE: :abgestimmt_mit: names "
        r"'XX:MA_IRGENDWAS', but no neighbour XX is configured; write SHORT:ID with a "
        r"short_name of ubproject.toml \(ATLAS, NB\)",
        found[1],
    ), found


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in [root / "ubproject.toml", *(root / "governance").rglob("*")]
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("publish_args", "code", "message"),
    [
        ("http-error", 2, "cannot fetch {url}: HTTP 503"),
        ("not-json", 1, "{url}: not a needs.json: not JSON"),
        ("draft", 1, "{url} is a draft (entwurf), not a Fassung"),
        ("republished", 1, "{url}: Fassung 1.0 of NB differs from its pin"),
        ("older", 1, "{url}: Fassung 0.9 is older than the pinned Fassung 1.0"),
    ],
)
def test_update_refuses_with_one_line_and_changes_nothing(
    tmp_path: Path, http_server: LocalServer, publish_args: str, code: int, message: str
) -> None:
    url = publish(http_server, FIXTURE.read_bytes(), ["1.0"])
    root = network(tmp_path, url)
    assert run(root, "neighbours", "update", "NB").exit_code == 0
    before = snapshot(root)
    if publish_args == "http-error":
        http_server.errors["/nb/latest/needs.json"] = 503
    elif publish_args == "not-json":
        publish(http_server, b"<html>", ["1.0"])
    elif publish_args == "draft":
        publish(http_server, FIXTURE.read_bytes(), ["1.0", "entwurf"])
    elif publish_args == "republished":
        publish(http_server, FIXTURE.read_bytes() + b"\n", ["1.0"])
    else:
        publish(http_server, FIXTURE.read_bytes(), ["0.9"])
    result = run(root, "neighbours", "update", "NB")
    assert result.exit_code == code
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("stratdoc: " + message.format(url=url)), result.stderr
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('short_name = "NB"\nname = "N"\nurl = "u"\nfarbe = "rot"', "has unknown key(s) farbe"),
        ('short_name = "NB"\nname = "N"', "needs url (text)"),
        ('short_name = "N B"\nname = "N"\nurl = "u"', "short_name 'N B' must be letters"),
        ('short_name = "NB"\nname = "N"\nurl = "u"\nfassung = "1.0"', "fassung and sha256"),
    ],
)
def test_a_wrong_neighbour_table_is_exit_2_naming_file_and_line(
    tmp_path: Path, table: str, problem: str
) -> None:
    root = copy_project(tmp_path / "p", "minimal")
    config = root / "ubproject.toml"
    lines = len(config.read_text(encoding="utf-8").splitlines())
    with config.open("a", encoding="utf-8") as out:
        out.write(f"\n[[stratdoc.neighbour]]\n{table}\n")
    result = run(root, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"stratdoc: ubproject.toml:{lines + 2}: [[stratdoc.neighbour]] {problem}"
    ), result.stderr
    with pytest.raises(EnvironmentProblem):
        neighbours.load(Project(root))


def test_the_pinned_copies_are_part_of_the_content_fingerprint(tmp_path: Path) -> None:
    root = init_repo(copy_project(tmp_path / "p", "minimal"))
    before = fingerprint_of(root)
    stored = root / neighbours.FOLDER / "ATLAS-1.0.json"
    stored.write_bytes(stored.read_bytes().replace(b"in Planung", b"entfallen"))
    git(root, "commit", "-qam", "Nachbar geändert")
    assert fingerprint_of(root) != before


def fingerprint_of(root: Path) -> str:
    from stratdoc.core.gitrepo import open_repo

    repo = open_repo(root)
    assert repo is not None
    return fingerprint(repo)


def test_shipped_fixture_is_the_pinned_demonstration_build(tmp_path: Path) -> None:
    """governance/neighbours/ATLAS-1.0.json holds the needs tests/neighbour_fixture.py builds
    from tests/roots/test-neighbour-atlas, says it is demonstration data, and is pinned."""
    atlas = neighbours.load(Project(REPO))["ATLAS"]
    assert atlas.name == "ATLAS (Demonstrationsdaten)"
    assert atlas.stored(REPO) == FIXTURE
    assert neighbours.digest(FIXTURE.read_bytes()) == atlas.sha256
    assert json.loads(FIXTURE.read_bytes())["project"] == "ATLAS (Demonstrationsdaten)"
    rebuilt = neighbour_fixture.build(tmp_path)
    assert neighbours.parse_needs(rebuilt) == neighbours.parse_needs(FIXTURE.read_bytes())


def test_shipped_html_links_two_measures_to_the_neighbours_pages(shipped_build: Path) -> None:
    atlas = neighbours.load(Project(REPO))["ATLAS"]
    needs = neighbours.parse_needs(FIXTURE.read_bytes())
    pages = {
        "fachkraefte-qualitativ": "MA_QUALIFIZIERUNG_GEMEINSAM",
        "strategieentwicklung": "MA_SCHARNIER_ABSTIMMUNG",
    }
    for page, target in pages.items():
        html = (shipped_build / "html" / "handlungsfelder" / f"{page}.html").read_text("utf-8")
        link = re.search(
            r'<a class="stratdoc-neighbour-link[^"]*" href="([^"]+)">([^<]+)</a>', html
        )
        assert link is not None, page
        assert link[1] == atlas.page_url(needs[target])
        assert link[1].endswith(f"/handlungsfelder/fachkraefte.html#{target}")
        assert link[2] == f"ATLAS (Demonstrationsdaten): {needs[target]['title']} ({target})"


def test_the_pin_is_written_into_its_own_table_only_keeping_comments() -> None:
    from stratdoc.federation.pin import set_pin

    text = (
        "[stratdoc]\nignore = []\n\n"
        '# Nachbar A\n[[stratdoc.neighbour]]\nshort_name = "A"\nname = "A"\nurl = "u"\n\n'
        '# Nachbar B\n[[stratdoc.neighbour]]\nshort_name = "B"  # kurz\nname = "B"\n'
        'url = "u"\nfassung = "1.0"  # bisher\nsha256 = "' + "a" * 64 + '"\n'
    )
    pinned = set_pin(set_pin(text, "A", "2.0", "b" * 64), "B", "1.1", "c" * 64)
    assert pinned == text.replace(
        'url = "u"\n\n', f'url = "u"\nfassung = "2.0"\nsha256 = "{"b" * 64}"\n\n', 1
    ).replace('fassung = "1.0"  # bisher', 'fassung = "1.1"  # bisher').replace("a" * 64, "c" * 64)


def test_a_link_to_a_retired_neighbour_measure_says_so() -> None:
    from stratdoc.editions.neighbour_links import link_text

    atlas = neighbours.load(Project(REPO))["ATLAS"]
    needs = neighbours.parse_needs(FIXTURE.read_bytes())
    assert link_text(atlas, needs["MA_ZURUECKGEZOGEN"]) == (
        "ATLAS (Demonstrationsdaten): Beispielmaßnahme: zurückgezogenes Vorhaben "
        "(Demonstration) (MA_ZURUECKGEZOGEN), entfallen"
    )
    assert not link_text(atlas, needs["MA_SCHARNIER_ABSTIMMUNG"]).endswith("entfallen")
