"""Facet counts (articles per source, per month) from column values cached per reader.

Whoosh's `groupedby` looks up each matching article's value through its column reader,
about 32 microseconds per article: over 300 ms for a broad query on a few tens of thousands
of articles. The values of a field change only when the index does, so they are read into
a plain list once per open reader and a count is then a Counter over list lookups.

The document numbers a query matches are kept too (`matching_docs`), per reader and query:
the total and both facets need the whole matched set, which Whoosh's top-N search does not
collect, and re-running a phrase query without scoring costs as much as the search itself.
A repeated query (the next page, another filter, the same link opened again) reuses it.

Use `matching_docs` and `facet_counts` in place of `groupedby` and `results.docs()`: the
counts are the same.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from whoosh.matching import FilterMatcher, Matcher
from whoosh.query import And, AndNot, DisjunctionMax, Not, Or, Query, Term
from whoosh.searching import Searcher

from indexer.kept import ReaderStore, forget_all, index_data
from indexer.search.results import FacetValue
from indexer.whooshext.phrases import FastPhrase

# Matched sets kept per reader, least recently used dropped first: at most this many sets
# and this many document numbers in all (about 70 bytes each: 1M is about 70 MB per reader).
MATCHES_KEPT = 64
DOCS_KEPT = 1_000_000
_MATCHES = ReaderStore(MATCHES_KEPT, budget=DOCS_KEPT)


def matching_docs(searcher: Searcher, query: Query, filter: Query | None = None) -> frozenset[int]:
    """The document numbers (deleted ones excluded) that match `query` and `filter`."""
    docs = _matches(searcher, query)
    return docs if filter is None else docs & _matches(searcher, filter)


def _matches(searcher: Searcher, query: Query) -> frozenset[int]:
    return _MATCHES.get(searcher.reader(), query, lambda: frozenset(_docs(searcher, query)))


def _docs(searcher: Searcher, query: Query) -> set[int]:
    """What `query` matches, as set algebra over each word's article list: Whoosh lists the
    matches of an OR or AND by stepping its matchers through every article one by one,
    while a single word's list is read in blocks. Other queries are left to Whoosh."""
    if isinstance(query, (Or, DisjunctionMax)) and not getattr(query, "minmatch", 0):
        return set().union(*(_docs(searcher, q) for q in query.subqueries))
    if isinstance(query, And):
        wanted = [q for q in query.subqueries if not isinstance(q, Not)]
        unwanted = [q.query for q in query.subqueries if isinstance(q, Not)]
        if wanted:
            docs = _docs(searcher, wanted[0])
            for q in wanted[1:]:
                if not docs:
                    break
                docs &= _docs(searcher, q)
            for q in unwanted:
                if not docs:
                    break
                docs -= _docs(searcher, q)
            return docs
    if isinstance(query, AndNot):
        docs = _docs(searcher, query.a)
        return docs - _docs(searcher, query.b) if docs else docs
    if isinstance(query, (Term, FastPhrase)):
        docs = set()
        for leaf, offset in searcher.leaf_searchers():
            ids = _all_ids(query.matcher(leaf, leaf.boolean_context()))
            docs.update(ids if offset == 0 else (offset + d for d in ids))
        return docs
    return set(searcher.docs_for_query(query))


def _all_ids(matcher: Matcher) -> Iterable[int]:
    """A segment matcher's document numbers. Whoosh leaves out a segment's deleted articles
    with a filter testing each number in a generator; one set difference costs less."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return set(matcher.child.all_ids()).difference(matcher._ids)
    return matcher.all_ids()


def forget_matches() -> None:
    """Drop every kept matched set, phrase article list and list of articles sharing a
    band (to measure queries as if never seen before)."""
    forget_all()


def column_values(searcher: Searcher, field: str) -> list[str]:
    """The value of a sortable field for every document number of the searcher's reader."""
    reader = searcher.reader()
    return index_data(reader, ("column", field), lambda: [
        v.decode("utf-8") if isinstance(v, bytes) else v for v in reader.column_reader(field)
    ])


def count_values(searcher: Searcher, docs: Iterable[int], field: str) -> Counter[str]:
    """How many of `docs` hold each value of `field` (the empty value included)."""
    return Counter(map(column_values(searcher, field).__getitem__, docs))


def facet_counts(searcher: Searcher, docs: Iterable[int], field: str) -> list[FacetValue]:
    """Counts per value, largest first then by value; articles without a value left out."""
    counts = count_values(searcher, docs, field)
    values = [FacetValue(value, count) for value, count in counts.items() if value]
    return sorted(values, key=lambda f: (-f.count, f.value))
