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

import heapq
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable

from whoosh.query import Query
from whoosh.searching import Results, Searcher

from indexer.kept import index_data
from indexer.search.matches import column_values
from indexer.whooshext.within import Within


def first_by_date(searcher: Searcher, docs: Iterable[int], n: int, *, newest: bool = True) -> set[int]:
    """The `n` document numbers of `docs` that come first by date: dated before undated,
    then newest (or oldest) first, ties by document number, as Whoosh's date sort orders."""
    return set(_first(searcher, docs, n, newest))


def by_date(searcher: Searcher, query: Query, docs: Iterable[int], n: int, *, newest: bool = True) -> Results:
    """Whoosh's results for the first `n` of `docs` (all matching `query`) in date order,
    unscored, with their matched words (for passages): what a date-sorted search gives.

    Whoosh's own date sort reads and sorts every distinct value of a reversed column on
    each search; here Whoosh only collects the chosen articles, put in order from the
    cached columns."""
    first = _first(searcher, docs, n, newest)
    results = searcher.search(Within(query, first), limit=None, scored=False, terms=True)
    rank = _dated(searcher, newest).rank
    results.top_n.sort(key=lambda item: rank[item[1]])
    return results


def _first(searcher: Searcher, docs: Iterable[int], n: int, newest: bool) -> list[int]:
    """The first `n` of `docs` by date. Many matches: walk the reader's date order until
    `n` of them are met (about n x articles / matches steps). Few: sort the matches by rank."""
    dated = _dated(searcher, newest)
    wanted = docs if isinstance(docs, (set, frozenset)) else set(docs)
    if len(wanted) * len(wanted) > n * len(dated.order):
        return list(islice(filter(wanted.__contains__, dated.order), n))
    return heapq.nsmallest(n, wanted, key=dated.rank.__getitem__)


@dataclass(frozen=True)
class _DateOrder:
    order: list[int]  # every document number of the reader, first by date first
    rank: list[int]  # document number -> its place in `order`


def _dated(searcher: Searcher, newest: bool) -> _DateOrder:
    """The reader's date order (kept per reader: it depends on the index alone)."""
    return index_data(searcher.reader(), ("date order", newest), lambda: _date_order_of(searcher, newest))


def _date_order_of(searcher: Searcher, newest: bool) -> _DateOrder:
    order = sorted(range(len(_published(searcher))), key=_date_order(searcher, newest))
    rank = [0] * len(order)
    for place, doc in enumerate(order):
        rank[doc] = place
    return _DateOrder(order, rank)


def _date_order(searcher: Searcher, newest: bool) -> Callable[[int], tuple[int, int, int]]:
    dated = column_values(searcher, "dated")
    published = _published(searcher)
    sign = -1 if newest else 1

    def key(doc: int) -> tuple[int, int, int]:
        return (0 if dated[doc] == "1" else 1, sign * published[doc], doc)

    return key


def _published(searcher: Searcher) -> list[int]:
    """The published column as raw numbers (undated articles hold a filler value)."""
    reader = searcher.reader()
    return index_data(reader, "published", lambda: list(reader.column_reader("published", translate=False)))
