"""The divergence-from-randomness In_expB2 scorer, as a Whoosh length-normalising scorer.

Relies on whoosh3 3.54.0 internals:
- `WeightLengthScorer._score(weight, length)`: the hook Whoosh's own BM25F scorer fills in;
  Whoosh calls it for every score and for the best possible score of a block or a term.
"""

from __future__ import annotations

from math import log2
from typing import Any

import numpy as np
from whoosh import scoring

from indexer.kept import ReaderStore

# A word's collection statistics, kept per reader: Whoosh makes a scorer for every segment
# a word is searched in, and each would sum the word's counts over every segment again
# (100 segments at a million articles: 10,000 lookups per word).
_STATISTICS = ReaderStore(4096)


class InExpB2Scorer(scoring.WeightLengthScorer):
    """In_expB2 of one word in one field, with collection statistics from the whole index
    (see indexer/search/ranking.py for the model)."""

    def __init__(self, searcher: Any, fieldname: str, text: str, c: float, qf: int = 1) -> None:
        parent = searcher.get_parent()  # collection statistics come from the whole index
        # A shard's searcher scoring with the statistics of all shards (indexer/shardwork.py)
        # keeps them apart from its reader's own.
        owner = getattr(parent, "statistics", None) or parent.reader()
        self.informative, self.after_effect, self.avgfl = _STATISTICS.get(
            owner, (fieldname, text), lambda: _statistics(parent, fieldname, text))
        self.c = c
        self.qf = qf
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: int) -> float:
        tfn = weight * log2(1 + self.c * self.avgfl / max(length, 1))
        return self.qf * tfn * self.informative * self.after_effect / (tfn + 1)

    def scores(self, weights: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """`_score` of many postings at once (lengths at least 1); equal to it within a
        few units in the last place (numpy's logarithm is not Python's)."""
        tfn = weights * np.log2(1 + self.c * self.avgfl / lengths)
        return self.qf * tfn * self.informative * self.after_effect / (tfn + 1)


def _statistics(parent: Any, fieldname: str, text: str) -> tuple[float, float, float]:
    """The informative content and after-effect factors of a word, and its field's mean length."""
    n = parent.doc_count_all()
    cf = parent.frequency(fieldname, text)
    df = max(1, parent.doc_frequency(fieldname, text))
    expected_df = n * (1 - ((n - 1) / n) ** cf) if n > 1 else 1.0
    return log2((n + 1) / (expected_df + 0.5)), (cf + 1) / df, parent.avg_field_length(fieldname) or 1
