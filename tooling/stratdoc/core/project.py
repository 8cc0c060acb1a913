"""Where a strategy project lives and which folders mean what."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _

MARKER = "ubproject.toml"


@dataclass(frozen=True)
class Origin:
    """Where an exported copy of a project came from: its repository and commit."""

    git_dir: Path
    commit: str


@dataclass(frozen=True)
class Project:
    root: Path
    # set on an exported revision (core/snapshot.py), whose folder has no .git of its own
    origin: Origin | None = field(default=None, compare=False)

    @property
    def strategy_dir(self) -> Path:
        return self.root / "strategy"

    @property
    def governance_dir(self) -> Path:
        return self.root / "governance"

    @property
    def config_file(self) -> Path:
        return self.root / MARKER

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    def relative(self, path: str | Path) -> str:
        """A path as the user sees it: relative to the project root when inside it."""
        p = Path(path)
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def editions_dir(project: Project) -> Path:
    """_build/editions/: the released editions, one folder per Fassung."""
    return project.build_dir / "editions"


def find_project(start: Path | None = None) -> Project:
    """The project containing *start*: the nearest folder with conf.py and ubproject.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file() and (folder / "conf.py").is_file():
            return Project(folder)
    raise EnvironmentProblem(
        _(
            "{folder}: no strategy project here (no {marker} and conf.py in this folder or "
            "above); run inside the repository or pass -C DIR"
        ).format(folder=here, marker=MARKER)
    )
