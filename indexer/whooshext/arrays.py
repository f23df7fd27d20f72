"""Posting lists and field lengths as numpy arrays, for counting and scoring whole matched sets.

Blocks laid out as arrays (indexer/whooshext/blocks.py, every segment newsdesk writes now)
are handed over by their reader. Older segments hold Whoosh's pickled blocks, read here:
a Whoosh posting block is one zlib-compressed pickle (protocol 2) of (document-number
deltas, weights, values). Stepping a matcher through it costs about a microsecond a
posting in Python; a broad word at a million articles has hundreds of thousands. Here
each block's opening is decompressed alone (the values, positions mostly, stay packed)
and its two leading pickled sequences are read as numpy arrays: a run of one-byte
integers (opcode K) and a run of 8-byte big-endian floats (opcode G) have fixed strides.
A block laid out otherwise (a gap of 256 articles or more, three postings or fewer) is decoded
by Whoosh's own reader: same numbers, slower.

Relies on whoosh3 3.54.0 internals:
- `whoosh.codec.whoosh3`: the posting reader `W3LeafMatcher` and its block state:
  `W3LeafMatcher._atend`, `W3LeafMatcher._lastblock`, `W3LeafMatcher._goto`,
  `W3LeafMatcher._nextoffset`, `W3LeafMatcher._dataoffset`, `W3LeafMatcher._postfile`,
  `W3LeafMatcher._compression`, `W3LeafMatcher._blocklength`, `W3LeafMatcher._read_ids`,
  `W3LeafMatcher._read_weights`, `W3LeafMatcher._ids`, `W3LeafMatcher._weights`,
  `W3LeafMatcher._byteids`, `W3LeafMatcher._read_values`, `W3LeafMatcher._values`,
  `W3LeafMatcher._data` (the whole block once read: number deltas, weights, values),
  and the block layout described above;
- `FilterMatcher.child`: the posting reader under a segment's deleted-articles filter;
- `SegmentReader._perdoc`: the per-article reader; `W3PerDocReader._cached_reader` gives
  a field's lengths column (named as whoosh3's _lenfield names it), a `NumericColumn` of
  one byte per article (`NumericColumn._fixedlen`, `NumericColumn._count`: how many it
  holds), read whole with indexer/whooshext/columns.py;
- `whoosh.util.numeric`: `byte_to_length`, the length each byte stands for;
- `SegmentReader._terms`: the term dictionary, whose `matcher` gives a word's list unfiltered by
  the deleted articles (held_among).
"""

from __future__ import annotations

import zlib
from typing import Any, Callable, Iterator

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.matching import FilterMatcher
from whoosh.util.numeric import byte_to_length

from indexer.blocklayout import block_ids, block_values
from indexer.kept import index_data
from indexer.whooshext.blocks import ArrayBlockMatcher
from indexer.whooshext.columns import column_bytes
from indexer.whooshext.mapped import Values, frames, list_values, whole_list

_K, _M, _J, _G = ord("K"), ord("M"), ord("J"), ord("G")
_MARK, _TUPLE, _BINPUT, _NONE = ord("("), ord("t"), ord("q"), ord("N")
# A block's pickle opens with PROTO 2 and MARK; the deltas, TUPLE and BINPUT follow.
_HEAD = 3


def postings(reader: Any, field: str, text: bytes, *, weights: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """The document numbers (sorted, of this segment reader) holding `text` in `field`, and
    with `weights` their weights (the word's count times the field's boost); empty arrays
    when the word is not there. Deleted articles may be among them (Whoosh's filter of
    deleted articles has stepped past those that open the list): callers leave them out."""
    matcher = list_matcher(reader, field, text)
    if matcher is None:
        return np.empty(0, np.int64), np.empty(0, np.float64) if weights else None
    ids: list[np.ndarray] = []
    found: list[np.ndarray] = []
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        while matcher.is_active():  # a list inlined in the term dictionary: a posting or two
            ids.append(np.array([matcher.id()], np.int64))
            found.append(np.array([matcher.weight()], np.float64))
            matcher.next()
    elif (whole := whole_list(matcher, weights)) is not None:
        return whole
    else:
        while not matcher._atend:
            block_ids, block_weights = _block(matcher, weights)
            ids.append(block_ids)
            found.append(block_weights)
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.float64) if weights else None
    return np.concatenate(ids), np.concatenate(found) if weights else None


# Values (each a posting's positions, packed by the field's format) given as their lengths
# and their bytes end to end -> how many positions each holds, and all of them in order.
DecodeJoined = Callable[[np.ndarray, bytes], tuple[np.ndarray, np.ndarray]]


def positions(reader: Any, field: str, text: bytes, docs: np.ndarray, decode_joined: DecodeJoined,
              placed: Values | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Where `text` occurs in the articles `docs` (sorted document numbers of this segment
    reader): an article's number for each position, and the positions. A block none of
    `docs` can be in (from its last article, in the block's header) is not opened; in the
    others only the values of `docs` are gathered, and all are decoded at once. `placed`:
    the word's whole list as `list_values` placed it, when it was read already."""
    matcher = None if placed is not None or not len(docs) else list_matcher(reader, field, text)
    if placed is None and matcher is None:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    placed = placed or list_values(matcher, docs)
    if placed is not None:
        wanted = np.flatnonzero(among(placed.ids, docs))
        ids, starts, lengths = placed.ids[wanted], placed.starts[wanted], placed.lengths[wanted]
        joined = _gathered(placed.source, starts, lengths)
    else:
        ids, lengths, joined = _values_read(matcher, docs)
    if not len(ids):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    counts, found = decode_joined(lengths, joined)
    return np.repeat(ids, counts), found


def list_matcher(reader: Any, field: str, text: bytes) -> Any | None:
    """The posting reader of a word's list (not its deleted articles' filter); None if absent."""
    if (field, text) not in reader:
        return None
    matcher = reader.postings(field, text)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _values_read(matcher: Any, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, bytes]:
    """`positions`' postings of `docs` and their values, from a list read through Whoosh:
    inlined in the term dictionary, pickled, or compressed."""
    kept: list[tuple[np.ndarray, np.ndarray, bytes]] = []
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        while matcher.is_active():  # inlined in the term dictionary: a posting or two
            if matcher.id() in docs:
                value = matcher.value()
                kept.append((np.array([matcher.id()], np.int64), np.array([len(value)]), value))
            matcher.next()
        matcher = None
    after = 0  # docs[:after] lie before the current block
    while matcher is not None and not matcher._atend:
        until = int(np.searchsorted(docs, matcher.block_max_id(), side="right"))
        if until > after:
            ids, lengths, joined = _block_values(matcher)
            wanted = among(ids, docs[after:until])
            starts = (np.cumsum(lengths) - lengths)[wanted]
            kept.append((ids[wanted], lengths[wanted], _gathered(joined, starts, lengths[wanted])))
            after = until
        if matcher._lastblock or after == len(docs):
            break
        matcher._goto(matcher._nextoffset)
    if not kept:
        return np.empty(0, np.int64), np.empty(0, np.int64), b""
    ids, lengths, joined = zip(*kept, strict=True)
    return np.concatenate(ids), np.concatenate(lengths), b"".join(joined)


def among(values: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Which of `values` are in `docs` (document numbers, of a segment or of an index):
    each looked up in a mask of `docs`, where `numpy.isin` sorts both together (three
    times as long for 630,000 numbers among 100,000 at a million articles)."""
    if not len(values) or not len(docs):
        return np.zeros(len(values), bool)
    marked = np.zeros(max(int(values.max()), int(docs.max())) + 1, bool)
    marked[docs] = True
    return marked[values]


def _gathered(source: Any, starts: np.ndarray, lengths: np.ndarray) -> bytes:
    """The values of `source` (bytes) that start at `starts` and are `lengths` long, end to
    end: read as 2-byte units when every start and length is even (half the indexes)."""
    unit = 1 if ((starts | lengths) & 1).any() else 2
    units = np.frombuffer(source, np.uint8 if unit == 1 else np.uint16, len(source) // unit)
    starts, lengths = starts // unit, lengths // unit
    # Each unit's place in `source`: its place in the output, shifted by its value's offset.
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return units[np.arange(int(lengths.sum())) + shift].tobytes()


def values(reader: Any, field: str, text: bytes) -> tuple[np.ndarray, np.ndarray, bytes]:
    """A word's postings with their values: document numbers (deleted ones may be among
    them), the length of each value, and the values end to end."""
    matcher = list_matcher(reader, field, text)
    ids: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    joined: list[bytes] = []
    if matcher is not None and (not isinstance(matcher, W3LeafMatcher) or matcher._byteids):
        while matcher.is_active():  # inlined in the term dictionary: a posting or two
            value = matcher.value() or b""
            ids.append(np.array([matcher.id()], np.int64))
            lengths.append(np.array([len(value)], np.int64))
            joined.append(value)
            matcher.next()
        matcher = None
    for numbers, block_lengths, block_joined in _value_blocks(matcher) if matcher is not None else ():
        ids.append(numbers)
        lengths.append(block_lengths)
        joined.append(block_joined)
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.int64), b""
    return np.concatenate(ids), np.concatenate(lengths), b"".join(joined)


def _value_blocks(matcher: W3LeafMatcher) -> Iterator[tuple[np.ndarray, np.ndarray, bytes]]:
    """Each block of a list: its document numbers, and its values as lengths and bytes."""
    walk = frames(matcher)
    if walk is not None:
        for frame in walk:
            yield block_ids(frame.data, frame.count)[0], *block_values(frame.data, frame.count)
        return
    while not matcher._atend:
        yield _block_values(matcher)
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def _block_values(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray, bytes]:
    """The current block's document numbers, and its values as lengths and bytes."""
    if isinstance(matcher, ArrayBlockMatcher):
        return matcher.ids_and_values()
    matcher._read_values()  # a pickled block, decoded whole: numbers, weights, values
    ids = np.cumsum(np.array(matcher._data[0], np.int64))  # the first, then deltas
    values = matcher._values
    return ids, np.fromiter(map(len, values), np.int64, len(values)), b"".join(values)


def _block(matcher: W3LeafMatcher, weights: bool) -> tuple[np.ndarray, np.ndarray | None]:
    if isinstance(matcher, ArrayBlockMatcher):
        return matcher.arrays(weights)
    read = block_opening(matcher, weights)
    if read is not None:
        return read
    matcher._read_ids()
    ids = np.array(matcher._ids, np.int64)
    if not weights:
        return ids, None
    matcher._read_weights()
    return ids, np.array(matcher._weights, np.float64)


def block_opening(matcher: W3LeafMatcher, weights: bool) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The current block's document numbers (and with `weights` its weights) read from
    the opening of its pickle, or None for a block laid out otherwise."""
    count = matcher._blocklength
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    # The deltas take 2 bytes each when all are small, the weights 9 each, plus a few opcodes.
    want = _HEAD + 2 * count + 6 + (1 + 9 * count + 1 if weights else 0)
    head = zlib.decompressobj().decompress(raw, want) if matcher._compression else raw[:want]
    data = np.frombuffer(head, np.uint8)
    # The first number is the block's first document number, the rest are deltas from it.
    first, start = _first_number(data, count)
    end = start + 2 * (count - 1)
    if first is not None and len(data) >= end + 3 and data[end] == _TUPLE:
        deltas = data[start:end].reshape(count - 1, 2)
        if (deltas[:, 0] == _K).all():
            ids = np.empty(count, np.int64)
            ids[0] = first
            np.cumsum(deltas[:, 1], out=ids[1:])
            ids[1:] += first
            at = end + 1 + (2 if data[end + 1] == _BINPUT else 0)
            found = _block_weights(data, at, count) if weights else None
            if not weights or found is not None:
                return ids, found
    return None


def _first_number(data: np.ndarray, count: int) -> tuple[int | None, int]:
    """The block's first document number (opcode K, M or J: 1, 2 or 4 bytes, little-endian)
    and where the deltas start; None for a block not laid out as expected."""
    if count <= 3 or len(data) < _HEAD + 5 or data[_HEAD - 1] != _MARK:
        return None, 0
    size = {_K: 1, _M: 2, _J: 4}.get(int(data[_HEAD]), 0)
    if not size:
        return None, 0
    return int.from_bytes(data[_HEAD + 1 : _HEAD + 1 + size].tobytes(), "little"), _HEAD + 1 + size


def _block_weights(data: np.ndarray, at: int, count: int) -> np.ndarray | None:
    """The block's weights, pickled from `at`: None (every weight 1), one float for all,
    or MARK and one 8-byte float each; None when laid out otherwise."""
    if at >= len(data):
        return None
    if data[at] == _NONE:
        return np.ones(count, np.float64)
    if data[at] == _G and at + 9 <= len(data):
        return np.full(count, data[at + 1 : at + 9].view(">f8")[0], np.float64)
    stop = at + 1 + 9 * count
    if data[at] == _MARK and stop <= len(data):
        floats = data[at + 1 : stop].reshape(count, 9)
        if (floats[:, 0] == _G).all():
            return np.ascontiguousarray(floats[:, 1:]).view(">f8").ravel().astype(np.float64)
    return None


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: `numpy.unique` without the hash table numpy 2.3+ builds
    first, which took 200 ms for half a million document numbers where sorting takes 3.
    Values already in order (positions read article by article) are not sorted again:
    checking the order costs a thirtieth of sorting a million."""
    if len(values) < 2:
        return values
    if not (values[1:] >= values[:-1]).all():
        values = np.sort(values)
    keep = np.empty(len(values), bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def field_lengths(reader: Any, field: str) -> np.ndarray:
    """The length Whoosh scores each article of this segment reader by, in `field` (1
    where the article has none), kept while the reader lives: read from the segment's
    lengths column as one array of bytes (Whoosh's accessor took 50 ms a field for a
    10,000-article segment, seconds for a new reader of a million articles)."""
    def read() -> np.ndarray:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        if column is not None and not (isinstance(column, NumericColumn.Reader) and column._fixedlen == 1):
            length = reader._perdoc.doc_field_length_reader(field, 1)  # not the layout known here
            return np.fromiter((length(doc) or 1 for doc in range(count)), np.float64, count)
        codes = np.zeros(count, np.uint8)  # past the column's end: no length
        if column is not None:
            written = min(count, column._count)
            codes[:written] = column_bytes(column, written)
        return _SCORED_LENGTHS[codes]

    return index_data(reader, ("lengths", field), read)


# What each length byte stands for; 1 for an article without the field (byte 0).
_SCORED_LENGTHS = np.array([byte_to_length(code) or 1 for code in range(256)], np.float64)


def deleted(reader: Any) -> np.ndarray:
    """The deleted document numbers of a segment reader, sorted."""
    if not reader.has_deletions():
        return np.empty(0, np.int64)
    return np.array(sorted(reader.deleted_docs_set), np.int64)



def held_among(reader: Any, field: str, text: bytes, docs: np.ndarray) -> int:
    """How many of the sorted document numbers `docs` (a few: a segment's deleted articles)
    hold `text` in `field`: each looked for in the word's list, skipping the blocks before it
    by their last number, so a long list costs a block or so per article, not its length."""
    if (field, text) not in reader:
        return 0
    # The list as written, deleted articles included (`postings` filters them out).
    matcher = reader._terms.matcher(field, text, reader.schema[field].format)
    held = 0
    for doc in docs.tolist():
        if not matcher.is_active():
            break
        matcher.skip_to(doc)
        held += matcher.is_active() and matcher.id() == doc
    return held
