"""A full build's counts in memory that does not grow with the articles' text: article ids
and fingerprints as 8-byte hashes in numpy arrays (8 MB a million articles), where a
dict of Python strings took a few hundred bytes an article.

Two different ids share a hash with a chance of about n²/2^65 (3 in 100 million at a
million articles): the report's counts may then be one off, but the index never is, since
a repeated id is confirmed by its text before an article is dropped (indexer/build/full.py).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from hashlib import blake2b
from typing import Iterable

import numpy as np
from whoosh.index import Index

from indexer.whooshext.arrays import distinct

_EMPTY = np.zeros(0, dtype=np.uint64)


def hash64(text: str) -> int:
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def hashes(texts: Iterable[str]) -> array:
    """The 8-byte hashes of `texts`, as an array that pickles compactly."""
    return array("Q", map(hash64, texts))


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


class Earlier:
    """The articles of the index a full build replaces: their ids' and fingerprints' hashes,
    sorted by id hash."""

    def __init__(self, ids: np.ndarray, prints: np.ndarray) -> None:
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        self.prints = prints[order]

    @classmethod
    def none(cls) -> Earlier:
        return cls(_EMPTY, _EMPTY)

    @classmethod
    def of(cls, ix: Index) -> Earlier:
        """Read from the id and fingerprint columns, segment by segment (no stored fields)."""
        ids, prints = array("Q"), array("Q")
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                id_column = leaf.column_reader("id")
                print_column = leaf.column_reader("fingerprint")
                for n in leaf.all_doc_ids():
                    ids.append(hash64(_text(id_column[n])))
                    prints.append(hash64(_text(print_column[n])))
        return cls(as_array(ids), as_array(prints))

    def compare(self, ids: np.ndarray, prints: np.ndarray) -> Counts:
        """How many of the articles `ids` (with their `prints`) are new, changed, the same."""
        if not len(self.ids):
            return Counts(added=len(ids))
        at = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        known = self.ids[at] == ids
        same = known & (self.prints[at] == prints)
        return Counts(int((~known).sum()), int((known & ~same).sum()), int(same.sum()))

    def missing_from(self, seen: Seen) -> int:
        """How many of these articles are not among `seen` (the build dropped them)."""
        return int((~seen.contains(self.ids)).sum()) if len(self.ids) else 0


class Seen:
    """The ids written so far, as a sorted array of hashes."""

    def __init__(self) -> None:
        self._sorted = _EMPTY

    def contains(self, ids: np.ndarray) -> np.ndarray:
        if not len(self._sorted):
            return np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, ids), len(self._sorted) - 1)
        return self._sorted[at] == ids

    def repeats(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` (in document order) were seen before, here or earlier among
        `ids`; then all of them are seen."""
        first = np.zeros(len(ids), dtype=bool)
        first[np.unique(ids, return_index=True)[1]] = True
        repeated = ~first | self.contains(ids)
        self._sorted = distinct(np.concatenate((self._sorted, ids)))
        return repeated


def as_array(values: array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.uint64) if len(values) else _EMPTY


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
