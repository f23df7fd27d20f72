"""Vocabulary growth: the statistics tokenizer, a vocabulary curve and its Heaps' law fit."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The statistics count lowercase \w+ words: simpler than the product's analyzer on purpose,
# so the numbers compare corpora, not analyzers.
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The lowercase words of `text`."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Point:
    """The vocabulary after the first `articles` articles, `tokens` words in all."""

    articles: int
    tokens: int
    vocabulary: int


@dataclass(frozen=True)
class HeapsFit:
    """V = K * n ** beta over tokens n, fitted by least squares in log-log space."""

    k: float
    beta: float
    r2: float

    def vocabulary(self, tokens: float) -> float:
        return self.k * tokens**self.beta


def checkpoints(total: int, smallest: int = 1) -> list[int]:
    """Article counts at which to read the curve: `total` halved down to about 1/32 of it,
    so that the fit sees the corpus's own growth rather than its first few articles."""
    marks = {max(smallest, round(total / 2**k)) for k in range(6)}
    return sorted(mark for mark in marks if mark <= total)


def curve(articles: Iterable[Sequence[str]], marks: Sequence[int]) -> list[Point]:
    """The vocabulary curve over articles given as word lists, read at each of `marks`."""
    seen: set[str] = set()
    tokens = 0
    wanted = iter(sorted(marks))
    mark = next(wanted, None)
    points = []
    for n, article in enumerate(articles, 1):
        seen.update(article)
        tokens += len(article)
        if n == mark:
            points.append(Point(n, tokens, len(seen)))
            mark = next(wanted, None)
    return points


def fit(points: Sequence[Point]) -> HeapsFit:
    """The Heaps' law fit of a curve (at least two points of different sizes)."""
    intercept, beta, r2 = loglog([p.tokens for p in points], [p.vocabulary for p in points])
    return HeapsFit(math.exp(intercept), beta, r2)


def tail(points: Sequence[Point]) -> list[Point]:
    """The points a fit uses: those at the checkpoints of the largest size, so that two curves
    of one corpus read at different extra sizes give the same fit (all points when too few)."""
    marks = set(checkpoints(points[-1].articles))
    kept = [p for p in points if p.articles in marks]
    return kept if len(kept) > 1 else list(points)


def loglog(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least squares of log y on log x: (intercept, slope, R²)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    if len(set(lx)) < 2:
        raise ValueError("a log-log fit needs at least two different x")
    mean_x, mean_y = sum(lx) / len(lx), sum(ly) / len(ly)
    sxx = sum((x - mean_x) ** 2 for x in lx)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(lx, ly)) / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(lx, ly))
    total = sum((y - mean_y) ** 2 for y in ly)
    return intercept, slope, 1 - residual / total if total else 1.0
