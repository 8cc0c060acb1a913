"""Similar measures in other networks: TF-IDF over character n-grams, cosine similarity.

Character n-grams within words (3 to 5 letters, scikit-learn's `char_wb`) match the parts
of German compounds: "Weiterbildungsverbund" and "Verbund für Weiterbildung" share most of
theirs, where whole words share none. In a large set, n-grams in more than half of all
measures say nothing and are dropped, which also keeps the sparse products small. The similarity of
every pair is one sparse matrix product, done in blocks of rows so memory stays bounded.

The result is cached beside the networks' copies, keyed by a digest of exactly what it
depends on (each measure's network, ID and text, and the parameters). IDF weights and the
n-gram cut-offs are global, so a changed text anywhere moves every score: then the whole
search runs again. A change that leaves all texts alone (a status, a date) reuses it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

from stratdoc.federation.overview.cachefiles import read_json_object, write_json
from stratdoc.federation.overview.model import Measure

TOP = 3  # similar measures shown per measure
THRESHOLD = 0.25  # cosine similarity below which two measures are not called similar
BLOCK = 1000  # rows per sparse product
# from this many measures on, n-grams in one measure only or in more than half are dropped;
# in a handful of measures those cut-offs would leave chance overlaps only
LARGE = 100
CACHE = "similar.json"


@dataclass(frozen=True)
class Similar:
    key: str  # "SHORT:ID"
    score: float  # cosine similarity, 0..1


def _text(m: Measure) -> str:
    return f"{m.title}. {m.title}. {m.text}".lower()  # the title counts twice


def similar_measures(
    measures: list[Measure], top: int = TOP, threshold: float = THRESHOLD
) -> dict[str, list[Similar]]:
    """Per measure key, up to *top* measures of other networks, most similar first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(measures) < 2:
        return {m.key: [] for m in measures}
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=2 if len(measures) >= LARGE else 1,
        max_df=0.5 if len(measures) >= LARGE else 1.0,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform([_text(m) for m in measures])
    except ValueError:  # no n-gram left after the cut-offs: nothing is similar
        return {m.key: [] for m in measures}
    networks = np.array([m.network for m in measures])
    transposed = matrix.T.tocsc()
    found: dict[str, list[Similar]] = {}
    for start in range(0, len(measures), BLOCK):
        block = (matrix[start : start + BLOCK] @ transposed).toarray()
        for row, scores in enumerate(block):
            index = start + row
            scores[networks == networks[index]] = 0.0  # other networks only
            best = np.argpartition(-scores, min(top, len(scores) - 1))[:top]
            best = best[np.argsort(-scores[best], kind="stable")]
            found[measures[index].key] = [
                Similar(measures[j].key, round(float(scores[j]), 2))
                for j in best
                if scores[j] >= threshold
            ]
    return found


@dataclass(frozen=True)
class Found:
    similar: dict[str, list[Similar]]
    computed: bool  # False: taken from the cache


def _digest(measures: list[Measure], top: int, threshold: float) -> str:
    inputs = [
        [top, threshold, LARGE, version("scikit-learn")],
        [[m.network, m.id, _text(m)] for m in measures],
    ]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()


def _read_cache(path: Path, key: str) -> dict[str, list[Similar]] | None:
    data = read_json_object(path)
    if data.get("key") != key:
        return None
    try:
        return {m: [Similar(str(k), float(s)) for k, s in f] for m, f in data["similar"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):  # damaged: compute again
        return None


def cached_similar_measures(
    measures: list[Measure], cache: Path, top: int = TOP, threshold: float = THRESHOLD
) -> Found:
    """similar_measures, reused from *cache* (a folder) while its inputs are unchanged."""
    key = _digest(measures, top, threshold)
    path = cache / CACHE
    cached = _read_cache(path, key)
    if cached is not None:
        return Found(cached, computed=False)
    similar = similar_measures(measures, top, threshold)
    write_json(
        path,
        {"key": key, "similar": {m: [[s.key, s.score] for s in f] for m, f in similar.items()}},
    )
    return Found(similar, computed=True)
