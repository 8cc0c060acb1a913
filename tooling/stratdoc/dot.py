"""`stratdoc-dot`: a stand-in for Graphviz's `dot` that lays out graphs in-process.

sphinx.ext.graphviz runs `dot [graphviz_dot_args] -T<fmt> -o<file> [-Tcmapx -o<file>.map]`
with the graph on stdin. The pygraphviz wheel bundles libgvc and the dot layout plugin,
so diagrams build from a pip install alone, without the OS package.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


class UsageError(Exception):
    pass


def parse_outputs(argv: Sequence[str]) -> list[tuple[str, Path | None]]:
    """Pair every -T<format> with the -o<file> that follows it (None means stdout)."""
    outputs: list[tuple[str, Path | None]] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg.startswith("-T"):
            fmt = arg[2:] or (args.pop(0) if args else "")
            if not fmt:
                raise UsageError("-T needs a format")
            outputs.append((fmt, None))
        elif arg.startswith("-o"):
            target = arg[2:] or (args.pop(0) if args else "")
            if not target or not outputs or outputs[-1][1] is not None:
                raise UsageError(f"-o{target} must follow a -T<format>")
            outputs[-1] = (outputs[-1][0], Path(target))
        elif arg.startswith("-K"):
            if (arg[2:] or "dot") != "dot":
                raise UsageError(f"only the dot layout is available, not {arg[2:]}")
        else:
            raise UsageError(f"unsupported argument {arg!r}")
    if not outputs:
        raise UsageError("no output format given (-T<format>)")
    return outputs


def render(source: str, outputs: Sequence[tuple[str, Path | None]]) -> None:
    import pygraphviz

    graph = pygraphviz.AGraph(string=source)
    graph.layout(prog="dot")
    for fmt, target in outputs:
        data = graph.draw(format=fmt)
        if target is None:
            sys.stdout.buffer.write(data)
        else:
            target.write_bytes(data)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        outputs = parse_outputs(sys.argv[1:] if argv is None else argv)
        render(sys.stdin.read(), outputs)
    except UsageError as exc:
        print(f"stratdoc-dot: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"stratdoc-dot: cannot render the graph: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
