"""Facet counts (articles per source, per month) from column values cached per reader.

Whoosh's `groupedby` looks up each matching article's value through its column reader,
about 32 microseconds per article: over 300 ms for a broad query on a few tens of thousands
of articles. The values of a field change only when the index does, so they are read into
a plain list once per open reader and a count is then a Counter over list lookups.

Use with the matched document numbers of a search (`results.docs()`, which honours its
filter) in place of `groupedby`: the counts are the same.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import Iterable

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.results import FacetValue

# reader -> field -> the field's value for every document number, deleted ones included.
_COLUMNS: weakref.WeakKeyDictionary[IndexReader, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def column_values(searcher: Searcher, field: str) -> list[str]:
    """The value of a sortable field for every document number of the searcher's reader."""
    reader = searcher.reader()
    columns = _COLUMNS.setdefault(reader, {})
    values = columns.get(field)
    if values is None:
        values = columns[field] = [
            v.decode("utf-8") if isinstance(v, bytes) else v for v in reader.column_reader(field)
        ]
    return values


def count_values(searcher: Searcher, docs: Iterable[int], field: str) -> Counter[str]:
    """How many of `docs` hold each value of `field` (the empty value included)."""
    return Counter(map(column_values(searcher, field).__getitem__, docs))


def facet_counts(searcher: Searcher, docs: Iterable[int], field: str) -> list[FacetValue]:
    """Counts per value, largest first then by value; articles without a value left out."""
    counts = count_values(searcher, docs, field)
    values = [FacetValue(value, count) for value, count in counts.items() if value]
    return sorted(values, key=lambda f: (-f.count, f.value))
