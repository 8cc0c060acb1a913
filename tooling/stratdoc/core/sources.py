"""The strategy's MyST sources read once, without Sphinx: directives with their option lines,
roles, links and inline HTML, each with its line. Rules read this instead of the files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):(?:\s+(?P<value>.*?))?\s*$")
_CODE_SPAN = re.compile(r"(`+)(?!\{).*?\1")
_ROLE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<body>[^`]*)`")
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]*)")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(?:\s|$)")
_LABEL = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")

# Directives whose body is not MyST: not scanned as Markdown (raw and eval-rst get their own rules)
LITERAL_BODY = {
    "code",
    "code-block",
    "sourcecode",
    "code-cell",
    "math",
    "raw",
    "eval-rst",
    "csv-table",
    "literalinclude",
    "include",
    "graphviz",
    "mermaid",
    "needtable",
    "needflow",
    "needpie",
    "needbar",
    "needlist",
    "needextract",
    "needuml",
}


@dataclass(slots=True)
class Directive:
    name: str
    arg: str
    line: int
    options: dict[str, tuple[str, int]] = field(default_factory=dict)
    body: list[tuple[int, str]] = field(default_factory=list)  # literal bodies only

    def option_line(self, key: str) -> int:
        return self.options[key][1] if key in self.options else self.line


@dataclass(slots=True)
class SourceFile:
    path: str  # relative to the project root, e.g. strategy/index.md
    docname: str
    file: Path
    utf8: bool
    bad_byte_line: int | None = None
    directives: list[Directive] = field(default_factory=list)
    roles: list[tuple[str, str, int]] = field(default_factory=list)  # name, target, line
    links: list[tuple[str, int]] = field(default_factory=list)  # url, line (links and images)
    html: list[tuple[str, int]] = field(default_factory=list)  # Markdown lines with raw HTML
    labels: set[str] = field(default_factory=set)


@dataclass
class SourceIndex:
    root: Path
    files: list[SourceFile]

    def __post_init__(self) -> None:
        self._by_line: dict[tuple[str, int], Directive] = {
            (f.path, d.line): d for f in self.files for d in f.directives
        }

    def directive_at(self, path: str, line: int | None) -> Directive | None:
        return self._by_line.get((path, line)) if line else None

    def directives(self) -> Iterator[tuple[SourceFile, Directive]]:
        for f in self.files:
            for d in f.directives:
                yield f, d


def source_files(root: Path, srcdir: str = "strategy") -> list[Path]:
    """Every *.md below root/srcdir, in a stable order."""
    return sorted((root / srcdir).rglob("*.md"))


def is_utf8(file: Path) -> bool:
    try:
        file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def scan(root: Path, srcdir: str = "strategy") -> SourceIndex:
    """Every *.md below root/srcdir, parsed."""
    base = root / srcdir
    files = []
    for file in source_files(root, srcdir):
        rel = file.relative_to(root).as_posix()
        docname = file.relative_to(base).with_suffix("").as_posix()
        files.append(read_source(file, rel, docname))
    return SourceIndex(root, files)


def read_source(file: Path, rel: str, docname: str) -> SourceFile:
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceFile(rel, docname, file, False, data[: exc.start].count(b"\n") + 1)
    return parse_text(text, rel, docname, file)


def parse_text(
    text: str, rel: str, docname: str, file: Path | None = None, inline: bool = True
) -> SourceFile:
    """A source file's text (e.g. read from a Git object) parsed as read_source would.

    inline=False: directives and their options only (no roles, links, HTML, labels)."""
    source = SourceFile(rel, docname, file or Path(rel), True)
    _parse(source, text.splitlines(), inline)
    return source


def _parse(source: SourceFile, lines: list[str], inline: bool = True) -> None:
    # open fences: (char, length, directive or None for plain code, literal body?)
    stack: list[tuple[str, int, Directive | None, bool]] = []
    in_options = False
    for number, line in enumerate(lines, start=1):
        fence = _FENCE.match(line)
        literal = bool(stack) and (stack[-1][2] is None or stack[-1][3])
        if fence and not fence.group("info"):
            char, length = fence.group("fence")[0], len(fence.group("fence"))
            # CommonMark: the first bare fence closes the outermost block it can close
            for i, (c, n, _, _) in enumerate(stack):
                if c == char and length >= n:
                    del stack[i:]
                    break
            else:
                if not literal:
                    stack.append((char, length, None, True))
            in_options = False
            continue
        if literal:
            directive = stack[-1][2]
            if directive is not None:
                if in_options and (opt := _OPTION.match(line)):
                    directive.options[opt.group("key")] = (opt.group("value") or "", number)
                    continue
                in_options = False
                directive.body.append((number, line))
            continue
        if fence:
            info = fence.group("info")
            d = _DIRECTIVE.match(info)
            directive = Directive(d.group("name"), d.group("arg"), number) if d else None
            if directive:
                source.directives.append(directive)
            body_literal = directive is None or directive.name in LITERAL_BODY
            stack.append(
                (fence.group("fence")[0], len(fence.group("fence")), directive, body_literal)
            )
            in_options = directive is not None
            continue
        if in_options and stack and (opt := _OPTION.match(line)):
            directive = stack[-1][2]
            if directive is not None:
                directive.options[opt.group("key")] = (opt.group("value") or "", number)
            if inline:
                _inline(source, opt.group("value") or "", number)  # partner text, too
            continue
        in_options = False
        if inline:
            _inline(source, line, number)


def _inline(source: SourceFile, line: str, number: int) -> None:
    if label := _LABEL.match(line):
        source.labels.add(label.group("label"))
        return
    for role in _ROLE.finditer(line):
        body = role.group("body")
        target = m.group(1) if (m := re.search(r"<([^<>]+)>\s*$", body)) else body
        source.roles.append((role.group("name"), target.strip(), number))
    plain = _CODE_SPAN.sub("", _ROLE.sub("", line))
    for link in _LINK.finditer(plain):
        source.links.append((link.group("url"), number))
    if ref := _REFDEF.match(plain):
        source.links.append((ref.group("url"), number))
    if "<" in plain:
        source.html.append((plain, number))
