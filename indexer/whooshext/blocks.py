"""Posting blocks laid out as arrays, so numpy reads a whole block in a few calls.

Whoosh's W3 codec writes each block of postings as one zlib-compressed pickle of
(document-number deltas, weights, values). Unpickling costs tens of microseconds a block
and turns every number into a Python object; a phrase at a million articles opens tens of
thousands of blocks. `NewsCodec` keeps W3's framing (the block length, the pickled
summary that skipping reads: count, last number, top weight, compression, length bytes)
and writes the data as packed arrays instead (indexer/blocklayout.py). Every segment
records the codec that wrote it (the table of contents pickles it by this module's path,
which must therefore never move), so old segments keep their pickled blocks and are read as
before; merging rewrites them in this layout.

A matcher skipping far ahead walks the blocks in the segment's map (`frames`,
indexer/whooshext/mapped.py) instead of reading each one's summary through Whoosh.

Relies on whoosh3 3.54.0 internals:
- `whoosh.codec.whoosh3`: the W3 codec and its settings `W3Codec._blocklimit`,
  `W3Codec._compression`, `W3Codec._inlinelimit`;
- `W3PostingsWriter._write_block` and its framing (the header magic before the first block,
  the length as an int, negative for the last block, the pickled summary, the data), and
  its block state: `W3PostingsWriter._ids`, `W3PostingsWriter._weights`,
  `W3PostingsWriter._values`, `W3PostingsWriter._maxweight`, `W3PostingsWriter._minlength`,
  `W3PostingsWriter._maxlength`, `W3PostingsWriter._blockcount`,
  `W3PostingsWriter._postfile`, `W3PostingsWriter._compression`,
  `W3PostingsWriter._terminfo`, `W3PostingsWriter._new_block`;
- `W3LeafMatcher`'s block state and steps: `W3LeafMatcher._ids`, `W3LeafMatcher._weights`,
  `W3LeafMatcher._values`, `W3LeafMatcher._blocklength`, `W3LeafMatcher._dataoffset`,
  `W3LeafMatcher._nextoffset`, `W3LeafMatcher._postfile`, `W3LeafMatcher._compression`,
  `W3LeafMatcher._fixedsize`, `W3LeafMatcher._i`, `W3LeafMatcher._maxid`,
  `W3LeafMatcher._read_ids`, `W3LeafMatcher._read_weights`, `W3LeafMatcher._read_values`,
  `W3LeafMatcher._skip_to_block`, `W3LeafMatcher._next_block`, `W3LeafMatcher._goto`,
  `W3LeafMatcher._atend`, `W3LeafMatcher._lastblock`;
- `whoosh.util.numeric`: `length_to_byte`, the byte a block's summary keeps a length as;
- `W3TermsReader._tindex`, `W3TermsReader._keycoder`: a segment's term dictionary, which
  `CachedTerms` reads through: one search asks a segment about each word a dozen times
  (is it there, its postings, its statistics, its positions), each a hash-table lookup.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from pickle import dumps
from typing import Any, Iterator

import numpy as np
from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
    W3TermsReader,
)
from whoosh.matching import ReadTooFar
from whoosh.reading import TermNotFound
from whoosh.util.numeric import length_to_byte

from indexer.blocklayout import OPENING, block_ids, block_values, block_weights, encode_block
from indexer.whooshext.mapped import frames

# Term infos a segment keeps (all dropped when full), ~400 bytes each: 20 MB over 100 segments.
TERM_INFOS_KEPT = 512


class NewsCodec(W3Codec):
    """Whoosh's W3 codec with posting blocks laid out as arrays (term vectors, which no
    newsdesk field keeps, stay pickled)."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        if byteids:
            return super().postings_writer(dbfile, byteids=True)
        return ArrayPostingsWriter(
            dbfile, blocklimit=self._blocklimit, compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def terms_reader(self, storage: Any, segment: Any) -> W3TermsReader:
        name = segment.make_filename(self.TERMS_EXT)
        return CachedTerms(self, storage.open_file(name), storage.file_length(name),
                           segment.open_file(storage, self.POSTS_EXT))

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None,
                        scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return ArrayBlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class CachedTerms(W3TermsReader):
    """W3's term dictionary of a segment, keeping the term infos it has looked up."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._infos: dict[tuple[str, bytes], W3TermInfo | None] = {}

    def _info(self, fieldname: str, tbytes: bytes) -> W3TermInfo | None:
        key = (fieldname, tbytes)
        try:
            return self._infos[key]
        except KeyError:
            pass
        try:
            info = W3TermInfo.from_bytes(self._tindex[self._keycoder(fieldname, tbytes)])
        except KeyError:
            info = None
        if len(self._infos) >= TERM_INFOS_KEPT:
            self._infos.clear()
        self._infos[key] = info
        return info

    def __contains__(self, term: Any) -> bool:
        return self._info(*term) is not None

    def _known(self, fieldname: str, tbytes: bytes) -> W3TermInfo:
        info = self._info(fieldname, tbytes)
        if info is None:
            raise KeyError((fieldname, tbytes))  # what Whoosh's readers take for a missing word
        return info

    def term_info(self, fieldname: str, tbytes: bytes) -> W3TermInfo:
        try:
            return self._known(fieldname, tbytes)
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        return self._known(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        return self._known(fieldname, tbytes).doc_frequency()


class ArrayPostingsWriter(W3PostingsWriter):
    """W3's postings writer, writing each block's data in the array layout."""

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = encode_block(self._ids, self._weights, self._values)
        compression = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if compression:
            data = zlib.compress(data, compression)
        summary = dumps((len(self._ids), self._ids[-1], self._maxweight, compression,
                         length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        length = len(summary) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(summary)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class BlockIds(W3LeafMatcher):
    """A W3 posting reader whose `all_ids` reads a block's numbers at once: Whoosh's
    Matcher.all_ids steps through every posting."""

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            if self._ids is None:
                self._read_ids()
            yield from self._ids[self._i :]
            self._i = self._blocklength
            self._next_block()


class ArrayBlockMatcher(BlockIds):
    """W3's posting reader for blocks in the array layout; `arrays()` and `packed_values()`
    hand a block to numpy without making a Python object per posting."""

    ARRAY_LAYOUT = True  # its blocks' data is laid out by indexer/blocklayout.py

    def arrays(self, weights: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """The current block's document numbers, and with `weights` its weights."""
        count = self._blocklength
        data = self._data_bytes(OPENING.size + 4 * count + (4 * count if weights else 0))
        ids, flags, at = block_ids(data, count)
        return ids, block_weights(data, flags, at, count) if weights else None

    def packed_values(self) -> tuple[np.ndarray, bytes]:
        """The current block's values as their lengths and their bytes end to end."""
        return block_values(self._data_bytes(), self._blocklength)

    def ids_and_values(self) -> tuple[np.ndarray, np.ndarray, bytes]:
        """`arrays()`'s document numbers and `packed_values()`, from one decompression."""
        data = self._data_bytes()
        return block_ids(data, self._blocklength)[0], *block_values(data, self._blocklength)

    def _data_bytes(self, want: int | None = None) -> bytes:
        """The block's data, decompressed (only its first `want` bytes, when given)."""
        length = self._nextoffset - self._dataoffset
        if not self._compression:
            return bytes(self._postfile.get(self._dataoffset, length if want is None else min(want, length)))
        raw = self._postfile.get(self._dataoffset, length)
        return zlib.decompress(raw) if want is None else zlib.decompressobj().decompress(raw, want)

    def _read_ids(self) -> None:
        self._ids = self.arrays(weights=False)[0].tolist()

    def _read_weights(self) -> None:
        self._weights = self.arrays(weights=True)[1].tolist()

    def _read_values(self) -> None:
        lengths, joined = self.packed_values()
        if self._fixedsize == 0:
            self._values = (None,) * self._blocklength
            return
        ends = np.cumsum(lengths).tolist()
        self._values = tuple(joined[start:end] for start, end in zip([0, *ends], ends))

    def skip_to(self, targetid: int) -> None:
        # Whoosh steps through a block posting by posting to reach the target: a binary
        # search here, since blocks are large (BLOCK_POSTINGS, indexer/whooshext/segments.py).
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        if targetid > self._maxid:
            self._skip_past(targetid)
            if not self.is_active():
                return
            if self._ids is None:
                self._read_ids()
        self._i = bisect_left(self._ids, targetid, self._i)
        if self._i == self._blocklength:
            self._next_block()

    def _skip_past(self, targetid: int) -> None:
        """Move to the first block that may hold `targetid` (past the end when none does):
        the blocks in between are walked in the map, not each read through `_goto`."""
        walk = None if self._lastblock else frames(self, self._nextoffset)
        if walk is None:
            self._skip_to_block(lambda: targetid > self._maxid)
            return
        for frame in walk:
            if frame.last >= targetid:
                self._goto(frame.start)
                return
        self._atend = True

