"""The articles sharing a near-duplicate band with each hit of a page, by numpy.

Looking a hit's 16 band keys up as terms costs 16 hash-table lookups in every segment:
16,000 a page at a million articles in 100 segments, a third of the page. Instead each
segment's band keys are worked out once, all at once, from its signature column
(`neardup.band_hashes`) and kept per segment reader as one sorted array; a page's hits
are then looked up with one pair of `numpy.searchsorted` calls per segment.

Each entry is a band's 64-bit hash with its low bits replaced by the document number in
the segment (14 bits for 10,000 articles), so sorting and searching one array finds both.
With the 50 bits left, a page's 160 keys meet a false match among a million articles'
16 million entries about once in 400,000 pages; it only adds a candidate, and only
`are_copies` decides what is a copy. A segment whose signatures are not all of the
current version (written by an older version) is looked up term by term, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader

from indexer.kept import index_data
from indexer.schema.neardup import SIZE, VERSION, Signatures, band_hashes, band_keys
from indexer.whooshext.columns import fixed_length_values


@dataclass(frozen=True)
class BandTable:
    """One segment's band hashes with their document numbers, sorted."""

    entries: np.ndarray  # uint64: a band hash's high bits, then the document number
    docbits: int

    def matches(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each hash's entries begin and end in `entries`."""
        low = hashes >> np.uint64(self.docbits) << np.uint64(self.docbits)
        high = low | np.uint64((1 << self.docbits) - 1)
        return np.searchsorted(self.entries, low), np.searchsorted(self.entries, high, side="right")

    def docnums(self, begin: int, end: int) -> np.ndarray:
        return self.entries[begin:end] & np.uint64((1 << self.docbits) - 1)


def band_table(leaf: IndexReader) -> BandTable | None:
    """The segment's table, worked out once per segment reader; None for a segment
    without current signatures."""
    return index_data(leaf, "band table", lambda: _table_of(leaf))


def _table_of(leaf: IndexReader) -> BandTable | None:
    found = fixed_length_values(leaf, "dupsig", SIZE)
    hashes = None if found is None else band_hashes(found.rows)
    if found is None or hashes is None:
        return None
    docbits = max(1, (leaf.doc_count_all() - 1).bit_length())
    docnums = found.docnums.astype(np.uint64)[:, None]
    entries = (hashes >> np.uint64(docbits) << np.uint64(docbits)) | docnums
    entries = entries.ravel()
    entries.sort()
    return BandTable(entries, docbits)


def sharing_a_band(
    reader: IndexReader, signatures: Signatures, docnums: Sequence[int],
) -> dict[int, tuple[int, ...]]:
    """For each article, the other (not deleted) articles holding any of its band keys,
    ascending: what looking its band keys up as terms would find."""
    packed = {docnum: signatures[docnum] for docnum in docnums}
    current = [d for d in docnums if len(packed[d]) == SIZE and packed[d][0] == VERSION]
    rows = np.frombuffer(b"".join(packed[d] for d in current), dtype=np.uint8).reshape(len(current), SIZE)
    hashes = band_hashes(rows)
    found: dict[int, set[int]] = {docnum: set() for docnum in docnums}
    for leaf, base in reader.leaf_readers():
        table = band_table(leaf)
        if table is None:
            for docnum in docnums:
                found[docnum].update(_by_terms(leaf, base, packed[docnum]))
            continue
        begins, ends = table.matches(hashes)
        for row, band in zip(*np.nonzero(ends > begins)):
            docs = table.docnums(begins[row, band], ends[row, band])
            found[current[row]].update(base + int(d) for d in docs if not leaf.is_deleted(int(d)))
    return {docnum: tuple(sorted(docs - {docnum})) for docnum, docs in found.items()}


def _by_terms(leaf: IndexReader, base: int, packed: bytes) -> set[int]:
    docs: set[int] = set()
    for key in band_keys(packed):
        if leaf.doc_frequency("dupbands", key):
            docs.update(base + docnum for docnum in leaf.postings("dupbands", key).all_ids())
    return docs
