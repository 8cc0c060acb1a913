"""`stratdoc verify`: is a released edition exactly what the committee adopted?

Walks the chain of Fassungen in VERSION's history from the trust root its ubproject.toml
pins. For each: the tag is signed by a key in force (a seat or the project office), its
fingerprint is the content at the tag, a recount from the history (signatures, roster in
force, open call, fingerprint) gives exactly the votes and tally the tag names, and the
roster in force comes from the Fassung the tag names. Then VERSION's manifest against the
SHA-256 its signed tag names, and the artifacts against the manifest. A clone that lacks
the vote commits or a tag the chain needs stops (exit 2) rather than pass unchecked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo
from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _
from stratdoc.editions import manifest
from stratdoc.governance import signatures, trustroot
from stratdoc.governance.adoption import Adoption, decide
from stratdoc.governance.inforce import earlier_releases, in_force
from stratdoc.governance.tag import parse, tag_name

if TYPE_CHECKING:
    import git


def _bindings(repo: git.Repo, name: str, data: dict, result: Adoption) -> list[str]:
    """The trust root and the Fassung whose roster decided, as the signed tag names them."""
    force, problems = result.force, []
    if data.get("trust_root", force.root) != force.root:
        problems.append(
            _("{tag}: released under the trust root {named}, not the pinned {root}").format(
                tag=name, named=str(data.get("trust_root"))[:12], root=force.root[:12]
            )
        )
    source = data.get("roster_from")
    if not isinstance(source, dict):
        return problems
    named = str(source.get("fassung"))
    if gitrepo.tag_object_id(repo, tag_name(named)) is None:
        raise EnvironmentProblem(
            _(
                "{tag} was decided by the roster of Fassung {named}, whose tag {previous} "
                "this clone lacks; run `git fetch --tags origin` and verify again"
            ).format(tag=name, named=named, previous=tag_name(named))
        )
    if force.previous != named or force.tag != source.get("tag"):
        problems.append(
            _(
                "{tag}: decided by the roster of Fassung {named} (tag object {object}), "
                "the recount finds {source}"
            ).format(tag=name, named=named, object=str(source.get("tag"))[:7], source=force.source)
        )
    return problems


def _fassung(repo: git.Repo, version: str, trust_root: str) -> list[str]:
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
    problems = _bindings(repo, name, data, result)
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
    problems += _vote_log(name, result, data)
    if result.refusal and not result.dropped:
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


def _vote_log(name: str, result: Adoption, data: dict) -> list[str]:
    """The vote log the tag names against the history, and signed votes left out of it."""
    problems = [f"{name}: {d.line()}" for d in result.dropped]
    if "considered" not in data:
        problems.append(_("{tag}: the tag names no vote log").format(tag=name))
    elif data["considered"] != result.considered or data.get("log") != result.log:
        problems.append(
            _("{tag}: the tag names the vote log {named}; the history holds {found}").format(
                tag=name,
                named=", ".join(str(c)[:7] for c in data["considered"]) or _("none"),
                found=", ".join(c[:7] for c in result.considered) or _("none"),
            )
        )
    closing = result.closing.commit if result.closing else None
    if data.get("closing") != closing:
        problems.append(
            _("{tag}: the Eingangsvermerk differs from the one the tag names").format(tag=name)
        )
    return problems


def _edition(edition: Path, commit: str, data: dict) -> list[str]:
    if not (edition / manifest.NAME).is_file():
        return [
            _("{edition}: no {manifest}; pass --edition DIR of the released edition").format(
                edition=edition, manifest=manifest.NAME
            )
        ]
    shown = edition / manifest.NAME
    signed = data.get("manifest_sha256")
    if signed is None:
        return [
            _("{manifest}: the release tag names no SHA-256 of it; nothing binds it").format(
                manifest=shown
            )
        ]
    if manifest.digest(edition) != signed:
        return [
            _(
                "{manifest}: SHA-256 differs from the one the signed tag names; "
                "the edition was changed after its release"
            ).format(manifest=shown)
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
        problems.append(_("{manifest}: fingerprint differs from the tag").format(manifest=shown))
    return problems + manifest.mismatches(edition, facts.get("artifacts", {}))


def _expected(repo: git.Repo, root: str, expected: str | None) -> None:
    """Refuse when the pinned trust root is not the one the caller knows from elsewhere."""
    if expected is None:
        return
    if not gitrepo.has_commit(repo, expected):
        raise EnvironmentProblem(
            _("--trust-root {rev}: no such commit in this clone").format(rev=expected)
        )
    if gitrepo.rev_full(repo, expected) != root:
        raise StratdocError(
            _(
                "ubproject.toml pins the trust root {root}, not {rev} (--trust-root); "
                "this repository is not the one you trust"
            ).format(root=root[:12], rev=expected)
        )


def verify(
    project_root: Path, version: str, edition: Path | None, trust_root: str | None = None
) -> tuple[list[str], str]:
    """(one line per problem, the trust root in words); no problems when the release holds.

    *trust_root*: a commit known from outside the repository; the pin must name it."""
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
    commit = gitrepo.rev_full(repo, name)
    root = trustroot.pinned(repo, commit)
    _expected(repo, root, trust_root)
    # pinned() refused a root outside the tag's history: the chain ends in VERSION
    versions = [*earlier_releases(repo, version, name, root), version]
    first = versions[0]
    source = in_force(repo, first, gitrepo.rev_full(repo, tag_name(first)), root).source
    problems = [p for v in versions for p in _fassung(repo, v, root)]
    if edition is not None:
        raw = gitrepo.tag_object(repo, name)
        data = parse(raw.decode("utf-8", "replace")) if raw else None
        problems += _edition(edition, commit, data or {})
    return problems, source
