"""Reading compound segment files in place, from one memory map, instead of copying them.

Whoosh opens each part of a compound segment (terms, postings, every column) as a
BufferFile over a slice of the segment's memory map, and BufferFile wraps that slice in a
BytesIO, which copies it. So every reader held a private copy of the whole index: on the
37,554-article index, opening one took 135 ms and about 1 GB of memory, paid by each web
worker, by every reopen after a reindex and three times by every incremental reindex.

`MappedStorage` is Whoosh's FileStorage with one difference: a segment's parts are
memoryview slices of its map, read in place both by position and as a stream. Indexes on
disk are unchanged; only how newsdesk opens them differs.

Relies on whoosh3 3.54.0 internals:
- `FileStorage._fpath(name)`: the path of an index file;
- `StructFile._name`, `BufferFile._buf`: the name a file part reports, and the buffer a
  part reads from.
"""

from __future__ import annotations

import mmap
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

_COMPOUND_EXT = ".seg"
_PEEK = 256


class MappedStorage(FileStorage):
    """A folder of index files whose compound segments are read in place."""

    def __init__(self, folder: str) -> None:
        # Whoosh maps a compound file itself only when the storage says it supports
        # mmap; otherwise it asks the opened file for `subset`s, which is where the
        # in-place parts come from.
        super().__init__(folder, supports_mmap=False)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        if name.endswith(_COMPOUND_EXT):
            return _MappedSegment(self._fpath(name), name=name)
        return super().open_file(name, **kwargs)


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


def segment_file(reader: Any, ext: str) -> Any | None:
    """The bytes of a segment reader's file of extension `ext` (inside its compound file or
    beside it), in place where the part is mapped; None when the segment has no such file."""
    segment, storage = reader.segment(), reader.storage()
    if segment is None or storage is None or not storage.file_exists(segment.make_filename(ext)):
        return None
    part = segment.open_file(storage, ext)
    memory = getattr(part, "_buf", None)
    return memory if memory is not None else part.read()
