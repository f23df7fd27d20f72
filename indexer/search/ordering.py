"""The first articles by date among a matched set, picked from cached columns.

Whoosh's date sort computes a sort key through two column readers for every matching
article (about 1 microsecond each, times two facets, plus the tuple and the heap): most of
a date-sorted search for a common word. With the matched set known (matches.matching_docs)
and every article's place in date order kept per reader, the first n by date are picked
without a key per match; the search then sorts only those: `searcher.search(query,
filter=first_by_date(...), sortedby=...)` gives the same hits in the same order as sorting
the whole set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
from whoosh.query import Query
from whoosh.searching import Results, Searcher

from indexer.kept import index_data
from indexer.search.docsets import DocSet, smallest
from indexer.search.matches import column_numbers, column_values
from indexer.whooshext.within import Within


def first_by_date(searcher: Searcher, docs: DocSet | Iterable[int], n: int, *, newest: bool = True) -> set[int]:
    """The `n` document numbers of `docs` that come first by date: dated before undated,
    then newest (or oldest) first, ties by document number, as Whoosh's date sort orders."""
    return set(_first(searcher, docs, n, newest))


def by_date(searcher: Searcher, query: Query, docs: DocSet | Iterable[int], n: int, *, newest: bool = True) -> Results:
    """Whoosh's results for the first `n` of `docs` (all matching `query`) in date order,
    unscored, with their matched words (for passages): what a date-sorted search gives.

    Whoosh's own date sort reads and sorts every distinct value of a reversed column on
    each search; here Whoosh only collects the chosen articles, put in order from the
    cached columns."""
    first = _first(searcher, docs, n, newest)
    results = searcher.search(Within(query, first), limit=None, scored=False, terms=True)
    rank = _dated(searcher, newest).rank
    results.top_n.sort(key=lambda item: int(rank[item[1]]))
    return results


def _first(searcher: Searcher, docs: DocSet | Iterable[int], n: int, newest: bool) -> list[int]:
    """The first `n` of `docs` by date: their places in the reader's date order, the `n`
    smallest picked without sorting the rest."""
    dated = _dated(searcher, newest)
    numbers = docs.array if isinstance(docs, DocSet) else np.fromiter(docs, np.int64)
    places = dated.rank[numbers]
    places = smallest(places, n)
    places.sort()
    return dated.order[places].tolist()


@dataclass(frozen=True)
class _DateOrder:
    order: np.ndarray  # every document number of the reader, first by date first
    rank: np.ndarray  # document number -> its place in `order`


def _dated(searcher: Searcher, newest: bool) -> _DateOrder:
    """The reader's date order (kept per reader: it depends on the index alone)."""
    return index_data(searcher.reader(), ("date order", newest), lambda: _date_order_of(searcher, newest))


def _date_order_of(searcher: Searcher, newest: bool) -> _DateOrder:
    """Dated before undated, then newest (or oldest) first, ties by document number."""
    undated = np.array([value != "1" for value in column_values(searcher, "dated")], np.int8)
    published = column_numbers(searcher, "published")
    docs = np.arange(len(published), dtype=np.int64)
    order = np.lexsort((docs, ~published if newest else published, undated))
    rank = np.empty_like(order)
    rank[order] = docs
    return _DateOrder(order, rank)
