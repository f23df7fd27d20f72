"""Ranking only among articles already known to match: `Within(query, docs)`.

The service knows a request's matched set before it ranks (indexer/search/matches.py keeps it), yet
a Whoosh search with a filter still runs the query over every article and drops the ones
outside the filter afterwards. For a phrase that means decoding word positions in every
article holding all its words (most of a phrase + source page); for a date sort, stepping
through every match to keep the first few. `Within` intersects the query with the known
document numbers, the sparse side leading, so the query's matcher only lands on those.

Scores, order and matched terms are the same as searching `query` with `docs` as the filter:
the document-number side scores 0.0 (so each sum is the query's own score) and names no
terms. Correct only when every article the search may return is in `docs`.

Relies on whoosh3 3.54.0 internals:
- `WrappingQuery._rewrap`: the hook a wrapping query rebuilds itself through;
- `IntersectionMatcher._find_next`: how an intersection brings its two sides together.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, Iterable, Iterator, Sequence

from whoosh.matching import IntersectionMatcher, Matcher, NullMatcher
from whoosh.query import Query, WrappingQuery
from whoosh.searching import Searcher


class Within(WrappingQuery):
    """`query`, matching only the document numbers in `docs` (of the top-level reader)."""

    def __init__(self, child: Query, docs: Iterable[int]) -> None:
        super().__init__(child)
        self.docs = sorted(docs)

    def __repr__(self) -> str:
        return f"Within({self.child!r}, {len(self.docs)} docs)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Within) and other.child == self.child and other.docs == self.docs

    def __hash__(self) -> int:
        return hash(self.child) ^ len(self.docs)

    def _rewrap(self, child: Query) -> Within:
        return Within(child, self.docs)

    def estimate_size(self, ixreader: Any) -> int:
        return min(len(self.docs), self.child.estimate_size(ixreader))

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        offset = segment_offset(searcher)
        low = bisect_left(self.docs, offset)
        high = bisect_left(self.docs, offset + searcher.reader().doc_count_all())
        if low == high:
            return NullMatcher()
        child = self.child.matcher(searcher, context)
        if not child.is_active():
            return NullMatcher()
        return _WithinMatcher(Docs([d - offset for d in self.docs[low:high]]), child)


def segment_offset(searcher: Searcher) -> int:
    """Where the documents of a segment's searcher start in the top-level numbering."""
    parent = searcher.get_parent()
    if parent is searcher:
        return 0
    for leaf, offset in parent.leaf_searchers():
        if leaf is searcher:
            return offset
    raise ValueError("a segment searcher that its parent does not list")


class _WithinMatcher(IntersectionMatcher):
    """Every known document the query matches, each scored in full.

    Whoosh's shortcuts for a top-N search (replacing parts of the matcher tree, skipping
    blocks by quality) are turned off: with only known matches to visit they save little,
    and in an intersection they lost a title match's share of a score under the recency
    boost. Whoosh's intersection lists its ids by running both sides to the end; stepping
    keeps the query's side on the known documents.
    """

    def supports_block_quality(self) -> bool:
        return False

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else NullMatcher()

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self.id()
            self.next()


class QualityWithinMatcher(_WithinMatcher):
    """As _WithinMatcher, for a `b` whose own top-N shortcuts are sound (an intersection of
    words): skipping blocks whose best possible score cannot reach the page is done by `b`,
    then the known documents catch up."""

    def supports_block_quality(self) -> bool:
        return self.b.supports_block_quality()

    def max_quality(self) -> float:
        return self.b.max_quality()

    def block_quality(self) -> float:
        return self.b.block_quality()

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.b.skip_to_quality(minquality)
        if self.is_active() and self.a.id() != self.b.id():
            self._find_next()
        return skipped


class Docs(Matcher):
    """A sorted list of document numbers that adds nothing to a score or a quality."""

    def __init__(self, ids: Sequence[int], position: int = 0) -> None:
        self._ids = ids
        self._i = position

    def is_active(self) -> bool:
        return self._i < len(self._ids)

    def id(self) -> int:
        return self._ids[self._i]

    def next(self) -> bool:
        self._i += 1
        return False

    def skip_to(self, id: int) -> bool:
        if self._i < len(self._ids) and self._ids[self._i] < id:
            self._i = bisect_left(self._ids, id, self._i)
        return False

    def all_ids(self) -> Iterator[int]:
        return iter(self._ids[self._i :])

    def copy(self) -> Docs:
        return Docs(self._ids, self._i)

    def reset(self) -> None:
        self._i = 0

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else NullMatcher()

    def children(self) -> list[Matcher]:
        return []

    def supports(self, astype: str) -> bool:
        return False

    def supports_block_quality(self) -> bool:
        return False

    def weight(self) -> float:
        return 0.0

    def score(self) -> float:
        return 0.0

    def spans(self) -> list[Any]:
        return []
