"""`stratdoc pin`: pin the trust root, the commit whose roster decides the first Fassung."""

from __future__ import annotations

import click

from stratdoc.cli import project_from
from stratdoc.commands.init import PLACEHOLDER_MARK
from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _
from stratdoc.governance import trustroot
from stratdoc.governance.inforce import governance_at


def _refuse(repo, commit: str) -> None:
    """Refuse a roster with placeholder keys, and moving a pin a Fassung was released under."""
    signers = governance_at(repo, commit).signers()  # one that does not load says why
    if any(PLACEHOLDER_MARK in key for keys in signers.values() for key in keys):
        raise StratdocError(
            _(
                "governance/roster.toml at {commit} still lists placeholder keys; "
                "commit the seats' and the office's real keys first"
            ).format(commit=commit[:7])
        )
    old = trustroot.pin_at(repo, "HEAD")
    released = gitrepo.release_tag_commits(repo, "HEAD")
    if old and old != commit and released:
        raise StratdocError(
            _(
                "Fassung {version} was released under the trust root {old}; "
                "the pin never moves once a Fassung is released"
            ).format(version=sorted(released, key=gitrepo.version_key)[-1], old=old[:12])
        )


@click.command(
    name="pin",
    help=_(
        "Pin REV (default HEAD), the commit that committed the roster's keys, as the trust root "
        "in ubproject.toml, and commit that."
    ),
)
@click.argument("rev", default="HEAD")
@click.pass_context
def command(ctx: click.Context, rev: str) -> None:
    project = project_from(ctx)
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(
            _("{root}: not a Git repository; the trust root is a commit").format(root=project.root)
        )
    if not gitrepo.has_commit(repo, rev):
        raise EnvironmentProblem(_("{rev}: no such commit in this clone").format(rev=rev))
    commit = gitrepo.rev_full(repo, rev)
    _refuse(repo, commit)
    if gitrepo.is_dirty(repo, [trustroot.CONFIG]):
        raise StratdocError(
            _("{config} has uncommitted changes; commit or stash them first").format(
                config=trustroot.CONFIG
            )
        )
    config = project.root / trustroot.CONFIG
    old = config.read_text(encoding="utf-8")
    config.write_text(trustroot.with_pin(old, commit), encoding="utf-8")
    try:
        repo.git.commit("-q", "-m", f"Vertrauensanker {commit[:7]} festgelegt", "--", config)
    except gitrepo.GitCommandError as exc:
        config.write_text(old, encoding="utf-8")
        raise StratdocError(
            _("git could not commit {config}: {error}").format(
                config=trustroot.CONFIG, error=str(exc.stderr).strip() or exc
            )
        ) from None
    click.echo(
        _("trust root pinned: {commit} (committed in {config})").format(
            commit=commit, config=trustroot.CONFIG
        )
    )
