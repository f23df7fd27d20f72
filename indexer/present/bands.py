"""The articles sharing a near-duplicate band with each hit of a page, by numpy.

Looking a hit's 16 band keys up as terms costs 16 hash-table lookups in every segment:
16,000 a page at a million articles in 100 segments, a third of the page. Instead every
article's band keys are worked out once per reader, all at once, from the signature
columns (`neardup.band_hashes`), and only the keys two or more articles share are kept,
sorted (most articles have no copy: 1.9 million of 16 million keys at a million
articles). A page's hits are then looked up with one pair of `numpy.searchsorted` calls,
whatever the number of segments. The first page of a reader that folds copies pays for
it: 2-3.5 seconds at a million articles, 128 MB while sorting, 14 MB kept. It is kept per
reader rather than per segment, as which keys are shared depends on every segment, and
the service opens every segment's reader anew when the index changes.

Each entry is a band's 64-bit hash with its low bits replaced by the article's document
number (20 bits for a million articles), so sorting and searching one array finds both.
With the 44 bits left, a page's 160 keys meet a false match about once in 60,000 pages at
a million articles; it only adds a candidate, and only `are_copies` decides what is a
copy. A segment whose signatures are not all of the current version (written by an older
version) is looked up term by term, as before; every key is then kept, since its articles
may share one with an article of the arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader

from indexer.kept import index_data
from indexer.schema import neardup
from indexer.whooshext.columns import fixed_length_values

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SharedBands:
    """The band keys articles share, with the articles, sorted; and the segments whose
    signatures are looked up by terms instead."""

    entries: np.ndarray  # uint64: a band hash's high bits, then the document number
    docbits: int
    by_terms: list[int]  # places in reader.leaf_readers()

    def lookup(self, hashes: np.ndarray) -> list[tuple[int, np.ndarray]]:
        """(row, document numbers) for each row of `hashes` sharing some band."""
        low = hashes >> np.uint64(self.docbits) << np.uint64(self.docbits)
        mask = np.uint64((1 << self.docbits) - 1)
        begins = np.searchsorted(self.entries, low)
        ends = np.searchsorted(self.entries, low | mask, side="right")
        return [(row, self.entries[begins[row, band] : ends[row, band]] & mask)
                for row, band in zip(*np.nonzero(ends > begins))]


def shared_bands(reader: IndexReader) -> SharedBands:
    """The reader's shared band keys, worked out once per reader."""
    return index_data(reader, "shared bands", lambda: _shared_bands_of(reader))


def _shared_bands_of(reader: IndexReader) -> SharedBands:
    docbits = max(1, (reader.doc_count_all() - 1).bit_length())
    signed, by_terms = [], []
    for place, (leaf, base) in enumerate(reader.leaf_readers()):
        if not neardup.has_column(leaf, "dupsig"):
            continue  # a segment written before signatures: none of its articles is folded
        found = fixed_length_values(leaf, "dupsig", neardup.SIZE)
        if found is None or not neardup.all_current(found.rows):
            by_terms.append(place)
        else:
            signed.append((base, found))
    # Filled in place: a million articles' entries are 128 MB, and making a second copy
    # of them (concatenating each segment's) cost more than hashing them.
    entries = np.empty(neardup.BANDS * sum(len(found.docnums) for _, found in signed), dtype=np.uint64)
    start = 0
    for base, found in signed:
        docnums = (found.docnums.astype(np.uint64) + np.uint64(base))[:, None]
        hashes = neardup.band_hashes(neardup.bin_values(found.rows))
        hashes = hashes >> np.uint64(docbits) << np.uint64(docbits)
        entries[start : start + hashes.size] = (hashes | docnums).ravel()
        start += hashes.size
    entries.sort()
    if not by_terms:
        entries = entries[_shared(entries, docbits)]
    return SharedBands(entries, docbits, by_terms)


def _shared(entries: np.ndarray, docbits: int) -> np.ndarray:
    """Which of the sorted entries hold a key that another entry holds too."""
    same = np.empty(max(0, len(entries) - 1), dtype=bool)  # entry i's key is entry i+1's
    # A chunk at a time: whole-array temporaries (128 MB each at a million articles) cost
    # several times more to allocate than to compute.
    for start in range(0, len(same), _CHUNK):
        end = min(start + _CHUNK, len(same))
        same[start:end] = (entries[start + 1 : end + 1] ^ entries[start:end]) >> np.uint64(docbits) == 0
    shared = np.zeros(len(entries), dtype=bool)
    shared[1:] = same
    shared[:-1] |= same
    return shared


def sharing_a_band(
    reader: IndexReader, signatures: neardup.Signatures, docnums: Sequence[int],
) -> dict[int, tuple[int, ...]]:
    """For each article, the other (not deleted) articles holding any of its band keys,
    ascending: what looking its band keys up as terms would find."""
    shared = shared_bands(reader)
    packed = {docnum: signatures[docnum] for docnum in docnums}
    unpacked = {docnum: neardup.unpack(packed[docnum]) for docnum in docnums}
    signed = [docnum for docnum in docnums if unpacked[docnum] is not None]
    values = np.array([unpacked[docnum][2:] for docnum in signed], dtype=np.uint32).reshape(-1, neardup.BINS)
    found: dict[int, set[int]] = {docnum: set() for docnum in docnums}
    for row, docs in shared.lookup(neardup.band_hashes(values)):
        found[signed[row]].update(d for d in map(int, docs) if not reader.is_deleted(d))
    leaves = reader.leaf_readers()
    for leaf, base in (leaves[place] for place in shared.by_terms):
        for docnum in docnums:
            found[docnum].update(_by_terms(leaf, base, packed[docnum]))
    return {docnum: tuple(sorted(docs - {docnum})) for docnum, docs in found.items()}


def _by_terms(leaf: IndexReader, base: int, packed: bytes) -> set[int]:
    docs: set[int] = set()
    for key in neardup.band_keys(packed):
        if leaf.doc_frequency("dupbands", key):
            docs.update(base + docnum for docnum in leaf.postings("dupbands", key).all_ids())
    return docs


def holding_bands(reader: IndexReader, packed: bytes) -> set[int]:
    """The articles holding any band key of a signature that may come from another index
    (another shard's article), deleted ones included. Looked up as terms: the kept arrays
    hold only the keys two articles of this reader share."""
    return {docnum for leaf, base in reader.leaf_readers() for docnum in _by_terms(leaf, base, packed)}
