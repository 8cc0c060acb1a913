"""Content safety of partner text, read from the sources themselves (also when Sphinx cannot
read a file): no raw HTML, scripts, iframes or unsafe URLs, no file outside strategy/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from stratdoc.check.rules.context import CheckContext
from stratdoc.check.rules.registry import register
from stratdoc.core.findings import ERROR, Finding
from stratdoc.core.i18n import _
from stratdoc.core.sources import SourceFile

register("raw-html", ERROR, "raw HTML in Markdown, a {raw} block or a raw directive in {eval-rst}")
register("script", ERROR, "a <script> element")
register("iframe", ERROR, "an <iframe> element")
register("unsafe-url", ERROR, "a javascript:, vbscript: or data: URL")
register("path-escape", ERROR, "an include, image, figure or download outside strategy/")
register("not-utf8", ERROR, "a source file that is not UTF-8")

_TAG = re.compile(r"<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)(?=[\s/>])|<!--")
_UNSAFE = re.compile(r"(?i)\b(?:javascript|vbscript|data):")
_RST_RAW = re.compile(r"^\s*\.\.\s+(?:raw|role)::.*|:raw-html:")
_RST_PATH = re.compile(
    r"^\s*\.\.\s+(?P<name>include|literalinclude|image|figure)::\s*(?P<path>\S+)"
)
_RST_DOWNLOAD = re.compile(r":download:`(?:[^`<]*<)?(?P<path>[^`>]+)>?`")
_PATH_DIRECTIVES = {"include", "literalinclude", "image", "figure"}
_URL = re.compile(r"^[a-zA-Z][\w+.-]*:")


def check(ctx: CheckContext) -> Iterator[Finding]:
    strategy = ctx.project.strategy_dir.resolve()
    for source in ctx.sources.files:
        if not source.utf8:
            yield ctx.finding(
                "not-utf8",
                source.path,
                source.bad_byte_line,
                _("the file is not UTF-8; save it as UTF-8 (Sphinx skips it until then)"),
            )
            continue
        if not _inside(source.file.resolve(), strategy):
            yield ctx.finding(
                "path-escape",
                source.path,
                1,
                _("this file is a link to a file outside strategy/; copy the text in instead"),
            )
        yield from _html(ctx, source)
        yield from _urls(ctx, source)
        yield from _paths(ctx, source, strategy)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _tag_findings(ctx: CheckContext, source: SourceFile, text: str, line: int) -> Iterator[Finding]:
    for tag in _TAG.finditer(text):
        name = (tag.group("tag") or "").lower()
        if tag.group("close"):
            continue
        if name == "script":
            yield ctx.finding("script", source.path, line, _("remove the <script> element"))
        elif name == "iframe":
            yield ctx.finding("iframe", source.path, line, _("remove the <iframe>; link the page"))
        else:
            shown = f"<{name}>" if name else "<!-- -->"
            yield ctx.finding(
                "raw-html",
                source.path,
                line,
                _("raw HTML {tag} is not allowed in partner text; use Markdown").format(tag=shown),
            )


def _html(ctx: CheckContext, source: SourceFile) -> Iterator[Finding]:
    for text, line in source.html:
        yield from _tag_findings(ctx, source, text, line)
    for d in source.directives:
        if d.name in ("raw", "synopse-tabelle"):
            yield ctx.finding(
                "raw-html",
                source.path,
                d.line,
                _(
                    "a {{{name}}} block passes HTML through unchecked; write Markdown instead"
                ).format(name=d.name),
            )
            for line, text in d.body:
                for f in _tag_findings(ctx, source, text, line):
                    if f.code != "raw-html":
                        yield f
        elif d.name == "eval-rst":
            for line, text in d.body:
                if _RST_RAW.search(text):
                    yield ctx.finding(
                        "raw-html",
                        source.path,
                        line,
                        _("raw content inside {eval-rst} is not allowed; write Markdown instead"),
                    )


def _urls(ctx: CheckContext, source: SourceFile) -> Iterator[Finding]:
    lines = [(url, line) for url, line in source.links]
    lines += [(text, line) for text, line in source.html]
    lines += [
        (text, line)
        for d in source.directives
        if d.name in {"raw", "eval-rst"}
        for line, text in d.body
    ]
    lines += [(target, line) for _, target, line in source.roles]
    seen: set[int] = set()
    for text, line in lines:
        if line not in seen and (m := _UNSAFE.search(text)) and _is_url_start(text, m.start()):
            seen.add(line)
            yield ctx.finding(
                "unsafe-url",
                source.path,
                line,
                _("{scheme} URLs are not allowed; link an https:// page instead").format(
                    scheme=m.group(0)
                ),
            )


def _is_url_start(text: str, pos: int) -> bool:
    # "data:" in prose ("Sensor-data: ...") is no URL; in a link target or attribute it is
    return pos == 0 or text[pos - 1] in "(<\"'= \t"


def _paths(ctx: CheckContext, source: SourceFile, strategy: Path) -> Iterator[Finding]:
    refs: list[tuple[str, int, str]] = []
    for d in source.directives:
        if d.name in _PATH_DIRECTIVES and d.arg:
            refs.append((d.arg.split()[0], d.line, "{" + d.name + "}"))
        if d.name == "eval-rst":
            for line, text in d.body:
                if m := _RST_PATH.match(text):
                    refs.append((m.group("path"), line, m.group("name")))
                for m in _RST_DOWNLOAD.finditer(text):
                    refs.append((m.group("path"), line, "download"))
    refs += [(t, line, "{" + n + "}") for n, t, line in source.roles if n == "download"]
    refs += [(url, line, _("image or link")) for url, line in source.links]
    for target, line, what in refs:
        if not target or target.startswith("#") or _URL.match(target):
            continue
        resolved = _resolve(target.split("#")[0], source.file.parent, strategy)
        if not _inside(resolved, strategy):
            yield ctx.finding(
                "path-escape",
                source.path,
                line,
                _(
                    "{what} '{target}' leaves strategy/; keep included files inside strategy/"
                ).format(what=what, target=target),
            )


def _resolve(target: str, folder: Path, strategy: Path) -> Path:
    # Sphinx reads "/x" relative to the source folder; realpath follows symlinks
    base = strategy / target.lstrip("/") if target.startswith("/") else folder / target
    return Path(os.path.realpath(base))
