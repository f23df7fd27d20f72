"""Posting lists in the array layout walked in the memory map itself, a block at a time.

Whoosh moves from block to block by seeking a file object, reading the block's length,
unpickling its summary from the stream and copying the block's bytes: about 20
microseconds a block, and a broad word at a million articles is thousands of blocks per
field. Here the frames (indexer/whooshext/blocks.py: the length, the pickled summary, the
data) are read where they lie in the segment's map: the summary is unpickled from a view
and its size found by pickling it again (a tuple of numbers pickles to the bytes it was
read from), and a block's data is handed to numpy as a view, not a copy.

The lists read this way are those `NewsCodec` wrote (matchers with `ARRAY_LAYOUT`) in a
file read from a map (`BufferFile._buf`, indexer/whooshext/mapped.py); callers read any
other list block by block through Whoosh. Relies on whoosh3 3.54.0's `W3LeafMatcher`
(`_postfile`, `_baseoffset`: where a list's first block starts in its file) and on the
framing named in indexer/whooshext/blocks.py.
"""

from __future__ import annotations

import zlib
from pickle import dumps, loads
from struct import Struct
from typing import Any, Iterator, NamedTuple

import numpy as np

from indexer.whooshext.layout import OPENING, block_deltas, block_layout, block_weights, value_lengths

_LENGTH = Struct("!i")  # a frame's length, negative for a list's last block
_SUMMARY_MOST = 64  # a summary pickles six numbers: 40 bytes at most


class Frame(NamedTuple):
    """One block: how many postings, its last document number, its data alone (decompressed),
    where it starts and the next starts in the file, and where its data lies in the file's
    buffer `source` (-1 when it was decompressed)."""

    count: int
    last: int
    data: Any
    start: int
    end: int
    offset: int
    source: Any


def frames(matcher: Any, start: int | None = None) -> Iterator[Frame] | None:
    """The blocks of a matcher's list from the one at `start` (the first when None) to the
    last, or None when the list is not read this way (see above)."""
    buf = getattr(matcher._postfile, "_buf", None)
    if buf is None or not getattr(matcher, "ARRAY_LAYOUT", False):
        return None
    return _walk(buf, matcher._baseoffset if start is None else start)


def _walk(buf: Any, position: int) -> Iterator[Frame]:
    while True:
        (length,) = _LENGTH.unpack_from(buf, position)
        begin = position + _LENGTH.size
        summary = loads(buf[begin : begin + _SUMMARY_MOST])
        count, last, _, compression = summary[:4]
        at = begin + len(dumps(summary, 2))
        end = begin + abs(length)
        if compression:
            yield Frame(count, last, zlib.decompress(buf[at:end]), position, end, -1, buf)
        else:
            yield Frame(count, last, buf[at:end], position, end, at, buf)
        if length < 0:
            return
        position = end


def whole_list(matcher: Any, weights: bool = True) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Every document number of the matcher's list and, with `weights`, their weights; None
    when the list is not read this way. numpy's calls are what cost at a million postings
    (a cumulative sum per block took three times one over the list): each block's
    differences are copied into place, its first number as the step from the block before,
    and the list is summed once; the weights are joined, then converted once."""
    walk = frames(matcher)
    if walk is None:
        return None
    blocks = list(walk)
    numbers = np.empty(sum(frame.count for frame in blocks), np.int64)
    found: list[np.ndarray] = []
    place = previous = 0
    for frame in blocks:
        flags, at = block_layout(frame.data, frame.count)
        numbers[place] = OPENING.unpack_from(frame.data)[2] - previous
        numbers[place + 1 : place + frame.count] = block_deltas(frame.data, flags, frame.count)
        if weights:
            found.append(block_weights(frame.data, flags, at, frame.count, converted=False))
        place += frame.count
        previous = frame.last
    np.cumsum(numbers, out=numbers)
    return numbers, (np.concatenate(found).astype(np.float64) if weights else None)


class Values(NamedTuple):
    """Postings with where their values lie: `source[starts[i] : starts[i] + lengths[i]]`."""

    ids: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray
    source: Any


def list_values(matcher: Any, within: np.ndarray | None = None) -> Values | None:
    """The postings of the matcher's list, in the blocks that may hold one of `within`
    (sorted document numbers; every block when None), with where their values lie in the
    map; None when the list is not read this way, or a block was compressed. As in
    `whole_list`, numbers and value offsets are placed as steps and summed once."""
    walk = frames(matcher)
    if walk is None:
        return None
    chosen = []
    after = 0  # within[:after] lie before the current block
    for frame in walk:
        if frame.offset < 0:
            return None
        if within is not None:
            until = int(np.searchsorted(within, frame.last, side="right"))
            if until == after:
                continue
            after = until
        chosen.append(frame)
        if within is not None and after == len(within):
            break
    total = sum(frame.count for frame in chosen)
    numbers, starts, lengths = (np.empty(total, np.int64) for _ in range(3))
    place = previous = previous_start = 0  # the last number and value start placed
    for frame in chosen:
        flags, _ = block_layout(frame.data, frame.count)
        end = place + frame.count
        numbers[place] = OPENING.unpack_from(frame.data)[2] - previous
        numbers[place + 1 : end] = block_deltas(frame.data, flags, frame.count)
        found, at = value_lengths(frame.data, frame.count)
        if len(found) != frame.count:
            return None  # a list without values
        lengths[place:end] = found
        # A value starts where the one before it ended; a block's first, at its values,
        # and its last runs to the block's end.
        starts[place] = frame.offset + at - previous_start
        starts[place + 1 : end] = found[:-1]
        place, previous, previous_start = end, frame.last, frame.end - int(found[-1])
    np.cumsum(numbers, out=numbers)
    np.cumsum(starts, out=starts)
    return Values(numbers, starts, lengths, chosen[0].source if chosen else b"")
