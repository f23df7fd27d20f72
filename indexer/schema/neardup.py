"""Near-duplicate articles: the same wire text or syndicated copy under several outlets.

At index time each body gets a MinHash signature of its 5-word shingles (one-permutation
hashing: one hash per shingle, 64 bins, empty bins filled from their neighbours), stored
in a column, plus 16 band keys (4 bins each) indexed as terms so that an article's likely
copies are found by a term lookup instead of a scan. Two articles are copies when their
estimated shingle overlap is high: Jaccard >= 0.5, or the shorter one is >= 85% contained
in the longer (a copy cut short by one outlet) with Jaccard >= 0.3.

Signatures cost one CRC-32 per distinct shingle at index time (a cryptographic hash per
shingle cost several times more, for no better estimates: a test compares them on real
articles); comparing two is 64 integer comparisons. Bodies under MIN_WORDS words get no
signature and are never folded.
"""

from __future__ import annotations

import re
import struct
from bisect import bisect_right
from hashlib import blake2b
from typing import Any
from zlib import crc32

import numpy as np
from whoosh.support.charset import accent_map

SHINGLE = 5
BINS = 64
# Bins per band: 16 bands of 4 find a pair with Jaccard 0.7 as candidates 99% of the time
# (0.8: 99.98%) at 16 term lookups per article.
ROWS = 4
BANDS = BINS // ROWS
MIN_WORDS = 40
MIN_JACCARD = 0.5
MIN_CONTAINED = 0.85
MIN_JACCARD_CONTAINED = 0.3

_WORDS = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Every ASCII byte that `\w` does not match becomes a space, so bytes.split() finds the words.
_ASCII_SEPARATORS = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))
_EMPTY = (1 << 64) - 1
_BIN_BITS = BINS.bit_length() - 1
_BIN_MASK = BINS - 1
# Packed: a version byte, the shingle count, one 32-bit value per bin. Version 1 (blake2b
# per shingle, no version byte) is still read from indexes built before CRC-32; signatures
# are only compared with signatures of the same version.
VERSION = 2
_FORMAT = struct.Struct(f"<BI{BINS}I")
_FORMAT_V1 = struct.Struct(f"<I{BINS}I")
SIZE = _FORMAT.size  # of a packed signature of this version
_HEADER = struct.calcsize("<BI")
# Band b's hash starts from b times this (2**64 / golden ratio): equal values in two
# different bands are no shared band.
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def signature(text: str) -> bytes:
    """The packed signature of a body (version, shingle count, then one 32-bit value per
    bin), or b"" for a body too short to compare."""
    words = _words(text)
    if len(words) < MIN_WORDS:
        return b""
    shingles = set(map(b" ".join, zip(*(words[i:] for i in range(SHINGLE)))))
    mins = [_EMPTY] * BINS
    # The low bits of a hash pick the bin, the rest is the value compared within it.
    for h in map(crc32, shingles):
        b, value = h & _BIN_MASK, h >> _BIN_BITS
        if value < mins[b]:
            mins[b] = value
    return _FORMAT.pack(VERSION, len(shingles), *_densified(mins))


def _words(text: str) -> list[bytes]:
    """The words of `text` lowered and accent-folded, UTF-8 encoded: exactly
    `\\w+` over `text.lower().translate(accent_map)`, without the translation, which
    looks up every character of a body that is not plain ASCII (nearly every news body:
    curly quotes and dashes) and cost more than the rest of the signature.

    Only the few distinct non-ASCII characters are replaced, one `str.replace` each:
    accent_map's own folding (always ASCII), or a space for a non-word character (it
    separates words either way). What is then ASCII is split as bytes, several times
    faster than the regular expression.
    """
    low = text.lower()
    if not low.isascii():
        for char in set(_NON_ASCII.findall(low)):
            low = low.replace(char, accent_map.get(ord(char), char if _is_word(char) else " "))
        if not low.isascii():  # letters accent_map does not fold (Greek, Cyrillic, CJK...)
            return " ".join(_WORDS.findall(low)).encode("utf-8").split()
    return low.encode("ascii").translate(_ASCII_SEPARATORS).split()


def _is_word(char: str) -> bool:
    """Whether `\\w` matches the character (re's Unicode word: alphanumeric or "_")."""
    return char.isalnum() or char == "_"


def _densified(mins: list[int]) -> list[int]:
    """Empty bins borrow the next filled bin's value, salted by the distance, so equal
    shingle sets still give equal signatures (rotation densification)."""
    out = []
    for b in range(BINS):
        for step in range(BINS):
            value = mins[(b + step) % BINS]
            if value != _EMPTY:
                out.append((value + step * 0x9E3779B1) & 0xFFFFFFFF)
                break
    return out


def band_keys(packed: bytes) -> list[str]:
    """The terms under which an article's likely copies are indexed."""
    if not packed:
        return []
    found = unpack(packed)
    if found is None:
        return []
    values = found[2:]
    return [
        f"{band:x}.{blake2b(struct.pack(f'<{ROWS}I', *values[band * ROWS : (band + 1) * ROWS]), digest_size=6).hexdigest()}"
        for band in range(BANDS)
    ]


def all_current(packed: np.ndarray) -> bool:
    """Whether every row of `packed` is a signature of this version."""
    return packed.ndim == 2 and packed.shape[1] == SIZE and bool(np.all(packed[:, 0] == VERSION))


def bin_values(packed: np.ndarray) -> np.ndarray:
    """The bin values of signatures of this version (rows of SIZE bytes: see all_current),
    (rows, BINS) 32-bit."""
    return np.ascontiguousarray(packed[:, _HEADER:]).view("<u4")


def band_hashes(values: np.ndarray) -> np.ndarray:
    """The band keys of signatures with these bin values ((rows, BINS), of any version,
    as band_keys) as 64-bit numbers, (rows, BANDS): articles sharing a band share its
    number, for numpy to sort and search instead of looking up band_keys' terms. Two
    different bands share a number only by a hash collision, and only are_copies decides
    what is a copy."""
    # A band's four 32-bit values are 16 bytes: two 64-bit words, mixed into one.
    words = np.ascontiguousarray(values, dtype="<u4").view("<u8").reshape(len(values), BANDS, 2)
    return _mixed(_mixed(words[..., 0] ^ _BAND_SALT) ^ words[..., 1])


def _mixed(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: each input bit changes about half the output bits."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def unpack(packed: bytes) -> tuple[int, ...] | None:
    """(version, shingle count, value per bin), or None for no (or a damaged) signature."""
    if packed and len(packed) == _FORMAT.size and packed[0] == VERSION:
        return _FORMAT.unpack(packed)
    if packed and len(packed) == _FORMAT_V1.size:
        return (1, *_FORMAT_V1.unpack(packed))
    return None


def are_copies(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    """Whether two unpacked signatures belong to copies of one text."""
    if a is None or b is None or a[0] != b[0]:
        return False
    jaccard = sum(x == y for x, y in zip(a[2:], b[2:])) / BINS
    if jaccard >= MIN_JACCARD:
        return True
    if jaccard < MIN_JACCARD_CONTAINED:
        return False
    shared = jaccard * (a[1] + b[1]) / (1 + jaccard)
    return shared / max(1, min(a[1], b[1])) >= MIN_CONTAINED


def has_column(reader: Any, name: str) -> bool:
    """Whether the index has this column (an index made by an older version may lack the field)."""
    return name in reader.schema and reader.has_column(name)


class Signatures:
    """Stored signatures by document number, segment by segment: a segment written by an
    older version has no signature column (Whoosh's combined column reader would then read
    other documents' values), and its documents get b"" and are never folded."""

    def __init__(self, reader: Any) -> None:
        self._starts: list[int] = []
        self._columns: list[Any] = []
        leaves = reader.leaf_readers() if "dupsig" in reader.schema else []
        for leaf, offset in leaves:
            self._starts.append(offset)
            has = "dupsig" in leaf.schema and leaf.has_column("dupsig")
            self._columns.append(leaf.column_reader("dupsig") if has else None)

    def __getitem__(self, docnum: int) -> bytes:
        n = bisect_right(self._starts, docnum) - 1
        if n < 0 or self._columns[n] is None:
            return b""
        try:
            value = self._columns[n][docnum - self._starts[n]]
        except IndexError:
            return b""
        return value if isinstance(value, bytes) else b""
