"""How matching articles are scored, and how a long query is read: one `Ranking` says both.

The product ranks with the divergence-from-randomness model In_expB2 (c=1): a word counts by
how far its count in an article exceeds what its frequency in the whole index predicts, less
for each further repeat, with counts normalised by article length; a word found in the headline
adds a quarter of what it would in the text. Both were chosen by cross-validation over three
test collections together against BM25 over a grid of k1 and b, other values of c and title
weights (bench/ranking prints the table).

BM25 stays available with the classic idf, log(1 + (N - df + 0.5) / (df + 0.5)): Whoosh's
own, log(N / (df + 1)) + 1, never drops below about 1, so in a long query a word found in
most articles still counts nearly as much as a rare name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import log
from typing import Any

from whoosh import scoring, sorting
from whoosh.query import DateRange
from whoosh.searching import Searcher

from indexer.schema.neardup import has_column
from indexer.whooshext.columns import whole_column
from indexer.whooshext.scoring import InExpB2Scorer

RECENCY_HALF_LIFE_DAYS = 30.0  # an article this much older than the newest counts 3/4 as much
RECENCY_FLOOR = 0.5  # very old articles keep half their score: relevance still leads
# Whoosh's PL2 is left out: it mixes natural and base-2 logarithms, and on a small index it
# scores a word found in every article above a rare one (tests/test_indexer_ranking.py).
MODELS = ("bm25", "in_expb2")


@dataclass(frozen=True)
class Ranking:
    """A weighting model with its parameters, and how long plain queries are read."""

    model: str = "bm25"  # one of MODELS
    k1: float = 1.5  # BM25: how fast repeats of a word stop adding
    b: float = 0.75  # BM25: how much a long article's counts are discounted
    c: float = 1.0  # DFR In_expB2: term-frequency normalisation by article length
    # A word found in the headline scores this much of what it scores in the text (the
    # index already counts a headline word twice, field_boost in indexer/schema/fields.py,
    # and, from schema version 2, once more as a word of the text).
    title_weight: float = 1.0
    # A plain query of this many words is read as a description of a story: ranked any-word.
    description_words: int = 6
    # In that any-word reading, leave out the function words of a question ("what", "his").
    drop_question_words: bool = True

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"unknown ranking model {self.model!r}; choose one of {', '.join(MODELS)}")
        if self.title_weight <= 0:
            # Whoosh bounds a weighted word's best score by dividing by its weight.
            raise ValueError(f"a headline match must weigh more than 0, not {self.title_weight:g}")

    def weighting(self) -> scoring.WeightingModel:
        if self.model == "in_expb2":
            return InExpB2(self.c)
        return NewsBM25(k1=self.k1, b=self.b)

    def label(self) -> str:
        """Short and complete, for benchmark tables: "bm25 k1=1.5 b=0.75, desc>=6"."""
        params = f"c={self.c:g}" if self.model != "bm25" else f"k1={self.k1:g} b={self.b:g}"
        reading = f"desc>={self.description_words}" + ("" if self.drop_question_words else ", question words kept")
        return f"{self.model} {params} title={self.title_weight:g}, {reading}"


# Chosen by cross-validation over the TIME, CISI and CRAN collections together (bench/ranking):
# In_expB2 c=1 against BM25 k1 x b and other c; a headline match counting a quarter of a body
# match (title weight 0.25 against 0.5 and 1) lifts the CV mean nDCG@10 from 0.503 to 0.512
# (paired 95% interval +0.000 to +0.018), CISI 0.365 to 0.391; TIME has no titles. With the
# headline also indexed in the text (schema version 2), chosen again among 0, 0.1, 0.25 and
# 0.5: the folds mostly picked 0.1, which gained nothing held out (CV mean 0.525 against
# 0.524), so 0.25 stayed. Once an untitled article's opening words stand in for its headline
# (schema version 5, which gives TIME headlines), every fold picks 0.1: CV mean 0.532
# against 0.522, paired interval -0.000 to +0.021; TIME 0.793, CISI 0.424, CRAN 0.380.
PRODUCT_RANKING = Ranking("in_expb2", c=1.0, title_weight=0.1)


class NewsBM25(scoring.BM25F):
    """BM25F with the Robertson-Sparck Jones idf."""

    def __init__(self, k1: float = Ranking.k1, b: float = Ranking.b) -> None:
        super().__init__(B=b, K1=k1)

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count_all()
        return log(1 + (n - df + 0.5) / (df + 0.5))


class InExpB2(scoring.WeightingModel):
    """Divergence from randomness In_expB2 (Amati and van Rijsbergen, 2002; as in Terrier):
    the informative content of a word's count beyond what its collection frequency predicts,
    with the Bernoulli after-effect and normalisation 2 of the count by article length."""

    def __init__(self, c: float = 1.0) -> None:
        self.c = c

    def supports_block_quality(self) -> bool:
        return True

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> scoring.BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return InExpB2Scorer(searcher, fieldname, text, self.c, qf=qf)


class RecencyWeighting(scoring.WeightingModel):
    """Another model's score times a factor between RECENCY_FLOOR and 1 that halves its
    distance to the floor every RECENCY_HALF_LIFE_DAYS before the newest article in the
    index (not today: an archive of last year's news should still prefer its own latest weeks)."""

    use_final = True

    def __init__(self, base: scoring.WeightingModel, searcher: Searcher) -> None:
        self.base = base
        self._dates = _Dates(searcher)
        # Whoosh's collector gives `final` the whole reader's document numbers, but its score
        # facet (a sort that includes the score: complete matches first) a segment's searcher
        # and numbers within that segment: those are moved by the segment's offset.
        self._offsets = {id(leaf): offset for leaf, offset in searcher.reader().leaf_readers()}
        self._whole = searcher.reader()

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        return self.base.idf(searcher, fieldname, text)

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> scoring.BaseScorer:
        return self.base.scorer(searcher, fieldname, text, qf=qf)

    def final(self, searcher: Any, docnum: int, score: float) -> float:
        reader = searcher.reader()
        if reader is not self._whole:
            docnum += self._offsets.get(id(reader), 0)
        age = self._dates.age_days(docnum)
        if age is None:
            return score * RECENCY_FLOOR
        return score * (RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS))


class _Dates:
    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self._column = whole_column(reader, "published") if has_column(reader, "published") else None
        self._dated = whole_column(reader, "dated") if has_column(reader, "dated") else None
        self._newest = newest_published(searcher) if self._column is not None and self._dated is not None else None

    def age_days(self, docnum: int) -> float | None:
        if self._newest is None or self._column is None or self._dated is None:
            return None
        if _text(self._dated[docnum]) != "1":
            return None
        return max(0.0, (self._newest - self._column[docnum]).total_seconds() / 86400)


def newest_published(searcher: Searcher) -> datetime | None:
    """The date of the newest dated article: the index's, or, for a shard's searcher of
    several (indexer/shardwork.py), every shard's."""
    whole = getattr(searcher, "newest", None)
    if whole is not None:
        return whole()
    if not has_column(searcher.reader(), "published"):
        return None
    latest = searcher.search(DateRange("published", None, None), limit=1,
                             sortedby=sorting.FieldFacet("published", reverse=True))
    return whole_column(searcher.reader(), "published")[latest.docnum(0)] if len(latest) else None


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def recency_searcher(searcher: Searcher) -> Searcher:
    """A searcher on the same reader, with the same statistics, that scores with the recency
    boost (a shard's searcher of several makes one that keeps every shard's statistics)."""
    weighting = RecencyWeighting(searcher.weighting, searcher)
    reweighted = getattr(searcher, "reweighted", None)
    if reweighted is not None:
        return reweighted(weighting)
    return Searcher(searcher.reader(), weighting=weighting, closereader=False)
