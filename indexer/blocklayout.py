"""How newsdesk lays out a posting block's data: packed arrays that numpy reads a whole
block at a time, written by `encode_block`. Whoosh's W3 codec frames each block (its length
and a pickled summary before the data; indexer/whooshext/blocks.py), and pickles the data as
Python tuples; newsdesk's blocks hold, in this order, then zlib-compressed (or not):

    version byte, flags byte, first document number (u32),
    the other numbers as deltas (u16 each, or u32 when one is 65,536 or more),
    the weights (none when all are 1, one f32 when all are equal, u16 counts, or f32 each),
    the values, when there are any: their count (u32), lengths (u16, or u32), bytes.

Numbers and weights come first, so a reader that needs only them decompresses the opening
alone. The readers here take a block's data alone (`data[0]` is its version byte).
"""

from __future__ import annotations

import struct
import sys
from array import array
from typing import Any

import numpy as np
from whoosh.reading import CorruptIndexError

VERSION = 1
OPENING = struct.Struct("<BBI")  # version, flags, first document number
_WIDE_IDS = 0x01
_WEIGHTS = 0x06  # two bits: which of the four weight layouts
_ONES, _SAME, _COUNTS, _FLOATS = 0x00, 0x02, 0x04, 0x06
_VALUES = 0x08
_WIDE_LENGTHS = 0x10
# Blocks of up to this many postings are packed without numpy (encode_block).
_SMALL = 16


def encode_block(ids: Any, weights: Any, values: list[bytes]) -> bytes:
    """A block's data in the layout above, before compression. Most blocks hold a rare
    word's one or two postings, where numpy's cost per call would be most of a build's
    writing: those are packed with the array module, the same bytes."""
    return (_encode_small if len(ids) <= _SMALL else _encode_arrays)(ids, weights, values)


def _encode_arrays(ids: Any, weights: Any, values: list[bytes]) -> bytes:
    numbers = np.asarray(ids, np.int64)
    deltas = np.diff(numbers)
    flags = _WIDE_IDS if len(deltas) and deltas.max() > 0xFFFF else 0
    parts = [b"", deltas.astype("<u4" if flags & _WIDE_IDS else "<u2").tobytes()]
    found = np.asarray(weights, np.float32)
    if (found == 1.0).all():
        flags |= _ONES
    elif (found == found[0]).all():
        flags |= _SAME
        parts.append(found[:1].astype("<f4").tobytes())
    elif (found == np.round(found)).all() and found.min() >= 0 and found.max() <= 0xFFFF:
        flags |= _COUNTS
        parts.append(found.astype("<u2").tobytes())
    else:
        flags |= _FLOATS
        parts.append(found.astype("<f4").tobytes())
    if values:
        lengths = np.fromiter(map(len, values), np.int64, len(values))
        flags |= _VALUES | (_WIDE_LENGTHS if lengths.max() > 0xFFFF else 0)
        parts += [struct.pack("<I", len(values)),
                  lengths.astype("<u4" if flags & _WIDE_LENGTHS else "<u2").tobytes(), b"".join(values)]
    parts[0] = OPENING.pack(VERSION, flags, int(numbers[0]))
    return b"".join(parts)


def _encode_small(ids: Any, weights: Any, values: list[bytes]) -> bytes:
    count = len(ids)
    deltas = [b - a for a, b in zip(ids, ids[1:])]
    flags = _WIDE_IDS if deltas and max(deltas) > 0xFFFF else 0
    parts = [b"", _little(array("I" if flags & _WIDE_IDS else "H", deltas))]
    found = array("f", weights)
    if found.count(1.0) == count:
        flags |= _ONES
    elif found.count(found[0]) == count:
        flags |= _SAME
        parts.append(struct.pack("<f", found[0]))
    elif all(w.is_integer() and 0 <= w <= 0xFFFF for w in found):
        flags |= _COUNTS
        parts.append(_little(array("H", map(int, found))))
    else:
        flags |= _FLOATS
        parts.append(_little(found))
    if values:
        lengths = list(map(len, values))
        flags |= _VALUES | (_WIDE_LENGTHS if max(lengths) > 0xFFFF else 0)
        parts += [struct.pack("<I", len(values)),
                  _little(array("I" if flags & _WIDE_LENGTHS else "H", lengths)), b"".join(values)]
    parts[0] = OPENING.pack(VERSION, flags, ids[0])
    return b"".join(parts)


def _little(packed: array) -> bytes:
    if sys.byteorder != "little":
        packed = array(packed.typecode, packed)
        packed.byteswap()
    return packed.tobytes()


def block_layout(data: Any, count: int) -> tuple[int, int]:
    """A block's flags, and where its weights start, from its data (of `count` postings)."""
    version, flags, _ = OPENING.unpack_from(data)
    if version != VERSION:  # a block written by a later newsdesk: never guess at it
        raise CorruptIndexError(f"a posting block of layout {version}; this newsdesk reads layout "
                                f"{VERSION}: rebuild the index with `newsdesk reindex --full`")
    return flags, OPENING.size + (4 if flags & _WIDE_IDS else 2) * (count - 1)


def block_deltas(data: Any, flags: int, count: int) -> np.ndarray:
    """The differences between a block's consecutive document numbers, as stored."""
    return np.frombuffer(data, "<u4" if flags & _WIDE_IDS else "<u2", count - 1, OPENING.size)


def block_ids(data: Any, count: int) -> tuple[np.ndarray, int, int]:
    """A block's document numbers, its flags, and where its weights start."""
    flags, at = block_layout(data, count)
    ids = np.empty(count, np.int64)
    ids[0] = OPENING.unpack_from(data)[2]
    np.cumsum(block_deltas(data, flags, count), out=ids[1:])
    ids[1:] += ids[0]
    return ids, flags, at


def block_values(data: Any, count: int) -> tuple[np.ndarray, bytes]:
    """A block's values, as their lengths and their bytes end to end."""
    _, _, lengths, start = block_parts(data, count)
    return lengths.astype(np.int64), bytes(data[start : start + int(lengths.sum())])


def block_parts(data: Any, count: int) -> tuple[int, np.ndarray, np.ndarray, int]:
    """A block's first document number, the differences to the next ones, its values'
    lengths (as stored; none without values) and where the first value starts (the values
    run end to end from there to the block's end), from one reading of its opening."""
    version, flags, first = OPENING.unpack_from(data)
    if version != VERSION:
        block_layout(data, count)  # raises the error naming the layout
    wide = flags & _WIDE_IDS
    deltas = np.frombuffer(data, "<u4" if wide else "<u2", count - 1, OPENING.size)
    at = OPENING.size + (4 if wide else 2) * (count - 1) + _weights_size(flags, count)
    if not flags & _VALUES:
        return first, deltas, np.empty(0, np.uint16), len(data)
    (many,) = struct.unpack_from("<I", data, at)
    wide = flags & _WIDE_LENGTHS
    return first, deltas, np.frombuffer(data, "<u4" if wide else "<u2", many, at + 4), at + 4 + (4 if wide else 2) * many


def block_weights(data: bytes, flags: int, at: int, count: int, converted: bool = True) -> np.ndarray:
    """The weights stored from `at`, as float64 (else as stored: uint16 or float32)."""
    layout = flags & _WEIGHTS
    if layout == _ONES:
        found = np.ones(count, np.uint16)
    elif layout == _SAME:
        found = np.full(count, np.frombuffer(data, "<f4", 1, at)[0], np.float32)
    else:
        found = np.frombuffer(data, "<u2" if layout == _COUNTS else "<f4", count, at)
    return found.astype(np.float64) if converted else found


def _weights_size(flags: int, count: int) -> int:
    """The bytes the weights take: what follows them starts that far on."""
    return (0, 4, 2 * count, 4 * count)[(flags & _WEIGHTS) >> 1]  # _ONES, _SAME, _COUNTS, _FLOATS
