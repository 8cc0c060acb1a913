"""Shared fixtures: tiny real projects from tests/roots and one build of the shipped strategy."""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# the assertions read the command line's English texts (the C locale alone gives the
# project's German); tests/test_i18n.py checks the German
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["STRATDOC_LANGUAGE"] = "en"

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"
TRUST_TABLE = "[stratdoc.governance]"


def require_tool(what: str, present: bool) -> None:
    """Skip a test whose tool `make test` installs but this machine lacks; fail under CI."""
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} missing: make test installs it")
    pytest.skip(f"{what} missing: make test installs it")


def copy_project(dest: Path, root: str | None = None) -> Path:
    """A project in *dest*: the shipped conf.py, data model and pinned neighbours, plus
    tests/roots/test-<root>.

    Without *root*, the shipped strategy/ is copied too.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "ubproject.toml"):
        shutil.copy2(REPO / name, dest / name)
    # the shipped trust root is a commit of this repository, not of the copy
    config = dest / "ubproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^trust_root\s*=.*\n", "", text, flags=re.M), encoding="utf-8")
    # the pinned neighbours the shipped ubproject.toml names (check reports them missing)
    shutil.copytree(REPO / "governance" / "neighbours", dest / "governance" / "neighbours")
    if root is None:
        shutil.copytree(REPO / "strategy", dest / "strategy")
    else:
        shutil.copytree(ROOTS / f"test-{root}", dest, dirs_exist_ok=True)
    return dest


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the real git CLI, as users do."""
    full_env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    full_env.update(env or {})
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=full_env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def init_repo(path: Path, name: str = "Projektbüro", email: str = "buero@example.org") -> Path:
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", name)
    git(path, "config", "user.email", email)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "Erste Fassung")
    return path


# Seats of tests/roots/test-gremium and their organisations
GREMIUM = {"ihk": "AK_IHK", "buw": "AK_BUW", "igm": "AK_IGM"}


def make_keys(folder: Path, names: Iterable[str]) -> dict[str, Path]:
    """A fresh ed25519 key pair per name, no passphrase: name -> private key (.pub beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for name in names:
        path = folder / name
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
            check=True,
            stdin=subprocess.DEVNULL,
        )
        found[name] = path
    return found


@functools.cache
def keys() -> dict[str, Path]:
    """Key pairs made once per session: the gremium's seats, the office, and two more."""
    folder = Path(tempfile.mkdtemp(prefix="stratdoc-keys-"))
    atexit.register(shutil.rmtree, folder, True)
    return make_keys(folder, [*GREMIUM, "office", "evil", "buw2"])


def public(key: Path) -> str:
    return key.with_name(key.name + ".pub").read_text(encoding="utf-8").strip()


def write_roster(
    root: Path, seats: Mapping[str, Sequence[Path]], office: Sequence[Path] = ()
) -> None:
    """governance/roster.toml of *root*: each seat of test-gremium with the public *seats* keys."""
    lines = []
    for seat, paths in seats.items():
        lines += ["[[member]]", f'id = "{seat}"', f'organisation = "{GREMIUM[seat]}"']
        lines += [f"keys = {json.dumps([public(k) for k in paths])}", ""]
    lines += ["[office]", f"keys = {json.dumps([public(k) for k in office])}"]
    (root / "governance" / "roster.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def sign_as(root: Path, key: Path) -> None:
    """Sign commits and tags of *root* with *key*, as a member sets Git up."""
    git(root, "config", "gpg.format", "ssh")
    git(root, "config", "user.signingkey", str(key))


def pin_trust_root(root: Path, commit: str = "HEAD") -> str:
    """Pin *commit* as the trust root in ubproject.toml and commit that, as `stratdoc pin` does."""
    full = git(root, "rev-parse", commit)
    config = root / "ubproject.toml"
    text = config.read_text(encoding="utf-8")
    from stratdoc.governance.trustroot import with_pin

    config.write_text(with_pin(text, full), encoding="utf-8")
    git(root, "commit", "-qm", "Vertrauensanker festgelegt", "--", "ubproject.toml")
    return full


def gremium_repo(dest: Path) -> Path:
    """A repo of test-gremium whose roster lists keys(): one per seat, and the office's; its
    first commit is the pinned trust root."""
    root = copy_project(dest, "gremium")
    write_roster(root, {s: [keys()[s]] for s in GREMIUM}, [keys()["office"]])
    init_repo(root)
    pin_trust_root(root)
    sign_as(root, keys()["office"])
    return root


@pytest.fixture
def project_factory(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(root: str | None = None, *, repo: bool = False) -> Path:
        dest = copy_project(tmp_path / f"p{next(counter)}", root)
        return init_repo(dest) if repo else dest

    return make


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped strategy built once (HTML + needs.json), shared by every test that reads it."""
    from click.testing import CliRunner
    from stratdoc.cli import main

    out = tmp_path_factory.mktemp("shipped")
    result = CliRunner().invoke(main, ["-C", str(REPO), "build", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@dataclass
class LocalServer:
    """A real HTTP server on 127.0.0.1 serving *root*; tell it to fail or stall per path.

    ``errors["/a/needs.json"] = 503`` answers that status, ``delays[path] = 2.0`` waits that
    long before answering; ``requests`` lists every path asked for, in order."""

    root: Path
    base: str  # http://127.0.0.1:PORT
    errors: dict[str, int] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path.lstrip('/')}"


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[LocalServer]:
    """LocalServer over tmp_path/"www" (created empty), stopped after the test."""
    root = tmp_path / "www"
    root.mkdir()
    state = LocalServer(root, "")

    class Handler(SimpleHTTPRequestHandler):
        def handle_one_request(self) -> None:
            # the client may have given up (a timeout test): nothing to answer then
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle_one_request()

        def send_head(self):  # type: ignore[no-untyped-def]
            path = self.path.split("?", 1)[0]
            state.requests.append(path)
            time.sleep(state.delays.get(path, 0.0))
            if path in state.errors:
                self.send_error(state.errors[path])
                return None
            return super().send_head()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    server.daemon_threads = True
    server.block_on_close = False  # a stalled answer must not hold the test up
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
