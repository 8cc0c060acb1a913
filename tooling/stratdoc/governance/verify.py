"""`stratdoc verify`: is a released edition exactly what the committee adopted?

Re-checks, from the tag alone: the content fingerprint, every counted vote record (blob id,
member, allowed identity, recount under the rules at the tag), and every artifact against
manifest.json. With full history the record authors are read from Git; a shallow clone
takes them from the tag and still detects any changed record by its blob id.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from stratdoc.core import gitrepo, snapshot
from stratdoc.core.errors import StratdocError
from stratdoc.core.fingerprint import fingerprint
from stratdoc.core.project import Project
from stratdoc.editions import manifest
from stratdoc.governance.adoption import tally_votes
from stratdoc.governance.roster import actor_ids, load
from stratdoc.governance.tag import parse, tag_name
from stratdoc.governance.votes import records

if TYPE_CHECKING:
    import git


def _shallow(repo: git.Repo) -> bool:
    return repo.git.rev_parse("--is-shallow-repository") == "true"


def _votes(repo: git.Repo, commit: git.Commit, version: str, data: dict) -> list[str]:
    problems = []
    listed = {v["record"]: v for v in data["votes"]}
    for path, vote in sorted(listed.items()):
        try:
            blob = commit.tree[path].hexsha
        except KeyError:
            problems.append(f"{path}: counted vote record missing at {tag_name(version)}")
            continue
        if blob != vote["blob"]:
            problems.append(f"{path}: vote record changed since the release")
    found = records(repo, commit.hexsha, version)
    if _shallow(repo):
        found = [
            dataclasses.replace(r, author=listed.get(r.path, {}).get("author", "")) for r in found
        ]
    else:
        problems += [
            f"{r.path}: committed by {r.author}, the tag says {listed[r.path]['author']}"
            for r in found
            if r.path in listed and r.author != listed[r.path]["author"]
        ]
    with snapshot.export(repo, commit.hexsha) as at_tag:
        gov = load(at_tag, actor_ids(at_tag))
    result = tally_votes(gov, found, version, data["fingerprint"])
    if result.refusal:
        problems.append(f"{tag_name(version)}: the votes do not carry it: {result.refusal}")
    if result.tally.line() != data["tally"] or set(result.votes) != {
        v["member"] for v in data["votes"]
    }:
        problems.append(
            f"{tag_name(version)}: recount gives {result.tally.line()}, "
            f"the tag says {data['tally']}"
        )
    return problems


def _edition(edition: Path, commit: git.Commit, data: dict) -> list[str]:
    if not (edition / manifest.NAME).is_file():
        return [f"{edition}: no {manifest.NAME}; pass --edition DIR of the released edition"]
    facts = manifest.read(edition)
    problems = []
    if facts.get("commit") != commit.hexsha:
        problems.append(
            f"tag points to {commit.hexsha[:7]}, but the edition was released "
            f"from {str(facts.get('commit'))[:7]}: the tag was moved"
        )
    if facts.get("fingerprint") != data["fingerprint"]:
        problems.append(f"{edition / manifest.NAME}: fingerprint differs from the tag")
    return problems + manifest.mismatches(edition, facts.get("artifacts", {}))


def verify(project: Project, version: str, edition: Path | None) -> list[str]:
    """One line per problem; empty when the release holds. *edition* None: tag and votes only."""
    repo = gitrepo.open_repo(project.root)
    if repo is None:
        raise StratdocError(f"{project.root}: not a Git repository")
    name = tag_name(version)
    if name not in repo.tags:
        raise StratdocError(
            f"no tag {name}; released Fassungen: {', '.join(gitrepo.release_tags(repo)) or 'none'}"
        )
    ref = repo.tags[name]
    data = parse(ref.tag.message) if ref.tag is not None else None
    if data is None:
        return [f"{name}: not a release tag of stratdoc (no annotated release record)"]
    commit = ref.commit
    problems = []
    if fingerprint(repo, commit.hexsha) != data["fingerprint"]:
        problems.append(f"{name}: content fingerprint differs from the one adopted")
    problems += _votes(repo, commit, version, data)
    return problems + (_edition(edition, commit, data) if edition is not None else [])
