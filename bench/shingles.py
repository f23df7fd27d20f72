"""The article-extraction metric: 4-token shingles, corpus precision, recall and F1.

A restatement of upstream's evaluate script (scrapinghub/article-extraction-benchmark), as its
README in the data folder describes it: P is the mean per-page precision over pages with a
prediction, R the mean per-page recall over all pages, and F1 is computed from those two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_TOKENS = 4
_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of overlapping 4-token windows; a shorter text is one shingle, empty none."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE_TOKENS:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE_TOKENS]) for i in range(len(tokens) - SHINGLE_TOKENS + 1))


@dataclass(frozen=True)
class PageScore:
    """One page's precision (None when nothing was predicted) and recall."""

    precision: float | None
    recall: float


def score_page(truth: str, predicted: str) -> PageScore:
    """Per-page precision and recall of `predicted` against `truth` over shingle counts."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum(min(count, pred[s]) for s, count in true.items())
    fp = sum(max(0, count - true[s]) for s, count in pred.items())
    fn = sum(max(0, count - pred[s]) for s, count in true.items())
    if fp == 0 and fn == 0:
        return PageScore(1.0, 1.0)
    precision = tp / (tp + fp) if pred else None
    recall = tp / (tp + fn) if tp + fn else 1.0
    return PageScore(precision, recall)


@dataclass(frozen=True)
class CorpusScore:
    """Corpus precision, recall and F1 (from the two means), and the count of empty outputs."""

    precision: float
    recall: float
    f1: float
    empty: int


def score_corpus(pages: Iterable[PageScore]) -> CorpusScore:
    """Mean precision over pages with a prediction, mean recall over all pages, F1 of the two."""
    pages = list(pages)
    precisions = [p.precision for p in pages if p.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(p.recall for p in pages) / len(pages) if pages else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CorpusScore(precision, recall, f1, empty=len(pages) - len(precisions))
