"""Releases on real repos: the lifecycle, every refusal, kill -9, concurrency and verify."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GREMIUM, git, gremium_repo, keys, sign_as
from stratdoc.cli import main
from stratdoc.core.project import Project
from stratdoc.editions import manifest
from stratdoc.governance.release import STOP_AT, release

HTML = ("html",)


def stratdoc(root: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["-C", str(root), *args], env=env)


def call(root: Path, version: str = "1.0", *how: str) -> None:
    """The project office opens the decision (default: a Sitzung)."""
    sign_as(root, keys()["office"])
    how = how or ("--procedure", "sitzung", "--date", "2026-12-10")
    result = stratdoc(root, "call", version, *how)
    assert result.exit_code == 0, result.output


def vote(root: Path, member: str, kind: str = "zustimmung", version: str = "1.0", *extra: str):
    """*member* votes, signing with the seat's own key."""
    sign_as(root, keys()[member])
    result = stratdoc(root, "vote", version, "--member", member, "--vote", kind, *extra)
    assert result.exit_code == 0, result.output


def edit(root: Path, old: str, new: str, message: str, trailer: str = "") -> None:
    page = root / "strategy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git(root, "commit", "-qam", message + (f"\n\nEingebracht-von: {trailer}" if trailer else ""))


def released(root: Path, version: str) -> Path:
    return release(Project(root), version, formats=HTML)


@pytest.fixture(scope="module")
def voted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repo whose content has a call and two approving votes for 1.0 (quorum 2 of 3)."""
    root = gremium_repo(tmp_path_factory.mktemp("voted") / "repo")
    call(root)
    vote(root, "ihk")
    vote(root, "buw")
    return root


@pytest.fixture
def repo(voted: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(voted, tmp_path / "repo", symlinks=True))


def tags(root: Path) -> list[str]:
    return git(root, "tag", "--list").split()


def test_lifecycle_two_fassungen_with_partner_proposals(repo: Path) -> None:
    first = released(repo, "1.0")
    assert tags(repo) == ["v1.0"]
    files = json.loads((first / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
    assert {"html/index.html", "needs.json", "versionshinweise.md"} <= set(files)
    assert "Erstfassung" in (first / "versionshinweise.md").read_text(encoding="utf-8")
    # two partner proposals, each on its own branch, merged after review
    for partner, old, new, branch in (
        ("AK_BUW", "Schulklassen.", "Schulklassen und Lehrkräfte.", "vorschlag/lehrkraefte"),
        ("AK_IGM", ":prioritaet: hoch", ":prioritaet: mittel", "vorschlag/prioritaet"),
        (
            "AK_BUW",
            "\n\n```{handlungsfeld}",
            "\n\nDie Region handelt gemeinsam.\n\n```{handlungsfeld}",
            "vorschlag/absatz",
        ),
    ):
        page = repo / "strategy" / "index.md"
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        git(repo, "add", "strategy/index.md")
        made = stratdoc(
            repo,
            "propose",
            "--partner",
            partner,
            "--message",
            branch.split("/")[1],
            "--branch",
            branch,
        )
        assert made.exit_code == 0, made.output
        git(repo, "checkout", "-q", "--", "strategy")
        git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    # a browser edit: no trailer; the partner map credits its e-mail domain, an unknown
    # author is named as nicht zugeordnet
    (repo / "governance" / "partners.toml").write_text(
        '[AK_IHK]\ndomains = ["ihk.example.org"]\n', encoding="utf-8"
    )
    git(repo, "add", "governance/partners.toml")
    git(repo, "commit", "-qm", "Partnerzuordnung")
    for author, old, new in (
        (
            "Redaktion IHK <redaktion@ihk.example.org>",
            "für die Zulieferbetriebe",
            "für alle Zulieferbetriebe",
        ),
        ("Max Muster <max@example.com>", "Betriebe öffnen", "Viele Betriebe öffnen"),
    ):
        page = repo / "strategy" / "index.md"
        page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        git(repo, "commit", "-qam", "Webeditor", f"--author={author}")
    assert stratdoc(repo, "release", "1.1").exit_code == 1  # no call for the new content
    call(repo, "1.1")
    assert "no quorum: 0 of 2" in stratdoc(repo, "release", "1.1").output
    vote(repo, "ihk", "zustimmung", "1.1")
    vote(repo, "igm", "zustimmung", "1.1")
    vote(repo, "buw", "ablehnung", "1.1")
    second = released(repo, "1.1")
    annex = (second / "html" / "synopse.html").read_text(encoding="utf-8")
    assert "Bisherige Fassung" in annex and "<ins> und Lehrkräfte</ins>" in annex
    assert not (first / "html" / "synopse.html").exists()
    notes = (second / "versionshinweise.md").read_text(encoding="utf-8")
    assert "Änderungen gegenüber Fassung 1.0" in notes and "MA_SCHULE" in notes
    assert "Priorität: hoch → mittel" in notes
    assert "### Fließtext" in notes and "- index.md › Mini-Strategie: 1 Absatz neu" in notes
    assert "synopse" not in notes  # the annex is not a change of the text
    assert "Bergische Universität Wuppertal (AK_BUW)" in notes and "(AK_IGM)" in notes
    assert "(AK_IHK)" in notes and "- nicht zugeordnet: Max Muster" in notes
    assert "max@example.com" not in notes  # the notes are public
    assert "Zustimmung 2, Ablehnung 1" in notes
    for version in ("1.0", "1.1"):
        ok = stratdoc(repo, "verify", version)
        assert ok.exit_code == 0, ok.output
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("setup", "version", "reason"),
    [
        (lambda r: None, "1", "not a Fassung number"),
        (
            lambda r: (r / "strategy" / "neu.md").write_text("x", encoding="utf-8"),
            "1.0",
            "uncommitted changes",
        ),
        (lambda r: git(r, "checkout", "-q", "--detach"), "1.0", "HEAD is detached"),
        (lambda r: git(r, "tag", "-a", "v1.0", "-m", "x"), "1.0", "exists"),
        (lambda r: git(r, "tag", "-a", "v2.0", "-m", "x"), "1.5", "not greater than"),
        (lambda r: None, "1.1", "no open call for Fassung 1.1"),
        (lambda r: call(r, "1.1"), "1.1", "no quorum"),
    ],
    ids=["malformed", "dirty", "detached", "tag-exists", "not-greater", "no-call", "no-quorum"],
)
def test_refusals_change_nothing(repo: Path, setup, version: str, reason: str) -> None:
    setup(repo)
    before = (git(repo, "tag", "--list"), git(repo, "rev-parse", "HEAD"))
    result = stratdoc(repo, "release", version)
    assert result.exit_code == 1 and reason in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (git(repo, "tag", "--list"), git(repo, "rev-parse", "HEAD")) == before
    assert not (repo / "_build" / "editions" / version).exists()


def test_no_majority_and_objection_to_circulation(repo: Path) -> None:
    vote(repo, "igm", "ablehnung")
    vote(repo, "buw", "ablehnung")  # latest vote counts: now 1 yes, 2 no
    assert "no simple majority" in stratdoc(repo, "release", "1.0").output
    call(repo, "1.0", "--procedure", "umlauf", "--deadline", "2999-12-31")
    for member in GREMIUM:
        vote(repo, member, "zustimmung", "1.0", *(["--objection-to-procedure"] * (member == "igm")))
    result = stratdoc(repo, "release", "1.0")
    assert result.exit_code == 1
    assert "a member objected to the Umlaufverfahren; decide in a Sitzung" in result.output


def test_content_change_voids_votes_and_forged_votes_never_count(repo: Path) -> None:
    edit(repo, "Schulklassen.", "Schulklassen aller Schulformen.", "Text")
    assert "no quorum: 0 of 2" in stratdoc(repo, "release", "1.0").output
    vote(repo, "ihk")
    forged = repo / "governance" / "votes" / "1.0" / "29991231T000000000000-buw.toml"
    genuine = sorted(forged.parent.glob("*-ihk.toml"))[-1].read_text(encoding="utf-8")
    forged.write_text(genuine.replace('member = "ihk"', 'member = "buw"'), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-S", "-qm", "Stimme buw")  # IHK, signing with its key, votes for BUW
    result = stratdoc(repo, "release", "1.0")
    assert result.exit_code == 1 and "no quorum: 1 of 2" in result.output
    sign_as(repo, keys()["igm"])
    head = git(repo, "rev-parse", "HEAD")
    refused = stratdoc(repo, "vote", "1.0", "--member", "buw", "--vote", "zustimmung")
    assert refused.exit_code == 1 and "is not a key of seat 'buw'" in refused.output
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def _release_process(root: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    code = (
        "from pathlib import Path; from stratdoc.core.project import Project; "
        "from stratdoc.governance.release import release; "
        f"release(Project(Path({str(root)!r})), '1.0', formats=('html',))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=dict(os.environ, **(env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for(predicate, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def _sphinx_processes(root: Path) -> list[int]:
    """Ids of the running Sphinx processes that build below *root*."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and b"sphinx" in argv and any(str(root).encode() in a for a in argv):
            found.append(int(proc.name))
    return found


def _editions(root: Path) -> list[str]:
    folder = root / "_build" / "editions"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("stage", ["building", "built", "moved"])
def test_kill_9_leaves_no_tag_and_a_rerun_succeeds(repo: Path, stage: str) -> None:
    if stage == "building":  # a real kill -9 from outside, while Sphinx runs
        proc = _release_process(repo)
        _wait_for(lambda: any(n.startswith(".tmp-") for n in _editions(repo)))
        _wait_for(lambda: _sphinx_processes(repo))
        proc.kill()
        proc.wait(10)
        # the build just started would run for seconds more as an orphan: it dies at once
        _wait_for(lambda: not _sphinx_processes(repo), 1)
    else:  # the process kills itself at exactly this stage
        proc = _release_process(repo, {STOP_AT: stage})
    assert proc.wait(120) == -9
    assert tags(repo) == []
    assert "1.0" not in _editions(repo) or stage == "moved"  # complete but untagged
    assert stratdoc(repo, "verify", "1.0").exit_code == 1
    released(repo, "1.0")
    assert tags(repo) == ["v1.0"] and _editions(repo) == ["1.0"]
    assert stratdoc(repo, "verify", "1.0").exit_code == 0


def test_a_second_release_at_the_same_time_is_refused(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"  # a second work tree of the same repository shares its tags
    git(repo, "worktree", "add", "-q", "-b", "zweit", str(other))
    first = _release_process(repo)
    _wait_for(lambda: any(n.startswith(".tmp-") for n in _editions(repo)))
    for root in (repo, other):
        second = stratdoc(root, "release", "1.0")
        assert second.exit_code == 1 and "another release is running" in second.output
    assert first.wait(120) == 0, first.stdout.read() if first.stdout else ""
    later = stratdoc(other, "release", "1.0")
    assert later.exit_code == 1 and "tag v1.0 exists" in later.output
    assert tags(repo) == ["v1.0"] and _editions(other) == []


@pytest.fixture(scope="module")
def released_repo(voted: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = Path(shutil.copytree(voted, tmp_path_factory.mktemp("rel") / "repo"))
    released(root, "1.0")
    return root


def test_verify_on_a_clone_and_tampering(released_repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    url = f"file://{released_repo}"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "v1.0", url, str(shallow))
    refused = stratdoc(shallow, "verify", "1.0", "--tag-only")
    assert refused.exit_code == 2 and "shallow clone" in refused.output  # no votes to recount
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", url, str(clone))
    edition = Path(shutil.copytree(released_repo / "_build" / "editions" / "1.0", tmp_path / "e"))
    ok = stratdoc(clone, "verify", "1.0", "--edition", str(edition))
    assert ok.exit_code == 0, ok.output
    # one byte of one artifact
    page = edition / "html" / "index.html"
    data = bytearray(page.read_bytes())
    data[100] ^= 1
    page.write_bytes(bytes(data))
    bad = stratdoc(clone, "verify", "1.0", "--edition", str(edition))
    assert bad.exit_code == 1 and "html/index.html: SHA-256 differs" in bad.output
    assert bad.output.splitlines()[-1] == "stratdoc: Fassung 1.0 does not verify (1 problem)"
    tag_only = stratdoc(clone, "verify", "1.0", "--tag-only")
    assert tag_only.exit_code == 0
    assert tag_only.output.splitlines()[-1] == (
        "Fassung 1.0 verified: signatures, votes, fingerprints match"
    )


def test_verify_detects_a_changed_vote_record_and_a_moved_tag(
    released_repo: Path, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(released_repo, tmp_path / "repo"))
    record = sorted((root / "governance" / "votes" / "1.0").glob("*-buw.toml"))[0]
    record.write_text(
        record.read_text(encoding="utf-8").replace("zustimmung", "enthaltung"), encoding="utf-8"
    )
    sign_as(root, keys()["buw"])
    git(root, "commit", "-S", "-qam", "Stimme geändert")  # by the seat itself, still void
    message = git(root, "tag", "-l", "--format=%(contents:subject)%0a%0a%(contents:body)", "v1.0")
    sign_as(root, keys()["office"])
    git(root, "tag", "-f", "-s", "v1.0", "-m", message)  # the same record, moved, signed
    result = stratdoc(root, "verify", "1.0")
    assert result.exit_code == 1
    assert "v1.0: recount gives Zustimmung 1, Ablehnung 0, Enthaltung 0" in result.output
    assert "the tag was moved" in result.output


def _rehash(edition: Path) -> None:
    """Recompute manifest.json's artifact hashes, as someone covering a change would."""
    path = edition / "manifest.json"
    facts = json.loads(path.read_text(encoding="utf-8"))
    facts.pop("artifacts")
    manifest.write(edition, facts)


@pytest.mark.parametrize("change", ["byte", "script"])
def test_a_rehashed_manifest_does_not_cover_a_changed_edition(
    released_repo: Path, tmp_path: Path, change: str
) -> None:
    edition = Path(shutil.copytree(released_repo / "_build" / "editions" / "1.0", tmp_path / "e"))
    page = edition / "html" / "index.html"
    data = page.read_bytes()
    if change == "byte":
        data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
    else:
        data = data.replace(b"</body>", b"<script>alert(1)</script></body>")
    page.write_bytes(data)
    _rehash(edition)
    result = stratdoc(released_repo, "verify", "1.0", "--edition", str(edition))
    assert result.exit_code == 1
    assert (
        f"{edition}/manifest.json: SHA-256 differs from the one the signed tag names; "
        "the edition was changed after its release"
    ) in result.output


def test_a_check_error_without_a_line_names_no_line(released_repo: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(released_repo, tmp_path / "repo"))
    page = root / "strategy" / "index.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("```{indikator}")
    page.write_text(text[:start] + text[text.index("```\n", start) + 4 :], encoding="utf-8")
    git(root, "commit", "-qam", "Indikator gestrichen")
    call(root, "1.1")
    vote(root, "ihk", "zustimmung", "1.1")
    vote(root, "buw", "zustimmung", "1.1")
    sign_as(root, keys()["office"])
    result = stratdoc(root, "release", "1.1")
    assert result.exit_code == 1
    assert result.output == (
        "stratdoc: check fails, nothing released: strategy/index.md: error[id-vanished] "
        "KPI_SCHULEN was in Fassung 1.0 and is gone; keep it with status 'entfallen' instead "
        "of deleting it\n"
    )
    assert tags(root) == ["v1.0"]
