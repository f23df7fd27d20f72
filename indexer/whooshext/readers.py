"""Index readers whose posting lists decode a block's document numbers alone.

A Whoosh posting block is one zlib-compressed pickle of (document numbers, weights,
values), and Whoosh decodes all of it to learn the document numbers: for a title or body
word the values are the positions and character offsets of every occurrence, most of the
block. The matched set (indexer/search/matches.py) and the date-sorted page
(indexer/search/ordering.py) need only the numbers: unpacking the values was most of a
date-sorted search for a query never asked before. Here a block's numbers are read from
the start of its pickle, which only a little of the block needs decompressing for; so are
the weights when a hit is scored (indexer/whooshext/arrays.py reads both); the values are
decoded as Whoosh does, once a hit needs them (highlighting).

Relies on whoosh3 3.54.0 internals:
- `whoosh.codec.whoosh3`: the W3 codec's posting reader `W3LeafMatcher` and its block
  state: `W3LeafMatcher._read_ids`, `W3LeafMatcher._read_weights`,
  `W3LeafMatcher._weights`, `W3LeafMatcher._ids`, `W3LeafMatcher._data`, `W3LeafMatcher._byteids`,
  `W3LeafMatcher._blocklength`, `W3LeafMatcher._dataoffset`, `W3LeafMatcher._nextoffset`,
  `W3LeafMatcher._postfile`, `W3LeafMatcher._compression`, and the block layout they
  describe (a pickle of document numbers, weights, values).
"""

from __future__ import annotations

import re
import zlib
from itertools import accumulate
from pickle import loads
from time import sleep
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import TOC, FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader

from indexer.whooshext import arrays
from indexer.whooshext.blocks import BlockIds

# The document-number tuple that opens a block's pickle (protocol 2): MARK, one small
# integer per posting (1, 2 or 4 bytes after its opcode), TUPLE. Each opcode fixes the
# length of what follows, so the match ends at the real TUPLE, never at a data byte.
_IDS = re.compile(rb"\x80\x02\((?:K.|M..|J....)*t", re.S)


class IdsFirstMatcher(BlockIds):
    """Whoosh's posting reader, reading a block's document numbers without its values."""

    def _read_ids(self) -> None:
        if self._data is None and not self._byteids:
            ids = self._ids_alone()
            if ids is not None:
                self._ids = ids
                return
        super()._read_ids()

    def _read_weights(self) -> None:
        # Scoring a hit needs the weights, not the values: both read from the opening.
        if self._data is None and not self._byteids:
            opening = arrays.block_opening(self, weights=True)
            if opening is not None:
                self._weights = opening[1].tolist()
                return
        super()._read_weights()

    def _ids_alone(self) -> tuple[int, ...] | None:
        """The block's document numbers, or None where the block is not laid out as above
        (a block of three postings or fewer pickles its tuple without MARK)."""
        raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        count = self._blocklength
        head = zlib.decompressobj().decompress(raw, 4 + 5 * count) if self._compression else raw
        found = _IDS.match(head)
        if found is None:
            return None
        deltas = loads(found.group() + b".")
        return tuple(accumulate(deltas)) if len(deltas) == count else None


class IdsFirstCodec(W3Codec):
    """Whoosh's W3 codec (the only one our indexes are written with), with IdsFirstMatcher
    for posting lists that are not inlined in the term dictionary."""

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return IdsFirstMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def open_reader(ix: FileIndex) -> IndexReader:
    """What `ix.reader()` opens (one reader per segment of the latest commit), with the
    W3 segments read through IdsFirstCodec."""
    attempts = 10
    while True:
        try:
            return _open(ix)
        except OSError:
            # As Whoosh's own reader: a writer may have just deleted a file of the
            # commit read; the next commit's table of contents names what exists.
            attempts -= 1
            if attempts == 0:
                raise
            sleep(0.05)


def _open(ix: FileIndex) -> IndexReader:
    toc = TOC.read(ix.storage, ix.indexname)
    if not toc.segments:
        return EmptyReader(toc.schema)
    readers = [
        SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation, codec=_codec(segment))
        for segment in toc.segments
    ]
    return readers[0] if len(readers) == 1 else MultiReader(readers, generation=toc.generation)


def _codec(segment: Any) -> Any:
    codec = segment.codec()
    return IdsFirstCodec() if type(codec) is W3Codec else codec
