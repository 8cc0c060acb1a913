"""German hyphenation for the PDF: pyphen's de_DE patterns, corrected by a list of words.

The patterns split German compounds wrongly ("Forts-chreibung", "Deut-schland").
hyphenation.txt lists such words with the points where they may break; a listed word
also governs every word that contains it ("Strategiefortschreibungen"). Soft hyphens in
the text would not do: WeasyPrint 70 stops hyphenating automatically as soon as a soft
hyphen follows anywhere later in the same text, so a listed word would leave every word
before it in its paragraph unhyphenated.

Words in capitals are never hyphenated: need IDs (and their pieces after a "_", where
html.py lets them break) and acronyms.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyphen

WORDS = Path(__file__).with_name("hyphenation.txt")
# the hyphen WeasyPrint draws where it hyphenates (print.css: hyphenate-character); html.py
# keeps it out of the text, render.py makes it a soft hyphen in the text layer
HYPHENATE = "\u2010"
SOFT_HYPHEN = "\u00ad"


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


# a listed word governs the words that contain it, and what is left of a listed word
# after a break governs the words that start with it, from this many letters on: shorter
# pieces ("land", "gen") start too many words of their own ("Landes", "Generation")
CONTAINED = 6


@functools.cache
def exceptions() -> dict[str, tuple[int, ...]]:
    """Whole words: the listed ones and what is left of each after a break."""
    return with_rests(parse(WORDS.read_text(encoding="utf-8").splitlines()))


@functools.cache
def _parts() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Patterns for the listed words anywhere in a word and for the rests at its start,
    longest first, so that "fortschreibungen" wins over "fortschreibung"."""
    words = exceptions()
    listed = parse(WORDS.read_text(encoding="utf-8").splitlines())

    def pattern(keys: set[str]) -> re.Pattern[str] | None:
        long = sorted((k for k in keys if len(k) >= CONTAINED), key=lambda k: (-len(k), k))
        return re.compile("|".join(map(re.escape, long))) if long else None

    return pattern(set(listed) & set(words)), pattern(set(words) - set(listed))


def governed(word: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, points) of every part of *word* (lower case) that a listed word, or at
    its start the rest of one, governs; the points count from the start of *word*. A
    compound also breaks where a listed word begins inside it ("Strategie-fortschreibung")."""
    words = exceptions()
    anywhere, at_start = _parts()
    parts = []
    rest = at_start.match(word) if at_start else None
    if rest:
        parts.append((0, rest.end(), words[rest.group()]))
    for found in anywhere.finditer(word, rest.end() if rest else 0) if anywhere else ():
        start, points = found.start(), words[found.group()]
        parts.append((start, found.end(), (start, *(start + p for p in points))))
    return parts


VOWELS = frozenset("aeiouyäöü")


def syllables(word: str, points: list[int]) -> list[int]:
    """The points that leave a vowel in every piece of *word*: pyphen applies the two
    levels of the de_DE dictionary (compounds, then syllables) as one set of patterns and
    so also breaks off letters without a vowel ("Fort-s-chrei-bung", "Deut-sch-land",
    "kur-z-en"), where one of the two points is wrong. Both go."""
    edges = [0, *points, len(word)]
    empty = {
        n for n in range(1, len(edges)) if not VOWELS.intersection(word[edges[n - 1] : edges[n]])
    }
    return [p for n, p in enumerate(points, 1) if n not in empty and n + 1 not in empty]


def _after_s(word: str, point: int, end: int) -> bool:
    """Whether *point* ends a listed part in "s" before a consonant: the "s" may belong
    to what follows ("Deutschlands-trategie" in "Deutschlandstrategie")."""
    return point == end < len(word) and word[end - 1] == "s" and word[end] not in "aeiouäöüy"


class Hyphenator(pyphen.Pyphen):
    """pyphen.Pyphen, but a German word of hyphenation.txt breaks only where it says, a
    listed word governs the words that contain it, and no German piece lacks a vowel."""

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
        if not any(c.islower() for c in word):
            return []  # an ID, a piece of one, an acronym
        lower = word.lower()
        if not self.german or len(lower) != len(word):
            return super().positions(word)
        offsets = exceptions().get(lower)
        if offsets is None:
            patterns = syllables(lower, self.hd.positions(word))
            parts = governed(lower)
            # the patterns' points outside the listed parts, the listed points inside
            outside = [
                p
                for p in patterns
                if not any(s < p < e or _after_s(lower, p, e) for s, e, _ in parts)
            ]
            offsets = sorted({*outside, *(p for _, _, points in parts for p in points)})
        right = len(word) - self.right
        return [
            p if isinstance(p, pyphen.DataInt) else pyphen.DataInt(p)
            for p in offsets
            if self.left <= p <= right
        ]


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
