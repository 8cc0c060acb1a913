"""German hyphenation for the PDF: pyphen's de_DE patterns, corrected by a list of words.

The patterns split German compounds wrongly ("Forts-chreibung", "Deut-schland").
hyphenation.txt lists such words with the points where they may break. Soft hyphens in
the text would not do: WeasyPrint 70 stops hyphenating automatically as soon as a soft
hyphen follows anywhere later in the same text, so a listed word would leave every word
before it in its paragraph unhyphenated.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyphen

WORDS = Path(__file__).with_name("hyphenation.txt")


def parse(lines: list[str]) -> dict[str, tuple[int, ...]]:
    """Each listed word in lower case, with the offsets at which it may break."""
    words: dict[str, tuple[int, ...]] = {}
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        pieces = entry.split("-")
        offsets, length = [], 0
        for piece in pieces[:-1]:
            length += len(piece)
            offsets.append(length)
        words["".join(pieces).lower()] = tuple(offsets)
    return words


def with_rests(words: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """The words and what is left of each after a break: once a line ends in "Öffent-",
    WeasyPrint hyphenates "lichkeitsarbeit" as a word of its own. A listed word wins."""
    rests: dict[str, tuple[int, ...]] = {}
    for word, offsets in words.items():
        for cut in offsets:
            rest = word[cut:]
            rests.setdefault(rest, tuple(o - cut for o in offsets if o > cut))
    return rests | words


@functools.cache
def exceptions() -> dict[str, tuple[int, ...]]:
    return with_rests(parse(WORDS.read_text(encoding="utf-8").splitlines()))


class Hyphenator(pyphen.Pyphen):
    """pyphen.Pyphen, but a German word of hyphenation.txt breaks only where it says."""

    def __init__(
        self,
        filename: str | Path | None = None,
        lang: str | None = None,
        left: int = 2,
        right: int = 2,
        cache: bool = True,
    ) -> None:
        super().__init__(filename=filename, lang=lang, left=left, right=right, cache=cache)
        self.german = filename is None and (lang or "").lower().startswith("de")

    def positions(self, word: str) -> list[int]:
        offsets = exceptions().get(word.lower()) if self.german else None
        if offsets is None:
            return super().positions(word)
        right = len(word) - self.right
        return [pyphen.DataInt(i) for i in offsets if self.left <= i <= right]


@contextmanager
def german_exceptions() -> Iterator[None]:
    """While rendering, WeasyPrint's line breaking makes its dictionaries with Hyphenator:
    WeasyPrint 70 calls pyphen.Pyphen(lang=…) in weasyprint.text.line_break and has no
    option for a dictionary of one's own."""
    from weasyprint.text import line_break

    original = line_break.pyphen
    line_break.pyphen = types.SimpleNamespace(
        Pyphen=Hyphenator, language_fallback=pyphen.language_fallback
    )
    try:
        yield
    finally:
        line_break.pyphen = original
