"""One streaming pass over a corpus file: its vocabulary curve, term and article statistics."""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.perf.metrics import percentile
from bench.perf.pages import MIX, Query
from bench.scale import heaps
from indexer.schema import neardup

# Terms by the number of articles they are in (upper bounds; the last band is open).
DF_BANDS = (1, 4, 19, 99, 999)
ZIPF_TOP = 1_000
# Near-duplicates are counted within the first articles only: their band keys take memory.
NEARDUP_WINDOW = 50_000


@dataclass(frozen=True)
class Terms:
    """The term statistics of the first `articles` articles."""

    articles: int
    vocabulary: int
    hapax: float  # share of terms that occur once
    df_bands: tuple[float, ...]  # share of terms per DF_BANDS band, then above the last
    zipf_slope: float  # of collection frequency by rank over the top terms


@dataclass(frozen=True)
class CorpusStats:
    articles: int
    curve: list[heaps.Point]
    terms: list[Terms]  # at each `snapshot` size reached, and at the end
    lengths: tuple[float, float, float, float]  # body words: p10, p50, p90, max
    outlets: int
    top10_share: float
    undated: float
    near_duplicates: float  # share of articles that copy an earlier one (within the window)
    neardup_window: int
    mix: dict[Query, float]  # share of articles each query of the mix matches

    @property
    def fit(self) -> heaps.HeapsFit:
        return heaps.fit(heaps.tail(self.curve))


def lines(path: Path) -> Iterator[str]:
    """The non-blank lines of a JSON Lines file, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        yield from (line for line in handle if line.strip())


def records(path: Path, shuffle_seed: int | None = None) -> Iterator[dict]:
    """The articles of a JSON Lines file in file order, or (read whole) in a seeded shuffle."""
    found: Iterable[str] = lines(path)
    if shuffle_seed is not None:
        found = list(found)
        random.Random(shuffle_seed).shuffle(found)
    return map(json.loads, found)


def count(path: Path) -> int:
    """How many articles (non-blank lines) a JSON Lines file holds."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def measure(articles: Iterable[dict], marks: Sequence[int], snapshots: Sequence[int] = ()) -> CorpusStats:
    """Read the curve at `marks` (article counts) and the term statistics at `snapshots` and at the end."""
    cf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    mix = {query: 0 for query in MIX}
    matchers = {query: matcher(query) for query in MIX}
    lengths, curve, terms = [], [], []
    copies = Copies()
    tokens = undated = n = 0
    for n, record in enumerate(articles, 1):
        body = record.get("body") or ""
        found = heaps.words(f"{record.get('title') or ''}\n{body}")
        unique = set(found)
        cf.update(found)
        df.update(unique)
        tokens += len(found)
        lengths.append(len(body.split()))
        outlets[record.get("source")] += 1
        undated += not record.get("date")
        joined = f" {' '.join(found)} "
        for query, matches in matchers.items():
            mix[query] += matches(unique, joined, record.get("source"))
        if n <= NEARDUP_WINDOW:
            copies.add(body)
        if n in marks:
            curve.append(heaps.Point(n, tokens, len(df)))
        if n in snapshots:
            terms.append(_terms(n, cf, df))
    if not n:
        raise ValueError("no articles")
    if not curve or curve[-1].articles != n:
        curve.append(heaps.Point(n, tokens, len(df)))
    if not terms or terms[-1].articles != n:
        terms.append(_terms(n, cf, df))
    top = sum(count for _, count in outlets.most_common(10))
    return CorpusStats(
        n, curve, terms, tuple(percentile(lengths, p) for p in (10, 50, 90, 100)), len(outlets), top / n,
        undated / n, copies.found / copies.seen, copies.seen, {query: k / n for query, k in mix.items()})


def matcher(query: Query):
    """Whether an article (its set of words, its words joined by spaces with a space either
    side, its source) matches `query`: every word, or the quoted phrase; and the source."""
    phrase = query.q.startswith('"')
    wanted = heaps.words(query.q)
    needle = f" {' '.join(wanted)} "

    def matches(unique: set[str], joined: str, source: str | None) -> bool:
        if query.source and source != query.source:
            return False
        if not all(word in unique for word in wanted):
            return False
        return not phrase or needle in joined

    return matches


class Copies:
    """Articles newsdesk would fold as copies of an earlier one (indexer.schema.neardup)."""

    def __init__(self) -> None:
        self.seen = self.found = 0
        self._by_key: dict[str, list[int]] = {}
        self._signatures: list[tuple[int, ...] | None] = []

    def add(self, body: str) -> bool:
        packed = neardup.signature(body)
        mine = neardup.unpack(packed)
        keys = neardup.band_keys(packed)
        candidates = {c for key in keys for c in self._by_key.get(key, ())}
        copy = any(neardup.are_copies(mine, self._signatures[c]) for c in sorted(candidates))
        for key in keys:
            self._by_key.setdefault(key, []).append(len(self._signatures))
        self._signatures.append(mine)
        self.seen += 1
        self.found += copy
        return copy


def _terms(articles: int, cf: Counter[str], df: Counter[str]) -> Terms:
    vocabulary = len(df)
    bands = [0] * (len(DF_BANDS) + 1)
    for count in df.values():
        bands[next((b for b, top in enumerate(DF_BANDS) if count <= top), len(DF_BANDS))] += 1
    top = [count for _, count in cf.most_common(ZIPF_TOP)]
    slope = heaps.loglog(range(1, len(top) + 1), top)[1] if len(top) > 1 else 0.0
    hapax = sum(1 for count in cf.values() if count == 1)
    return Terms(articles, vocabulary, hapax / vocabulary, tuple(b / vocabulary for b in bands), slope)
