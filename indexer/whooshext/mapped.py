"""Reading compound segment files in place, from one memory map, instead of copying them;
and posting lists walked there, a block at a time.

Whoosh opens each part of a compound segment (terms, postings, every column) as a
BufferFile over a slice of the segment's memory map, and BufferFile wraps that slice in a
BytesIO, which copies it. So every reader held a private copy of the whole index: on the
37,554-article index, opening one took 135 ms and about 1 GB of memory, paid by each web
worker, by every reopen after a reindex and three times by every incremental reindex.

`MappedStorage` is Whoosh's FileStorage with one difference: a segment's parts are
memoryview slices of its map, read in place both by position and as a stream. Indexes on
disk are unchanged; only how newsdesk opens them differs. A page read through a map counts
in the process's memory (RSS) until the map is closed, so a reader that streams through
segments once (a merge) lets go of the pages it has read with `release_pages`.

Whoosh moves from one posting block to the next by seeking a file object, reading a length,
unpickling a summary from the stream and copying the block: about 20 microseconds a block
under cProfile, and a broad word at a million articles is thousands of blocks per field. `frames` walks the
blocks newsdesk lays out (indexer/blocklayout.py, `ARRAY_LAYOUT` matchers of
indexer/whooshext/blocks.py) where they lie in the map: a summary is unpickled from a view
and its size found by pickling it again (a tuple of numbers pickles to the bytes it was read
from), and a block's data is handed to numpy as a view. `whole_list` places a list's numbers
as steps and sums them once; `list_values` says where each posting's value lies.

Relies on whoosh3 3.54.0 internals:
- `FileStorage._fpath(name)`: the path of an index file;
- `StructFile._name`, `BufferFile._buf`: the name a file part reports, and the buffer a
  part reads from;
- `W3LeafMatcher._postfile`, `W3LeafMatcher._baseoffset`: a posting list's file, and where
  its first block starts in it; the W3 framing of a block (indexer/whooshext/blocks.py).
"""

from __future__ import annotations

import mmap
import struct
import sys
import weakref
import zlib
from pickle import dumps, loads
from typing import Any, Iterator, NamedTuple

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from indexer.blocklayout import OPENING, block_deltas, block_layout, block_parts, block_weights

_COMPOUND_EXT = ".seg"
_PEEK = 256


class MappedStorage(FileStorage):
    """A folder of index files whose compound segments are read in place."""

    def __init__(self, folder: str, *, populate: bool = False) -> None:
        # Whoosh maps a compound file itself only when the storage says it supports
        # mmap; otherwise it asks the opened file for `subset`s, which is where the
        # in-place parts come from.
        super().__init__(folder, supports_mmap=False)
        self._maps: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()
        self.populate = populate

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        if name.endswith(_COMPOUND_EXT):
            segment = _MappedSegment(self._fpath(name), name=name)
            if self.populate:
                _populate(segment._map)
            self._maps.add(segment._map)
            return segment
        return super().open_file(name, **kwargs)

    def release_pages(self) -> None:
        """Take the pages read so far out of this process's memory: they stay in the
        system's page cache, and a later read maps them again from there. Without it, a
        merge of a million articles held the whole of the segments it read (a gigabyte a
        worker) in its resident memory until it finished."""
        if not hasattr(mmap, "MADV_DONTNEED"):  # not on Windows: the pages stay
            return
        for mapped in list(self._maps):
            if not mapped.closed:
                mapped.madvise(mmap.MADV_DONTNEED)


# Linux 5.14's madvise(MADV_POPULATE_READ), which Python names from 3.12 on.
_POPULATE_READ = getattr(mmap, "MADV_POPULATE_READ", 22 if sys.platform == "linux" else None)


def _populate(mapped: mmap.mmap) -> None:
    """Map every page of `mapped` into this process now. A segment whose pages the page
    cache holds (`newsdesk serve` reads the index first) is still mapped page by page as a
    process first touches them: the first search of a word in a new worker paid for it, a
    million-article page 1.1-1.9x as long per kind (broad word 111 against 84 ms at the
    median, phrase 163 against 88). Where the kernel cannot, pages are mapped as they are touched."""
    if _POPULATE_READ is None:
        return
    try:
        mapped.madvise(_POPULATE_READ)
    except OSError:
        pass  # a kernel before 5.14


class _MappedSegment(StructFile):
    """A compound segment file, mapped whole: read as a stream for its directory, then
    cut into parts. The file handle is closed at once; the map keeps what it needs."""

    def __init__(self, path: str, name: str) -> None:
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        super().__init__(_Stream(self._map, 0, len(self._map)), name=name)

    def subset(self, position: int, length: int, name: str | None = None) -> StructFile:
        return _InPlace(self._map, position, length, name=name or self._name)

    def close(self) -> None:
        super().close()
        try:
            self._map.close()
        except BufferError:
            pass  # a part is still open; the map is freed with the last of them


class _InPlace(BufferFile):
    """A part of a mapped segment: random reads (`get`) and stream reads (Whoosh reads
    headers and pickles that way) both straight from the map."""

    def __init__(self, source: mmap.mmap, start: int, length: int, name: str | None = None) -> None:
        self._buf = memoryview(source)[start : start + length]
        self._name = name
        self.file = _Stream(source, start, length)
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def close(self) -> None:
        if self.is_closed:
            return
        buf, self._buf = self._buf, None
        self.file = None
        try:
            buf.release()
        except (ValueError, BufferError):
            pass  # still exported by a slice handed out earlier
        self.is_closed = True


class _Stream:
    """The read side of a BytesIO over one part of a map, without copying the part first."""

    def __init__(self, source: mmap.mmap | bytes, start: int, length: int) -> None:
        self._source = source
        self._start = start
        self._end = start + length
        self._position = start

    def read(self, size: int = -1) -> bytes:
        begin = self._position
        end = self._end if size is None or size < 0 else min(self._end, begin + size)
        self._position = max(begin, end)
        return self._source[begin:end]

    def peek(self, size: int = 0) -> bytes:
        """Some of what read would return next, without moving on: pickle reads ahead with
        it instead of calling read once per opcode (and asks for far more than a header
        holds, so less is given)."""
        return self._source[self._position : min(self._end, self._position + _PEEK)]

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int = -1) -> bytes:
        limit = self._end if size is None or size < 0 else min(self._end, self._position + size)
        cut = self._source.find(b"\n", self._position, limit)
        return self.read((limit if cut < 0 else cut + 1) - self._position)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (self._start, self._position, self._end)[whence]
        self._position = max(self._start, base + offset)
        return self._position - self._start

    def tell(self) -> int:
        return self._position - self._start

    def close(self) -> None:
        self._source = b""
        self._start = self._end = self._position = 0


# Posting lists walked where they lie in a segment's map.
_LENGTH = struct.Struct("!i")  # a frame's length, negative for a list's last block
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
    last, or None when the list is not in newsdesk's layout or not read from a map."""
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
    (a cumulative sum per block took 2.5 times one over the list): each block's
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
    chosen = list(walk)
    if any(frame.offset < 0 for frame in chosen):
        return None
    if within is not None:  # the blocks holding a number of `within`: past the last before
        ends = np.searchsorted(within, [frame.last for frame in chosen], side="right")
        chosen = [frame for frame, new in zip(chosen, np.diff(ends, prepend=0) > 0) if new]
    total = sum(frame.count for frame in chosen)
    numbers, starts, lengths = (np.empty(total, np.int64) for _ in range(3))
    place = previous = previous_start = 0  # the last number and value start placed
    for frame in chosen:
        first, deltas, found, at = block_parts(frame.data, frame.count)
        if len(found) != frame.count:
            return None  # a list without values
        end = place + frame.count
        numbers[place] = first - previous
        numbers[place + 1 : end] = deltas
        lengths[place:end] = found
        # A value starts where the one before it ended; a block's first, at its values,
        # and its last runs to the block's end.
        starts[place] = frame.offset + at - previous_start
        starts[place + 1 : end] = found[:-1]
        place, previous, previous_start = end, frame.last, frame.end - int(found[-1])
    np.cumsum(numbers, out=numbers)
    np.cumsum(starts, out=starts)
    return Values(numbers, starts, lengths, chosen[0].source if chosen else b"")


def segment_file(reader: Any, ext: str) -> Any | None:
    """The bytes of a segment reader's file of extension `ext` (inside its compound file or
    beside it), in place where the part is mapped; None when the segment has no such file."""
    segment, storage = reader.segment(), reader.storage()
    if segment is None or storage is None or not storage.file_exists(segment.make_filename(ext)):
        return None
    part = segment.open_file(storage, ext)
    memory = getattr(part, "_buf", None)
    return memory if memory is not None else part.read()
