"""Each article's distinct body terms, kept per segment as arrays: what distinctive words
(indexer/present/terms.py) count in a sample of a search's articles, read in place of
analysing the sample's stored bodies again (about a millisecond an article).

Nothing is analysed for it: when a segment is written, each body term's postings already
list the articles holding it, and turned around (sorted by article) they give each
article's terms (`HeldCollector.add_term`, called as the terms are written, merged
segments included). The file of a segment (EXT, inside its compound file) holds:
- every body term of the segment in term order (an article's terms are numbers into it),
  with a 64-bit hash of each, so the segments' numbers meet in one set of keys;
- each term's articles, the term dictionary's document frequency as one array: the
  background counts of distinctive words, without a dictionary lookup per word and segment;
- per article, where its term numbers start, and the numbers.

How a term is written ("troops" for "troop") is not kept: a segment would have to count
every article's words for it, a twentieth of a build. The few words shown are spelt from
a few of the articles read (indexer/present/written.py).

The body field indexes the headline too (indexer/schema/documents.py), so an article's
terms here are its headline's and its body's, as the background counts of the term
dictionary are. A segment written before this field existed has no file: distinctive
words then read bodies as before (indexer/present/written.py).
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.fields import FieldType

EXT = ".held"
_MAGIC = b"NDH2"
_HEADER = 4 + 4 * 8  # the magic, then articles, terms, term numbers and term bytes
_TURNED_ARTICLES = 4_096  # articles whose postings are turned around at a time
_COUNTED_POSTINGS = 1 << 22  # postings counted per article at a time


def term_hash(text: bytes) -> int:
    """A term's key across segments: 64 bits of BLAKE2b (two of a million terms share one
    with odds of about 1 in 30 million)."""
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


class HeldTerms(FieldType):
    """The file of each article's distinct terms of the field `source`, per segment; never
    given a value by a document, never indexed, stored or scored."""

    indexed = False
    stored = False

    def __init__(self, source: str) -> None:
        self.source = source

    def held_collector(self) -> HeldCollector:
        """What a segment writer gathers the file with (indexer/whooshext/segments.py)."""
        return HeldCollector()


class HeldCollector:
    """What one segment's file is built from, gathered while the segment is written: every
    posting's article, term after term, in one array (4 bytes a posting)."""

    ext = EXT

    def __init__(self) -> None:
        self._terms: list[bytes] = []
        self._docnums = array("I")
        self._ends = array("Q")  # per term: where its postings end in _docnums

    def add_term(self, text: bytes, docnums: array) -> None:
        """A term's postings as written, in term order: the articles (ascending) holding it."""
        self._terms.append(text)
        self._docnums.extend(docnums)
        self._ends.append(len(self._docnums))

    def write(self, handle: Any, doccount: int) -> None:
        """The segment's file, part by part into `handle` (a file open for writing): at a
        merged segment of 100,000 articles (40 million postings) the articles' term numbers
        are 160 MB, so they are written as they are made, never held whole."""
        terms = self._terms
        docnums = np.frombuffer(self._docnums, np.uint32)
        ends = np.frombuffer(self._ends, np.uint64).astype(np.int64)
        hashes = np.fromiter((term_hash(t) for t in terms), np.uint64, len(terms))
        counts = np.zeros(doccount, np.int64)  # per article, its terms: counted a part at a
        for at in range(0, len(docnums), _COUNTED_POSTINGS):  # time (bincount copies to int64)
            counts += np.bincount(docnums[at: at + _COUNTED_POSTINGS], minlength=doccount)
        starts = np.concatenate(([0], np.cumsum(counts))).astype(np.uint64)
        term_blob = b"".join(terms)
        term_ends = np.cumsum(np.fromiter(map(len, terms), np.int64, len(terms)))
        header = np.array([doccount, len(terms), len(docnums), len(term_blob)], np.uint64)
        handle.write(_MAGIC)
        for part in (header, hashes, np.argsort(hashes, kind="stable").astype(np.uint32), term_ends.astype(np.uint32),
                     np.diff(ends, prepend=0).astype(np.uint32), starts):
            _write_array(handle, part)
        # Each article's term numbers, ascending: the postings turned around a block of
        # articles at a time, a few hundred thousand sorted at once, not all of them.
        for first in range(0, doccount, _TURNED_ARTICLES):
            last = min(first + _TURNED_ARTICLES, doccount)
            at = np.flatnonzero((docnums >= first) & (docnums < last))
            at = at[np.argsort(docnums[at], kind="stable")]
            _write_array(handle, np.searchsorted(ends, at, side="right").astype(np.uint32))
        handle.write(term_blob)


def _write_array(handle: Any, part: np.ndarray) -> None:
    handle.write(part.astype(part.dtype.newbyteorder("<"), copy=False).data)


@dataclass(frozen=True)
class HeldSegment:
    """One segment's file, its arrays read in place."""

    hashes: np.ndarray  # per term number
    by_hash: np.ndarray  # term numbers in the order of their hashes
    term_ends: np.ndarray
    held: np.ndarray  # per term: the segment's articles holding it (deleted ones included)
    starts: np.ndarray  # per article (and one past the last): where its terms start in ids
    ids: np.ndarray
    term_blob: Any
    sorted_hashes: np.ndarray

    @classmethod
    def parse(cls, data: Any) -> HeldSegment | None:
        """The segment of the file's bytes; None for a file of another kind or version."""
        if bytes(data[:4]) != _MAGIC:
            return None
        doccount, terms, ids, term_bytes = np.frombuffer(data, "<u8", 4, 4).tolist()
        at = _HEADER
        found = []
        for dtype, count in (("<u8", terms), ("<u4", terms), ("<u4", terms), ("<u4", terms),
                             ("<u8", doccount + 1), ("<u4", ids)):
            found.append(np.frombuffer(data, dtype, count, at))
            at += count * np.dtype(dtype).itemsize
        return cls(*found, data[at: at + term_bytes], found[0][found[1]])

    def term(self, number: int) -> str:
        begin = int(self.term_ends[number - 1]) if number else 0
        return bytes(self.term_blob[begin: int(self.term_ends[number])]).decode("utf-8")

    def frequencies(self, hashed: np.ndarray) -> np.ndarray:
        """The segment's articles holding each term of these hashes (0 for a term it lacks)."""
        if not len(self.by_hash):
            return np.zeros(len(hashed), np.int64)
        at = np.minimum(np.searchsorted(self.sorted_hashes, hashed), len(self.by_hash) - 1)
        found = self.sorted_hashes[at] == hashed
        return np.where(found, self.held[self.by_hash[at]], 0).astype(np.int64)

    def terms_of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The term numbers of the articles `docs` (the segment's numbers) end to end, and
        how many each article holds."""
        begin, end = self.starts[docs].astype(np.int64), self.starts[docs + 1].astype(np.int64)
        sizes = end - begin
        if not len(docs):
            return np.zeros(0, np.int64), sizes
        at = np.repeat(begin - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        return self.ids[at].astype(np.int64), sizes
