"""`stratdoc init`: a new network's strategy repository on the same package.

The files come from stratdoc/templates/network/: `common/` for every repository, and the
CI files of one forge from `github/` or `gitlab/`. A leading `dot-` in a name becomes `.`,
a trailing `.tmpl` is dropped (conf.py is kept as conf.py.tmpl, so that it is no module
of the package), and every `@KEY@` is replaced. The repository is written and committed
in a temporary folder beside DIR and moved into place only when everything worked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import click

import stratdoc
from stratdoc.core import gitrepo
from stratdoc.core.edition import build_date
from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _

TEMPLATES = Path(stratdoc.__file__).parent / "templates" / "network"
FORGES = ("github", "gitlab")
PLACEHOLDER_MARK = "PLATZHALTER-"  # marks the keys init writes; `stratdoc pin` refuses them
# the rows README.md gives the CI files of each forge
CI_ROWS = {
    "github": "| `.github/workflows/` | CI: `check.yml` (check, both editions, the review of a "
    "pull request), `release.yml` (verify a tag `v…`, build the editions site) |",
    "gitlab": "| `.gitlab-ci.yml` | CI: check (a Code Quality report) and both editions on "
    "merge requests and the default branch, the review of a merge request (`review.md`); "
    "verify and the editions site on GitLab Pages on a tag `v…` |",
}
# the settings README.md asks the project office to make on each forge (issue 21)
FORGE_SETTINGS = {
    "github": """\
- Settings → Rules → Rulesets, a ruleset for the default branch `main`: "Restrict
  deletions", "Block force pushes", "Require a pull request before merging" (the project
  office merges) and "Require signed commits" (browser edits are signed by GitHub; partners
  using Git sign their commits too). Only the project office in the bypass list.
- A ruleset for the tags `v*`: "Restrict creations", "Restrict updates", "Restrict
  deletions", "Block force pushes"; only the project office may bypass it to create them.
- Settings → General → Pull Requests: allow merge commits only; switch off "Allow squash
  merging" and "Allow rebase merging", which rewrite the signed vote commits.
- Every clone fetches with the default refspec, so a force push that slipped through leaves
  the old votes in `origin/main` for `stratdoc status` and `verify` to report.""",
    "gitlab": """\
- Settings → Repository → Protected branches: `main` with "Allowed to merge" the project
  office (Maintainers), "Allowed to push and merge" No one, "Allowed to force push" off.
- Settings → Repository → Protected tags: `v*` with "Allowed to create" the project office
  only; protected tags cannot be moved or deleted by anyone else.
- Settings → Merge requests: merge method "Merge commit", squash "Do not allow": a rebase or
  squash rewrites the signed vote commits.
- Settings → Repository → Push rules (GitLab Premium): "Reject unsigned commits" and "Do not
  allow users to remove Git tags with git push", where the instance offers them.
- Every clone fetches with the default refspec, so a force push that slipped through leaves
  the old votes in `origin/main` for `stratdoc status` and `verify` to report.""",
}
EXECUTABLE = {"scripts/system-packages.sh"}
PLACEHOLDER = re.compile(r"@([A-Z][A-Z_]*)@")
PLACEHOLDER_KEY = re.compile(r"@PLACEHOLDER_KEY_([a-z0-9-]+)@")
# characters that would turn the name into markup in Markdown, TOML or YAML
UNSAFE = re.compile(r"[<>{}\[\]`*\\|#$@\x00-\x1f\x7f]")
SHORT_NAME = re.compile(r"^[A-Za-zÄÖÜäöüß0-9][A-Za-zÄÖÜäöüß0-9.+_-]*$")
REPO_PATH = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")

# Ed25519 (RFC 8032): field prime and curve constant, to pick hash values that are points
_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P


def _is_ed25519_point(encoded: bytes) -> bool:
    """Whether 32 bytes decode to a point of Ed25519 (RFC 8032, 5.1.3)."""
    y = int.from_bytes(encoded, "little") & ((1 << 255) - 1)
    if y >= _P:
        return False
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return encoded[31] >> 7 == 0
    return pow(x2, (_P - 1) // 2, _P) == 1


def placeholder_key(network: str, seat: str) -> str:
    """An ssh-ed25519 public key line that parses but that nobody can sign for: the key
    is a hash value, so its private half is unknown to everyone. Marked for replacement."""
    counter = 0
    while True:
        seed = f"stratdoc init placeholder {network} {seat} {counter}".encode()
        point = hashlib.sha256(seed).digest()
        if _is_ed25519_point(point):
            break
        counter += 1
    kind = b"ssh-ed25519"
    blob = len(kind).to_bytes(4, "big") + kind + len(point).to_bytes(4, "big") + point
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {PLACEHOLDER_MARK}{seat}-ersetzen"


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "netzwerk"


def forge_table(forge: tuple[str, str, str] | None) -> str:
    """[stratdoc.forge] for ubproject.toml, so every page links "Änderung vorschlagen" to
    its source in the forge's web editor from the first build; a pointer without a forge."""
    if forge is None:
        return (
            "# once the repository is on GitHub or a GitLab: a table [stratdoc.forge] with kind,\n"
            "# url, repository and branch links every page to its source in the web editor\n"
            "# (see the stratdoc README, section Für Partnerorganisationen)"
        )
    kind, url, repository = forge
    return "\n".join(
        [
            '# the forge: every page links "Änderung vorschlagen" to its source in the web editor',
            "[stratdoc.forge]",
            f"kind = {_toml(kind)}",
            f"url = {_toml(url.rstrip('/'))}",
            f"repository = {_toml(repository)}",
            'branch = "main"',
        ]
    )


def values(
    name: str,
    short_name: str,
    requirement: str,
    forge: str,
    remote: str | None,
    table: str,
) -> dict[str, str]:
    """What every @KEY@ of the templates stands for."""
    year = min(max(build_date().year, 2020), 2038)
    title = f"Regionale Transformationsstrategie – {name}"
    text = {
        "NAME": name,
        "SHORT_NAME": short_name,
        "TITLE": title,
        "SLUG": f"{slug(short_name)}-strategie",
        "NAV_TITLE": f"{short_name} Strategie",
        "COPYRIGHT": f"{year} {name}",
        "SUBTITLE": f"Strategie von {name} ({short_name}) für die Transformation der "
        "Fahrzeug- und Zulieferindustrie in der Region",
    }
    found = dict(text)
    found.update({f"{key}_TOML": _toml(value) for key, value in text.items()})
    ci_row = CI_ROWS[forge]
    if remote:
        ci_row += f"\n\nThe repository lives at <{remote.removesuffix('.git')}>."
    found.update(
        YEAR=str(year),
        END_YEAR=str(year + 2),
        VERSION=stratdoc.__version__,
        REQUIREMENT=requirement,
        CI_ROW=ci_row,
        FORGE_SETTINGS=FORGE_SETTINGS[forge],
        FORGE_TABLE=table,
    )
    return found


def target_name(relative: Path) -> Path:
    parts = [("." + p[4:]) if p.startswith("dot-") else p for p in relative.parts]
    parts[-1] = parts[-1].removesuffix(".tmpl")
    return Path(*parts)


def render(text: str, known: dict[str, str], network: str) -> str:
    text = PLACEHOLDER_KEY.sub(lambda m: placeholder_key(network, m.group(1)), text)

    def replace(match: re.Match[str]) -> str:
        if match.group(1) not in known:
            raise KeyError(f"template placeholder {match.group(0)} has no value")
        return known[match.group(1)]

    return PLACEHOLDER.sub(replace, text)


def write_skeleton(dest: Path, known: dict[str, str], forge: str, network: str) -> list[Path]:
    """Every file of the templates for *forge*, rendered into *dest*; their paths."""
    written = []
    for base in (TEMPLATES / "common", TEMPLATES / forge):
        for source in sorted(p for p in base.rglob("*") if p.is_file()):
            relative = target_name(source.relative_to(base))
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            target.write_text(render(text, known, network), encoding="utf-8")
            if relative.as_posix() in EXECUTABLE:
                target.chmod(0o755)
            written.append(relative)
    return written


def _is_local(spec: str, base: Path) -> bool:
    """Whether *spec* names something on this machine: a path or a file: URL."""
    spec = spec.strip()
    if re.match(r"^(git\+)?file:", spec) or spec.startswith(("/", "./", "../", "~")):
        return True
    return (base / Path(spec).expanduser()).exists()


def requirement_line(spec: str | None, base: Path, forge: bool = False) -> str:
    """stratdoc pinned to this version, or *spec*; a local folder (relative to *base*) as
    its absolute path. With a forge the requirement must install on its runners, so a
    local one is refused."""
    if spec is None:
        return f"stratdoc=={stratdoc.__version__}"
    if "\n" in spec or not spec.strip():
        raise click.BadParameter(_("one requirement on one line"), param_hint="--requirement")
    if forge and _is_local(spec, base):
        raise click.BadParameter(
            _(
                "{spec}: a local path does not exist on the forge's runners; "
                "with --forge give a Git URL or a version"
            ).format(spec=spec.strip()),
            param_hint="--requirement",
        )
    local = base / Path(spec).expanduser()
    return str(local.resolve()) if local.exists() else spec.strip()


def _check_names(name: str, short_name: str) -> None:
    if not name.strip() or UNSAFE.search(name):
        raise click.BadParameter(
            _("letters, digits, spaces and simple punctuation only (no <>{}[]`*\\|#$@)"),
            param_hint="--name",
        )
    if not SHORT_NAME.match(short_name):
        raise click.BadParameter(
            _("letters, digits and . + _ - only, e.g. TRAIBER.NRW"), param_hint="--short-name"
        )


def _remote(forge: tuple[str, str, str] | None) -> tuple[str, str | None]:
    if forge is None:
        return "github", None
    kind, url, path = forge
    if not re.match(r"^https?://[^\s/]+", url):
        raise click.BadParameter(
            _("{url}: the forge's https:// address").format(url=url), param_hint="--forge"
        )
    if not REPO_PATH.match(path):
        raise click.BadParameter(
            _("{path}: the repository as owner/name").format(path=path), param_hint="--forge"
        )
    return kind, f"{url.rstrip('/')}/{path}.git"


@click.command(
    name="init",
    help=_("Create a strategy repository for another network in DIRECTORY (new or empty)."),
)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--name",
    required=True,
    help=_('The network\'s name, e.g. "Transformationsnetzwerk X".'),
)
@click.option("--short-name", required=True, help=_("Its short name, e.g. TRAIBER.NRW."))
@click.option(
    "--forge",
    nargs=3,
    type=(click.Choice(FORGES), str, str),
    default=None,
    metavar="github|gitlab URL REPO",
    help=_(
        "CI files of this forge and `origin` URL/REPO.git "
        "(e.g. gitlab https://gitlab.example.org netzwerk/strategie); "
        "without it: GitHub workflows, no remote."
    ),
)
@click.option(
    "--requirement",
    "spec",
    default=None,
    help=_(
        "Where the new repository installs stratdoc from (a pip requirement or a local "
        "folder); default stratdoc=={version}."
    ).format(version=stratdoc.__version__),
)
@click.pass_context
def command(
    ctx: click.Context,
    directory: Path,
    name: str,
    short_name: str,
    forge: tuple[str, str, str] | None,
    spec: str | None,
) -> None:
    name, short_name = name.strip(), short_name.strip()
    _check_names(name, short_name)
    kind, remote = _remote(forge)
    # like git -C: relative paths are taken from the -C folder
    base = ctx.find_root().obj or Path.cwd()
    requirement = requirement_line(spec, base, forge is not None)
    dest = base.joinpath(directory).resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StratdocError(
            _(
                "{directory}: exists and is not an empty folder; "
                "stratdoc init writes only into a new or empty one"
            ).format(directory=directory)
        )
    if not dest.parent.is_dir():
        raise EnvironmentProblem(
            _("{folder}: no such folder; create it first").format(folder=dest.parent)
        )
    known = values(name, short_name, requirement, kind, remote, forge_table(forge))
    staging = Path(tempfile.mkdtemp(prefix=".stratdoc-init-", dir=dest.parent))
    try:
        files = write_skeleton(staging, known, kind, slug(short_name))
        message = f"Strategie-Repository für {name} angelegt (stratdoc init {stratdoc.__version__})"
        commit = gitrepo.init_repository(staging, message, remote)
        if dest.exists():
            dest.rmdir()
        os.replace(staging, dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    click.echo(
        _("{directory}: {count} files, first commit {commit} on main").format(
            directory=directory, count=len(files), commit=commit[:7]
        )
    )
    if remote:
        click.echo(_("origin: {remote}").format(remote=remote))
    click.echo(_("next: cd {directory} && make").format(directory=directory))
