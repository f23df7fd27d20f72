"""Answers worked out from one index reader, kept while that reader lives.

A reader never changes: the articles a query matches, the articles holding a phrase or
sharing a near-duplicate band stay true until the index changes and the service opens a
new reader, when the old reader's answers go with it. Each store drops its least recently
used answers past a number of answers and, optionally, a budget of their total size.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

from whoosh.reading import IndexReader

Value = TypeVar("Value")


class ReaderStore:
    """Answers kept per reader, least recently used dropped first."""

    def __init__(self, entries: int, *, budget: int | None = None, size: Callable[[Any], int] = len) -> None:
        self.entries = entries
        self.budget = budget  # the most `size` summed over one reader's answers
        self._size = size
        self._readers: weakref.WeakKeyDictionary[IndexReader, _Kept] = (
            weakref.WeakKeyDictionary()
        )
        _STORES.add(self)

    def get(self, reader: IndexReader, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The kept answer for `key`, else `compute()`, kept unless it alone exceeds the budget."""
        kept = self._readers.setdefault(reader, _Kept())
        value = kept.get(key)
        if value is not None:
            kept.move_to_end(key)
            return value
        value = compute()
        size = self._size(value) if self.budget is not None else 0
        if self.budget is None or size <= self.budget:
            previous = kept.pop(key, None)  # another thread's answer to the same key
            if previous is not None and self.budget is not None:
                kept.total -= self._size(previous)
            kept[key] = value
            kept.total += size
            self._trim(kept)
        return value

    def _trim(self, kept: _Kept) -> None:
        while len(kept) > self.entries or (self.budget is not None and kept.total > self.budget):
            dropped = kept.popitem(last=False)[1]
            if self.budget is not None:
                kept.total -= self._size(dropped)

    def clear(self) -> None:
        self._readers.clear()


class _Kept(OrderedDict):
    """One reader's answers, with their sizes summed as they come and go (summing them
    again at every new answer costs more than the answer when hundreds are kept)."""

    total = 0


_STORES: weakref.WeakSet[ReaderStore] = weakref.WeakSet()  # every store, for forget_all


def forget_all() -> None:
    """Drop every kept answer of every store (to measure queries as if never seen before)."""
    for store in _STORES:
        store.clear()


# reader -> key -> data derived from the index alone (a column as a list, the date order, a
# column reader): no query's answer, so kept as long as the reader lives and never forgotten.
_INDEX_DATA: weakref.WeakKeyDictionary[IndexReader, dict[Hashable, Any]] = weakref.WeakKeyDictionary()


def index_data(reader: IndexReader, key: Hashable, compute: Callable[[], Value]) -> Value:
    """What `compute()` derives from `reader` alone, worked out once per reader."""
    kept = _INDEX_DATA.setdefault(reader, {})
    if key not in kept:
        kept[key] = compute()
    return kept[key]
