"""Facet counts (articles per source, per month) from column values cached per reader.

Whoosh's `groupedby` looks up each matching article's value through its column reader,
about 32 microseconds per article: over 300 ms for a broad query on a few tens of thousands
of articles. Here a count is a Counter over the lists `column_values` keeps per reader,
for the matched set `matching_docs` keeps (indexer/search/matches.py): the same counts.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from whoosh.searching import Searcher

from indexer.search.matches import column_values
from indexer.search.results import FacetValue


def count_values(searcher: Searcher, docs: Iterable[int], field: str) -> Counter[str]:
    """How many of `docs` hold each value of `field` (the empty value included)."""
    return Counter(map(column_values(searcher, field).__getitem__, docs))


def facet_counts(searcher: Searcher, docs: Iterable[int], field: str) -> list[FacetValue]:
    """Counts per value, largest first then by value; articles without a value left out."""
    counts = count_values(searcher, docs, field)
    values = [FacetValue(value, count) for value, count in counts.items() if value]
    return sorted(values, key=lambda f: (-f.count, f.value))
