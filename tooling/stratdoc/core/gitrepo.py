"""The one place that talks to Git (through GitPython)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import git

from stratdoc.core.errors import EnvironmentProblem, StratdocError
from stratdoc.core.i18n import _

# GitPython's errors that callers catch, so that no module but this one imports git
BadName = git.BadName
GitCommandError = git.GitCommandError


def open_repo(path: Path) -> git.Repo | None:
    """The Git repository containing *path*, or None outside Git."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def head_short(repo: git.Repo | None) -> str:
    """Short hash of HEAD, "" when there is no repository or no commit yet."""
    if repo is None:
        return ""
    try:
        return repo.git.rev_parse("--short=7", "HEAD")
    except git.GitCommandError:
        return ""


def is_dirty(repo: git.Repo | None, paths: list[str] | None = None) -> bool:
    """Uncommitted changes (tracked or untracked) below *paths* of the work tree."""
    if repo is None:
        return False
    return bool(repo.git.status("--porcelain", "--", *(paths or [])).strip())


def current_branch(repo: git.Repo) -> str | None:
    """Name of the checked-out branch; None on a detached HEAD."""
    try:
        return repo.git.symbolic_ref("--quiet", "--short", "HEAD")
    except git.GitCommandError:
        return None


def has_commit(repo: git.Repo, rev: str = "HEAD") -> bool:
    try:
        repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
        return True
    except git.GitCommandError:
        return False


def branch_exists(repo: git.Repo, name: str) -> bool:
    return has_commit(repo, f"refs/heads/{name}")


def valid_branch_name(repo: git.Repo, name: str) -> bool:
    try:
        repo.git.check_ref_format("--branch", name)
        return True
    except git.GitCommandError:
        return False


def author_identity(repo: git.Repo) -> str | None:
    """ "Name <email>" that git records as author (config or GIT_AUTHOR_*); None when unset."""
    try:
        ident = repo.git.var("GIT_AUTHOR_IDENT")
    except git.GitCommandError:
        return None
    return ident.rsplit(" ", 2)[0]


def staged_paths(repo: git.Repo) -> list[str]:
    """Paths whose index entry differs from HEAD (renames as deletion plus addition)."""
    out = repo.git.diff("--cached", "--name-only", "--no-renames", "-z", "HEAD")
    return [p for p in out.split("\0") if p]


def index_tree(repo: git.Repo) -> str:
    """The tree object of the index as it is now (fails while conflicts are unresolved)."""
    return repo.git.write_tree()


def create_commit(repo: git.Repo, tree: str, parent: str, message: str) -> str:
    """A commit object of *tree* on *parent*, authored by the configured identity; no ref moves."""
    return repo.git.commit_tree(tree, "-p", parent, "-m", message)


def create_branch(repo: git.Repo, name: str, commit: str) -> None:
    """Point the new branch *name* at *commit*; refuses atomically if it exists meanwhile."""
    repo.git.update_ref("-m", "stratdoc propose", f"refs/heads/{name}", commit, "0" * len(commit))


def unstage(repo: git.Repo, paths: list[str]) -> None:
    """Reset the index entries of *paths* to HEAD; the files in the work tree stay as they are."""
    repo.git.reset("-q", "HEAD", "--", *paths)


def merge_base(repo: git.Repo, a: str, b: str) -> str | None:
    try:
        return repo.git.merge_base(a, b)
    except git.GitCommandError:
        return None


def commit_count(repo: git.Repo, since: str, until: str) -> int:
    return int(repo.git.rev_list("--count", f"{since}..{until}"))


def changed_files(repo: git.Repo, old: str, new: str) -> list[tuple[str, int, int]]:
    """(path, lines added, lines deleted) of every file that differs; binary files count 0."""
    rows = []
    for line in repo.git.diff("--numstat", "--no-renames", old, new).splitlines():
        added, deleted, path = line.split("\t", 2)
        counts = [int(n) if n != "-" else 0 for n in (added, deleted)]
        rows.append((path, counts[0], counts[1]))
    return rows


def init_repository(path: Path, message: str, remote: str | None = None) -> str:
    """A new repository at *path* (branch main) whose first commit holds every file there,
    by the configured identity; *remote* becomes `origin`. The commit's hash."""
    repo = git.Repo.init(path, initial_branch="main")
    repo.git.add("-A")
    try:
        repo.git.commit("-q", "-m", message)
    except git.GitCommandError as exc:
        raise EnvironmentProblem(
            _(
                "git could not make the first commit ({detail}); "
                "set user.name and user.email with git config --global"
            ).format(detail=_last_line(exc))
        ) from exc
    if remote:
        repo.create_remote("origin", remote)
    return repo.head.commit.hexsha


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a Fassung number: 1.10 after 1.9."""
    return tuple(int(p) for p in version.split("."))


def release_tags(repo: git.Repo) -> list[str]:
    """Versions of every v<VERSION> tag, oldest first (1.10 after 1.9)."""
    versions = [t.name[1:] for t in repo.tags if t.name.startswith("v")]
    valid = [v for v in versions if all(p.isdigit() for p in v.split("."))]
    return sorted(valid, key=version_key)


def tag_date(repo: git.Repo, tag: str) -> str:
    """ISO date of *tag*: the tagger's date when annotated, else its commit's date."""
    out = repo.git.for_each_ref("--format=%(creatordate:short)", f"refs/tags/{tag}")
    return out.strip()


def rev_short(repo: git.Repo, rev: str) -> str:
    """Short hash of the commit *rev* names (a tag is peeled to its commit)."""
    return repo.git.rev_parse("--short=7", f"{rev}^{{commit}}")


def add_worktree(repo: git.Repo, path: Path, rev: str) -> None:
    """A detached work tree of *rev* at *path* (which must not exist yet)."""
    repo.git.worktree("add", "--detach", "--quiet", str(path), rev)


def remove_worktree(repo: git.Repo, path: Path) -> None:
    """Remove the work tree at *path* and Git's bookkeeping of it."""
    try:
        repo.git.worktree("remove", "--force", str(path))
    except git.GitCommandError:
        # prune forgets only work trees whose folder is gone
        shutil.rmtree(path, ignore_errors=True)
        repo.git.worktree("prune")


def rev_full(repo: git.Repo, rev: str) -> str:
    """Full hash of the commit *rev* names (a tag is peeled to its commit)."""
    return repo.git.rev_parse(f"{rev}^{{commit}}")


def is_ancestor(repo: git.Repo, ancestor: str, rev: str) -> bool:
    """Whether *ancestor* is *rev* or lies in its history."""
    try:
        repo.git.merge_base("--is-ancestor", ancestor, rev)
        return True
    except git.GitCommandError:
        return False


def is_shallow(repo: git.Repo) -> bool:
    return repo.git.rev_parse("--is-shallow-repository") == "true"


def require_full_history(repo: git.Repo, message: str) -> None:
    """Stop (exit 2) with *message*, which names `git fetch --unshallow --tags`, in a
    shallow clone: what is read from the history must not be read from a part of it."""
    if is_shallow(repo):
        raise EnvironmentProblem(message)


def grep_at(repo: git.Repo, rev: str, pattern: str, folder: str) -> str:
    """The lines of files below *folder* at *rev* that match the extended regex *pattern*."""
    try:
        return repo.git.grep("-h", "-E", pattern, rev, "--", folder)
    except git.GitCommandError:  # exit 1: no line matches
        return ""


def added_files(repo: git.Repo, rev: str, folder: str) -> list[tuple[str, str]]:
    """(commit, path) of every file added below *folder* in the history of *rev*, oldest first."""
    return _added(repo, [rev], folder)


def added_files_outside(repo: git.Repo, rev: str, folder: str) -> list[tuple[str, str]]:
    """(commit, path) of every file added below *folder* by a commit that some ref holds
    (branches, remote-tracking branches, tags, HEAD) but the history of *rev* lacks."""
    return _added(repo, ["--all", "--not", rev], folder)


def _added(repo: git.Repo, revs: list[str], folder: str) -> list[tuple[str, str]]:
    out = repo.git.log(
        "--reverse",
        "--diff-filter=A",
        "--no-renames",
        "--name-only",
        "--format=%x00%H",
        *revs,
        "--",
        folder,
    )
    found = []
    for chunk in out.split("\0")[1:]:
        commit, *paths = chunk.strip("\n").split("\n")
        found += [(commit, p) for p in paths if p]
    return found


def blob_at(repo: git.Repo, rev: str, path: str) -> bytes | None:
    """The bytes of *path* at *rev*, None where it does not exist."""
    try:
        return repo.commit(rev).tree[path].data_stream.read()
    except KeyError:
        return None


def refs_containing(repo: git.Repo, commit: str) -> list[str]:
    """The refs (refs/heads/…, refs/remotes/…, refs/tags/…) whose history holds *commit*."""
    out = repo.git.for_each_ref("--contains", commit, "--format=%(refname) %(symref)")
    return [line.strip() for line in out.splitlines() if line.strip() and " " not in line.strip()]


def parent_times(repo: git.Repo, commit: str) -> list[tuple[str, dt.datetime]]:
    """(hash, committer time in UTC) of each parent of *commit* (none for a root commit)."""
    return [
        (p.hexsha, p.committed_datetime.astimezone(dt.UTC)) for p in repo.commit(commit).parents
    ]


def commits_touching(repo: git.Repo, rev: str, path: str) -> list[str]:
    """Every commit in the history of *rev* that changed *path*, newest first."""
    return repo.git.log("--format=%H", rev, "--", path).split()


def raw_object(repo: git.Repo, sha: str) -> bytes:
    """The raw bytes of an object (commit, tag or blob), signature included."""
    return repo.odb.stream(bytes.fromhex(sha)).read()


def tag_object(repo: git.Repo, name: str) -> bytes | None:
    """The raw tag object of the annotated tag *name*; None for a lightweight tag."""
    ref = repo.tags[name]
    return raw_object(repo, ref.tag.hexsha) if ref.tag is not None else None


def tag_object_id(repo: git.Repo, name: str) -> str | None:
    """The id of the annotated tag *name*'s tag object; None for a lightweight or no tag."""
    try:
        ref = repo.tags[name]
    except IndexError:
        return None
    return ref.tag.hexsha if ref.tag is not None else None


def config_value(repo: git.Repo, key: str) -> str | None:
    try:
        return repo.git.config("--get", key)
    except git.GitCommandError:
        return None


def commit_new_file(repo: git.Repo, path: str, text: str, message: str) -> str:
    """Write *path*, commit exactly it signed (-S); on any failure remove it again."""
    target = Path(repo.working_tree_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        repo.git.add("--", path)
        repo.git.commit("-q", "-S", "-m", message, "--", path)
    except git.GitCommandError as exc:
        repo.git.rm("-q", "--cached", "--ignore-unmatch", "--", path)
        target.unlink(missing_ok=True)
        raise StratdocError(
            _("git could not sign the commit: {error}").format(error=_last_line(exc))
        ) from None
    return repo.head.commit.hexsha


def create_signed_tag(repo: git.Repo, name: str, commit: str, message: str) -> None:
    try:
        repo.git.tag("-s", "-m", message, name, commit)
    except git.GitCommandError as exc:
        raise StratdocError(
            _("git could not sign the tag {name}: {error}").format(name=name, error=_last_line(exc))
        ) from None


def _last_line(exc: git.GitCommandError) -> str:
    lines = [line for line in str(exc.stderr).strip().strip("'").splitlines() if line.strip()]
    return lines[-1].strip() if lines else _("unknown error")


# ---- history, read from Git objects (stratdoc monitor) --------------------------------


@dataclass
class FileChange:
    status: str  # A, M, D, R, C, T (git diff --raw)
    old_path: str | None
    new_path: str | None
    new_blob: str | None  # None when deleted


@dataclass
class LoggedCommit:
    sha: str
    parents: list[str]
    date: str  # committer date, ISO (when the change landed on the line)
    author: str
    trailers: list[str]  # values of the Eingebracht-von trailer
    changes: list[FileChange] = field(default_factory=list)
    email: str = ""  # the author's, for the partner map


_SEP = "\x1f"


def first_parent_log(repo: git.Repo, rev: str, trailer_key: str) -> list[LoggedCommit]:
    """Every commit on the first-parent line up to *rev*, oldest first, with the files it
    changed against its first parent (a merge: what the merge brought in; renames found)."""
    trailers = f"%(trailers:key={trailer_key},valueonly,separator=%x1e)"
    fmt = _SEP.join(["%x00%H", "%P", "%cI", "%an", "%ae", trailers])
    out = repo.git.log(
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "--root",
        "--raw",
        "--no-abbrev",
        "-M",
        "-z",
        f"--format={fmt}",
        rev,
        "--",
        strip_newline_at_end=False,
    )
    return _records(out)


def _records(out: str) -> list[LoggedCommit]:
    # with -z: "\0" + header fields (separated by \x1f) + "\0", then per file
    # ":modes blobs STATUS\0path\0" (two paths for a rename or copy)
    commits: list[LoggedCommit] = []
    tokens = [t.lstrip("\n") for t in out.split("\x00")]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith(":") and commits:
            meta = token[1:].split()
            status = meta[4][0]
            paths = tokens[i + 1 : i + (3 if status in ("R", "C") else 2)]
            i += 1 + len(paths)
            commits[-1].changes.append(
                FileChange(
                    status,
                    paths[0] if status != "A" else None,
                    paths[-1] if status != "D" else None,
                    meta[3] if status != "D" else None,
                )
            )
            continue
        if _SEP in token:
            sha, parents, date, author, email, trailers = token.split(_SEP, 5)
            values = [t.strip() for t in trailers.split("\x1e") if t.strip()]
            commits.append(LoggedCommit(sha, parents.split(), date, author, values, email=email))
        i += 1
    return commits


def tree_blobs(repo: git.Repo, rev: str, folder: str) -> dict[str, str]:
    """path -> blob id of every file below *folder* at *rev*."""
    out = repo.git.ls_tree("-r", "-z", rev, "--", folder)
    blobs = {}
    for entry in out.split("\x00"):
        if entry:
            meta, path = entry.split("\t", 1)
            blobs[path] = meta.split()[2]
    return blobs


def read_blobs(repo: git.Repo, blobs: list[str]) -> dict[str, bytes]:
    """The contents of many blobs, in one `git cat-file --batch` run."""
    if not blobs:
        return {}
    out = subprocess.run(
        ["git", "--git-dir", str(repo.git_dir), "cat-file", "--batch"],
        input="\n".join(blobs).encode() + b"\n",
        capture_output=True,
        check=True,
    ).stdout
    found, pos = {}, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        sha, kind, *rest = out[pos:end].decode().split()
        pos = end + 1
        if kind == "missing":
            continue
        size = int(rest[0])
        found[sha] = out[pos : pos + size]
        pos += size + 1
    return found


def release_tag_commits(repo: git.Repo, rev: str) -> dict[str, str]:
    """version -> commit of every v<VERSION> tag contained in *rev*'s history."""
    out = repo.git.for_each_ref(
        "--merged", rev, "--format=%(refname:short) %(objectname) %(*objectname)", "refs/tags/v*"
    )
    found = {}
    for line in out.splitlines():
        name, obj, peeled = (line.split() + [""])[:3]
        version = name[1:]
        if version and all(p.isdigit() for p in version.split(".")):
            found[version] = peeled or obj
    return found


def trailer_values(repo: git.Repo, span: str, key: str) -> list[str]:
    """Values of trailer *key* in the commits of *span* (e.g. "a..b"), newest first."""
    out = repo.git.log(span, f"--format=%(trailers:key={key},valueonly,separator=%x0a)")
    return [line.strip() for line in out.splitlines() if line.strip()]
