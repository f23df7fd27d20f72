"""How matching articles are scored: BM25 with a sharper idf, and an opt-in recency boost.

Whoosh's own idf, log(N / (df + 1)) + 1, never drops below about 1, so in a long query a
word found in most articles still counts nearly as much as a rare name. The classic
BM25 idf, log(1 + (N - df + 0.5) / (df + 0.5)), lets such words fade; on the TIME test
collection it is worth several points of nDCG (see bench/ranking.py).
"""

from __future__ import annotations

from datetime import datetime
from math import log
from typing import Any

from whoosh import scoring, sorting
from whoosh.query import DateRange
from whoosh.searching import Searcher

from indexer.neardup import has_column

# BM25 parameters, chosen on the TIME collection (bench/ranking.py prints the effect).
K1 = 1.5
B = 0.75
RECENCY_HALF_LIFE_DAYS = 30.0  # an article this much older than the newest counts 3/4 as much
RECENCY_FLOOR = 0.5  # very old articles keep half their score: relevance still leads


class NewsBM25(scoring.BM25F):
    """BM25F with the Robertson-Sparck Jones idf."""

    def __init__(self) -> None:
        super().__init__(B=B, K1=K1)

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count_all()
        return log(1 + (n - df + 0.5) / (df + 0.5))


class RecencyBM25(NewsBM25):
    """NewsBM25 times a factor between RECENCY_FLOOR and 1 that halves its distance to
    the floor every RECENCY_HALF_LIFE_DAYS before the newest article in the index (not
    today: an archive of last year's news should still prefer its own latest weeks)."""

    use_final = True

    def __init__(self, searcher: Searcher) -> None:
        super().__init__()
        self._dates = _Dates(searcher)

    def final(self, searcher: Any, docnum: int, score: float) -> float:
        age = self._dates.age_days(docnum)
        if age is None:
            return score * RECENCY_FLOOR
        return score * (RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS))


class _Dates:
    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self._column = reader.column_reader("published") if has_column(reader, "published") else None
        self._dated = reader.column_reader("dated") if has_column(reader, "dated") else None
        self._newest: datetime | None = None
        if self._column is not None and self._dated is not None:
            latest = searcher.search(DateRange("published", None, None), limit=1,
                                     sortedby=sorting.FieldFacet("published", reverse=True))
            if len(latest):
                self._newest = self._column[latest.docnum(0)]

    def age_days(self, docnum: int) -> float | None:
        if self._newest is None or self._column is None or self._dated is None:
            return None
        if _text(self._dated[docnum]) != "1":
            return None
        return max(0.0, (self._newest - self._column[docnum]).total_seconds() / 86400)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def recency_searcher(searcher: Searcher) -> Searcher:
    """A searcher on the same reader that scores with the recency boost."""
    return Searcher(searcher.reader(), weighting=RecencyBM25(searcher), closereader=False)
