"""`stratdoc verify`: is a released edition exactly what the committee adopted?

Walks the chain of Fassungen from the trust root to VERSION. For each: the tag is signed by
a key in force (a seat or the project office), its fingerprint is the content at the tag,
and a recount from the history (signatures, roster in force, open call, fingerprint) gives
exactly the votes and tally the tag names. Then VERSION's artifacts against its manifest.
A shallow clone lacks the vote commits: verify stops (exit 2) rather than pass unchecked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import StratdocError
from stratdoc.core.i18n import _
from stratdoc.editions import manifest
from stratdoc.governance import signatures
from stratdoc.governance.adoption import decide
from stratdoc.governance.inforce import in_force
from stratdoc.governance.tag import parse, tag_name

if TYPE_CHECKING:
    import git


def _fassung(repo: git.Repo, version: str, trust_root: str | None) -> list[str]:
    name = tag_name(version)
    raw = gitrepo.tag_object(repo, name)
    if raw is None:
        return [
            _("{tag}: not an annotated tag; a release tag is signed and annotated").format(tag=name)
        ]
    data = parse(raw.decode("utf-8", "replace"))
    if data is None:
        return [
            _("{tag}: not a release tag of stratdoc (no release record in its message)").format(
                tag=name
            )
        ]
    commit = gitrepo.rev_full(repo, name)
    result = decide(repo, commit, version, trust_root)
    force = result.force
    signature = signatures.check(raw, force.governance.signers())
    problems = []
    if signature.state != signatures.GOOD:
        if signature.state == signatures.UNSIGNED:
            why = _("{tag}: tag unsigned, not signed by a key in force ({source})")
        elif signature.state == signatures.INVALID:
            why = _("{tag}: tag invalid, not signed by a key in force ({source})")
        else:
            why = _("{tag}: tag unknown key, not signed by a key in force ({source})")
        problems.append(why.format(tag=name, source=force.source))
    if result.fingerprint != data.get("fingerprint"):
        problems.append(
            _("{tag}: content fingerprint differs from the one adopted").format(tag=name)
        )
    if result.refusal:
        problems.append(
            _("{tag}: the votes do not carry it: {refusal}").format(
                tag=name, refusal=result.refusal
            )
        )
    named = {(v.get("member"), v.get("commit")) for v in data.get("votes", [])}
    recount = {(m, v.commit) for m, v in result.counted.items()}
    if named != recount or result.tally.line() != data.get("tally"):
        problems.append(
            _(
                "{tag}: recount gives {tally} from {commits}; the tag says {named} from {listed}"
            ).format(
                tag=name,
                tally=result.tally.line(),
                commits=", ".join(sorted(c[:7] for _m, c in recount)) or _("no votes"),
                named=data.get("tally"),
                listed=", ".join(sorted(str(c)[:7] for _m, c in named)) or _("none"),
            )
        )
    if result.call is None or result.call.commit != data.get("call"):
        problems.append(
            _("{tag}: the open call differs from the one the tag names").format(tag=name)
        )
    return problems


def _edition(edition: Path, commit: str, data: dict) -> list[str]:
    if not (edition / manifest.NAME).is_file():
        return [
            _("{edition}: no {manifest}; pass --edition DIR of the released edition").format(
                edition=edition, manifest=manifest.NAME
            )
        ]
    facts = manifest.read(edition)
    problems = []
    if facts.get("commit") != commit:
        problems.append(
            _(
                "tag points to {commit}, but the edition was released "
                "from {released}: the tag was moved"
            ).format(commit=commit[:7], released=str(facts.get("commit"))[:7])
        )
    if facts.get("fingerprint") != data.get("fingerprint"):
        problems.append(
            _("{manifest}: fingerprint differs from the tag").format(
                manifest=edition / manifest.NAME
            )
        )
    return problems + manifest.mismatches(edition, facts.get("artifacts", {}))


def chain(repo: git.Repo, version: str, trust_root: str | None) -> list[str]:
    """The Fassungen verify walks: from the first after the trust root up to *version*."""
    versions = [
        v
        for v in gitrepo.release_tags(repo)
        if gitrepo.version_key(v) <= gitrepo.version_key(version)
    ]
    if trust_root is not None:
        versions = [v for v in versions if gitrepo.is_ancestor(repo, trust_root, tag_name(v))]
    return versions


def verify(
    project_root: Path, version: str, edition: Path | None, trust_root: str | None = None
) -> tuple[list[str], str]:
    """(one line per problem, the trust root in words); no problems when the release holds."""
    repo = gitrepo.open_repo(project_root)
    if repo is None:
        raise StratdocError(_("{root}: not a Git repository").format(root=project_root))
    name = tag_name(version)
    if version not in gitrepo.release_tags(repo):
        known = ", ".join(gitrepo.release_tags(repo)) or _("none")
        raise StratdocError(
            _("no tag {tag}; released Fassungen: {known}").format(tag=name, known=known)
        )
    gitrepo.require_full_history(
        repo,
        _(
            "shallow clone: the signed votes are in the history it lacks; "
            "run `git fetch --unshallow --tags` and verify again"
        ),
    )
    if trust_root is not None and not gitrepo.has_commit(repo, trust_root):
        raise StratdocError(_("--trust-root {rev}: no such revision").format(rev=trust_root))
    versions = chain(repo, version, trust_root)
    if version not in versions:
        raise StratdocError(
            _("{tag} does not descend from the trust root {trust_root}").format(
                tag=name, trust_root=trust_root
            )
        )
    first = versions[0]
    root = in_force(repo, first, gitrepo.rev_full(repo, tag_name(first)), trust_root).source
    problems = [p for v in versions for p in _fassung(repo, v, trust_root)]
    if edition is not None:
        raw = gitrepo.tag_object(repo, name)
        data = parse(raw.decode("utf-8", "replace")) if raw else None
        problems += _edition(edition, gitrepo.rev_full(repo, name), data or {})
    return problems, root
