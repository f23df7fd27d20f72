"""The articles a query matches, as sorted arrays kept per reader; columns as lists and codes.

The total and both facets need the whole matched set, which Whoosh's top-N search does not
collect, and re-running a phrase query without scoring costs as much as the search itself.
So the document numbers a query matches are kept per reader and query (`matching_docs`): a
repeated query (the next page, another filter, the same link opened again) reuses them.

Whoosh's `groupedby` looks up each matching article's value through its column reader,
about 32 microseconds per article. The values of a field change only when the index does,
so `column_values` reads them into a plain list once per open reader, and `column_codes`
numbers them for counting with numpy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.query import And, AndNot, DisjunctionMax, Every, Not, Or, Query, Term
from whoosh.searching import Searcher

from indexer.kept import ReaderStore, forget_all, index_data
from indexer.search.docsets import DocSet, union
from indexer.whooshext import arrays
from indexer.whooshext.columns import byte_strings, numbers, whole_column
from indexer.whooshext.phrases import FastPhrase, phrases_among

# Matched sets kept per reader, least recently used dropped first: at most this many sets
# and this many document numbers in all (8 bytes each: 4M is 32 MB per reader).
MATCHES_KEPT = 64
DOCS_KEPT = 4_000_000
_MATCHES = ReaderStore(MATCHES_KEPT, budget=DOCS_KEPT)
# Words' posting lists kept per reader, for this many postings in all (16 bytes each). A
# description searches up to 64 words in two fields: its matched set and its scores read
# the same 128 lists, so the store holds more lists than that (the budget bounds memory).
POSTINGS_KEPT = 2_000_000
POSTING_LISTS_KEPT = 512
_POSTINGS = ReaderStore(POSTING_LISTS_KEPT, budget=POSTINGS_KEPT, size=lambda found: sum(len(p.ids) for p in found))


def matching_docs(searcher: Searcher, query: Query, filter: Query | None = None) -> DocSet:
    """The document numbers (deleted ones excluded) that match `query` and `filter`."""
    if filter is None:
        return _matches(searcher, query)
    allowed = _matches(searcher, filter)
    return _matches(searcher, filtered(searcher, query, filter)) & allowed


def filtered(searcher: Searcher, query: Query, filter: Query | None) -> Query:
    """`query` to run within `filter`: its phrases read positions only in the articles the
    filter keeps (indexer/whooshext/phrases.py), which for a phrase within one outlet is
    most of the work saved. The same query where nothing changes."""
    if filter is None:
        return query
    return phrases_among(query, _matches(searcher, filter).array, filter)


def _matches(searcher: Searcher, query: Query) -> DocSet:
    if query == Every():
        # Every article: the denominator of every coverage chart, the same for every query, so
        # kept for the reader's life rather than among query answers a broad word can push out.
        return index_data(searcher.reader(), "every", lambda: _every(searcher))
    return _MATCHES.get(searcher.reader(), query, lambda: _docs(searcher, query))


def _every(searcher: Searcher) -> DocSet:
    """Every live article, from each segment's size and deleted numbers (not one by one)."""
    parts = [np.delete(np.arange(leaf.reader().doc_count_all(), dtype=np.int64), arrays.deleted(leaf.reader()))
             + offset for leaf, offset in searcher.leaf_searchers()]
    return DocSet(np.concatenate(parts)) if parts else DocSet.of(())


def _docs(searcher: Searcher, query: Query) -> DocSet:
    """What `query` matches, as set algebra over each word's article list: Whoosh lists the
    matches of an OR or AND by stepping its matchers through every article one by one,
    while a word's list is read whole (indexer/whooshext/arrays.py). Other queries are
    left to Whoosh."""
    if isinstance(query, (Or, DisjunctionMax)) and not getattr(query, "minmatch", 0):
        return union(_docs(searcher, q) for q in query.subqueries)
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
    if isinstance(query, Term):
        # Each segment's numbers start past the one before's: joined, they stay sorted.
        parts = [docs.array for docs in _term_docs(searcher, query)]
        return DocSet(np.concatenate(parts)) if parts else DocSet.of(())
    if isinstance(query, FastPhrase):
        parts = []
        for leaf, offset in searcher.leaf_searchers():
            found = query.segment_docs(leaf)
            if found is None:
                return DocSet.of(searcher.docs_for_query(query))
            parts.append(np.frombuffer(found, np.uint32).astype(np.int64) + offset)
        return DocSet(np.concatenate(parts)) if parts else DocSet.of(())
    return DocSet.of(searcher.docs_for_query(query))


def _term_docs(searcher: Searcher, query: Term) -> Iterator[DocSet]:
    """A word's articles in each segment, numbered as in the whole index."""
    field = searcher.schema[query.fieldname] if query.fieldname in searcher.schema else None
    if field is None:
        return
    try:
        text = field.to_bytes(query.text)
    except ValueError:
        return
    for postings in term_postings(searcher, query.fieldname, text):
        ids = postings.ids
        if len(postings.deleted):
            ids = ids[~np.isin(ids, postings.deleted, assume_unique=True)]
        yield DocSet(ids + postings.offset if postings.offset else ids)


@dataclass(frozen=True)
class SegmentPostings:
    """A word's postings in one segment: document numbers (of the segment; deleted ones may
    be among them), weights, the segment's deleted articles and where its numbers start."""

    reader: Any
    offset: int
    ids: np.ndarray
    weights: np.ndarray
    deleted: np.ndarray


def term_postings(searcher: Searcher, field: str, text: bytes) -> list[SegmentPostings]:
    """A word's postings in every segment that holds it, kept per reader for a few words:
    the matched set and the scores of one search read the same lists."""
    def read() -> list[SegmentPostings]:
        found = []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            ids, weights = arrays.postings(reader, field, text)
            if len(ids):
                found.append(SegmentPostings(reader, offset, ids, weights, arrays.deleted(reader)))
        return found

    return _POSTINGS.get(searcher.reader(), (field, text), read)


def forget_matches() -> None:
    """Drop every kept matched set and phrase article list (to measure queries as if
    never seen before)."""
    forget_all()


def column_values(searcher: Searcher, field: str) -> list[str]:
    """The value of a sortable field for every document number of the searcher's reader."""
    reader = searcher.reader()

    def read() -> list[str]:
        strings = _byte_strings(reader, field)
        if strings is not None:
            return np.char.decode(strings, "utf-8").tolist()
        return [v.decode("utf-8") if isinstance(v, bytes) else v for v in whole_column(reader, field)]

    return index_data(reader, ("column", field), read)


def column_codes(searcher: Searcher, field: str) -> tuple[list[str], np.ndarray]:
    """The distinct values of a sortable field, and for every document number the place of
    its value among them: counting a matched set's values is then one numpy bincount."""
    def codes() -> tuple[list[str], np.ndarray]:
        # A field of a few hundred outlets: a set of its values takes a fifth of the time
        # numpy's sort of a million strings does. UTF-8 bytes sort as their characters do.
        strings = _byte_strings(searcher.reader(), field)
        values: list[Any] = strings.tolist() if strings is not None else column_values(searcher, field)
        distinct = sorted(set(values))
        place = {value: n for n, value in enumerate(distinct)}
        codes = np.fromiter(map(place.__getitem__, values), np.int32, len(values))
        return [v.decode("utf-8") if isinstance(v, bytes) else v for v in distinct], codes

    return index_data(searcher.reader(), ("codes", field), codes)


def column_numbers(searcher: Searcher, field: str) -> np.ndarray:
    """A numeric sortable field's stored values (Whoosh's sortable form: unsigned) for every
    document number of the searcher's reader; kept per reader."""
    reader = searcher.reader()

    def read() -> np.ndarray:
        parts = [numbers(leaf, field) for leaf, _ in reader.leaf_readers()]
        if parts and all(part is not None for part in parts):
            return np.concatenate(parts)
        return np.array(list(whole_column(reader, field, translate=False)), np.uint64)

    return index_data(reader, ("numbers", field), read)


def _byte_strings(reader: Any, field: str) -> np.ndarray | None:
    """Every document's value of a VarBytes column as one numpy bytes array, segment after
    segment (Whoosh's column reader makes a Python call per document: seconds for a new
    reader of a million articles); None where a segment's column is of another kind."""
    parts = [byte_strings(leaf, field) for leaf, _ in reader.leaf_readers()]
    if not parts or any(part is None for part in parts):
        return None
    return np.concatenate(parts)
