"""Writing segments: `TermWriter`, Whoosh's SegmentWriter with its postings gathered per term
in memory (indexer/whooshext/termpool.py) and an article's words added a field at a time,
and the steps of a commit taken one by one for parallel builds.

Relies on whoosh3 3.54.0 internals:
- `whoosh.codec.whoosh3`: `W3Codec`, the codec ours extends;
- `SegmentWriter._check_state`, `SegmentWriter._check_fields`, `SegmentWriter._added`:
  steps of `SegmentWriter.add_document`, which `TermWriter.add_document` takes in order;
- `SegmentWriter._flush_segment`, `SegmentWriter._close_segment`,
  `SegmentWriter._finalize_segment`, `SegmentWriter._commit_toc`, `SegmentWriter._finish`:
  the steps of Whoosh's commit, taken one by one; `SegmentWriter._lk`, the argument that
  makes a writer take the index's lock;
- `merge_segments` reads a posting list a block at a time: `W3LeafMatcher._atend`, `W3LeafMatcher._lastblock`,
  `W3LeafMatcher._goto`, `W3LeafMatcher._nextoffset`, `W3LeafMatcher._fixedsize` (0: a format without values),
  `W3LeafMatcher._blocklength`; and sets each field's total length, `W3PerDocWriter._fieldlengths`.
"""

from __future__ import annotations

import heapq
from itertools import groupby, repeat
from operator import itemgetter
from typing import Any, Callable, Iterator

import numpy as np
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import Index
from whoosh.matching import FilterMatcher
from whoosh.writing import SegmentWriter

from indexer.blocklayout import block_ids, block_values, block_weights
from indexer.whooshext.arrays import deleted, values
from indexer.whooshext.blocks import ArrayBlockMatcher, NewsCodec
from indexer.whooshext.termpool import Lengths, TermPool, _pair_postings, _Postings, pairs_mark, write_terms

# zlib level of posting blocks: none. Whoosh's default is 3; a block records its level, and
# any level reads back the same. Decompressing was most of reading a common word's postings:
# at 40,000 articles, optimized, uncompressed blocks made matching and ranking a broad word
# 0.32x as long, two words 0.60x, a phrase 0.74x, for an index 1.26x as large (440 MB
# against 350 MB; about 1.2x SQLite FTS5's size rather than 0.93x).
COMPRESSION = 0
# Postings per block (Whoosh's default is 128). With blocks read as arrays, opening a block
# costs about the same whatever its size: at 40,000 articles blocks of 512 made the phrase
# page 0.71x as long as 128 did, other kinds 0.82-0.98x; 1024 was no better than 512.
BLOCK_POSTINGS = 512


def news_codec(compression: int = COMPRESSION) -> W3Codec:
    """The codec every segment we write uses: Whoosh's W3 with blocks laid out as arrays
    (indexer/whooshext/blocks.py) and our compression level."""
    return NewsCodec(blocklimit=BLOCK_POSTINGS, compression=compression)


class TermWriter(SegmentWriter):
    """A SegmentWriter whose postings go through a TermPool, and whose commit writes them
    a term at a time and reads each field's document lengths once, not once per posting."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", news_codec())
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool = TermPool()
        # Fields whose extras (vectors, separate spelling words) only Whoosh's path writes.
        self._whoosh_only = {name for name, field in self.schema.items()
                             if field.vector or field.separate_spelling()}
        # Files kept beside a segment's postings, by source field (indexer/schema/held.py).
        self.held = {field.source: field.held_collector() for field in self.schema
                     if getattr(field, "held_collector", None) is not None}

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `SegmentWriter.add_document`, but a field whose format reads an article's
        terms with their positions at once (`term_positions`, indexer/schema/postings.py)
        adds them to the pool in one call: the posting-by-posting path of tuples and
        generators was a quarter of a build. A value to store other than the one indexed
        (`_stored_<field>`) is stored, as Whoosh does; boosts given with the document,
        vectors and spelling fields take Whoosh's own path."""
        schema = self.schema
        if any((name.startswith("_") and not name.startswith("_stored_")) or name in self._whoosh_only
               for name in fields):
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter, docnum, add_post = self.perdocwriter, self.docnum, self.pool.add
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    read = getattr(field.format, "term_positions", None)
                    found = read(value, field.analyzer) if read is not None else None
                    if found is not None:
                        length = self.pool.add_positions(
                            fieldname, docnum, found, field.format.field_boost, field.format.encode)
                        if not field.scorable:
                            length = 0
                    else:
                        for text, freq, weight, encoded in field.index(value):
                            if field.scorable:
                                length += freq
                            add_post((fieldname, text, docnum, weight, encoded))
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except ValueError:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def write_per_doc(self, fieldnames: set[str], reader: Any) -> dict[int, int] | None:
        """Whoosh's copy of a merged segment's articles, each field's total length carried
        over as the segment kept it (Whoosh adds the stored lengths, a rounded byte each: 2,182
        body words against 2,136 built, the samples); a deleted article's stored length is taken off."""
        totals = self.perdocwriter._fieldlengths
        before = dict(totals)
        docmap = super().write_per_doc(fieldnames, reader)
        dropped = deleted(reader).tolist()
        for fieldname in (name for name in fieldnames if self.schema[name].scorable):
            gone = sum(reader.doc_field_length(doc, fieldname) or 0 for doc in dropped)
            totals[fieldname] = before.get(fieldname, 0) + reader.field_length(fieldname) - gone
        return docmap

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = Lengths(pdr, self.docnum) if pdr is not None else None
        self.pool.derive_pairs(self.schema, self.docnum)
        self.pool.write(self.schema, self.fieldwriter, lengths, self.held)
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()
        for collector in self.held.values():
            with self.newsegment.create_file(self.storage, collector.ext) as handle:
                collector.write(handle, self.docnum)


def share_writer(ix: Index) -> TermWriter:
    """A writer for one share of a parallel build, in a worker process: it takes no lock,
    since the building process holds the index's writer lock for all its workers."""
    return TermWriter(ix, _lk=False)


def finish_segment(writer: SegmentWriter) -> Any | None:
    """Write the writer's documents as a segment without committing it to the index's list
    (a worker's share of a parallel build): the segment, or None when it holds none."""
    if not writer.docnum:
        writer._close_segment()
        return None
    return writer._finalize_segment()


def commit_segments(ix: Index, segments: list[Any]) -> None:
    """Make `segments`, written by `finish_segment` into the new empty index `ix`, its
    whole list of segments, as Whoosh's own commit would (no merge)."""
    writer = TermWriter(ix)
    try:
        writer._close_segment()  # the writer's own segment stays empty
        writer._commit_toc(segments)
    finally:
        writer._finish()


def delete_documents(ix: Index, docnums: list[int]) -> None:
    """Delete documents of the index by number and commit, without merging segments."""
    if not docnums:
        return
    writer = TermWriter(ix)
    try:
        for docnum in docnums:
            writer.delete_document(docnum)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


# How many terms a merge writes between two calls of its `every_so_often`.
TERMS_BETWEEN_PAUSES = 20_000


def merge_segments(writer: TermWriter, readers: list[Any],
                   every_so_often: Callable[[], None] | None = None) -> Any | None:
    """The segments of `readers` merged into the writer's segment, in bounded memory (as
    Lucene merges): each article's stored fields, columns and lengths copied in turn
    (Whoosh's `write_per_doc`, deleted articles left out), then each term's postings read
    from every segment holding it, renumbered and written before the next term is read.
    The segment is the one `add_reader` for each and `finish_segment` would write, where
    every posting of the merge was held in memory at once. Pairs (indexer/schema/pairs.py)
    are copied from a segment that has them; for one that has none (it lacks their mark)
    they are derived from its positions, as a build derives them, and held for the merge.
    `every_so_often` is called after each segment's articles are copied and every
    `TERMS_BETWEEN_PAUSES` terms (optimize lets go of the pages read so far)."""
    writer._check_state()
    pause = every_so_often or (lambda: None)
    sources = []
    for reader in readers:
        base = writer.docnum
        docmap = writer.write_per_doc(set(writer.schema.names()), reader)
        pause()
        numbers = np.arange(base, base + reader.doc_count_all(), dtype=np.int64)
        if docmap is not None:  # the articles kept, renumbered; -1 for a deleted one
            numbers[:] = -1
            numbers[list(docmap)] = list(docmap.values())
        sources.append((reader, numbers))
    writer._added = True
    writer.pool.cleanup()
    writer.pool = MergedPool(sources, pause)
    return finish_segment(writer)


class MergedPool(TermPool):
    """The pool of `merge_segments`: reads each term's postings from the source segments
    when the segment is written, holding one term's at a time."""

    def __init__(self, sources: list[tuple[Any, np.ndarray]], pause: Callable[[], None]) -> None:
        super().__init__()
        self._sources = sources  # (reader, each article's new number or -1)
        self._pause = pause
        # Per source, the pairs derived for it (their fields are not read from it).
        self._derived: list[dict[tuple[str, bytes], _Postings]] = [{} for _ in sources]
        self._derived_fields: list[set[str]] = [set() for _ in sources]
        self._dropped: set[str] = set()

    def derive_pairs(self, schema: Any, doccount: int) -> None:
        for name, field in schema.items():
            if getattr(field, "pair_words", None) is None:
                continue
            decode = getattr(schema[field.source].format, "decode_joined", None)
            if decode is None:
                self._dropped.add(name)  # as TermPool.derive_pairs: no pairs, no mark
                continue
            for n, (reader, numbers) in enumerate(self._sources):
                if (name, field.mark) not in reader:
                    self._derived[n].update(_derived_pairs(reader, numbers, name, field, decode))
                    self._derived_fields[n].add(name)

    def write(self, schema: Any, fieldwriter: Any, lengths: Any | None, held: dict[str, Any] | None = None) -> None:
        write_terms(schema, fieldwriter, lengths, self._merged(schema), held)

    def _merged(self, schema: Any) -> Iterator[tuple[tuple[str, bytes], _Postings]]:
        names = {name for reader, _ in self._sources for name in reader.indexed_field_names()}
        names = names.union(*self._derived_fields)
        terms = 0
        for fieldname in sorted(name for name in names if name in schema and name not in self._dropped):
            runs = [zip(self._texts(n, fieldname), repeat(n)) for n in range(len(self._sources))]
            for text, group in groupby(heapq.merge(*runs), key=itemgetter(0)):
                terms += 1
                if terms % TERMS_BETWEEN_PAUSES == 0:
                    self._pause()
                postings = _Postings()
                for _, n in group:
                    if fieldname in self._derived_fields[n]:
                        _extend(postings, self._derived[n][(fieldname, text)])
                    else:
                        _read_postings(*self._sources[n], fieldname, text, postings)
                if len(postings):
                    yield (fieldname, text), postings

    def _texts(self, n: int, fieldname: str) -> Iterator[bytes]:
        if fieldname in self._derived_fields[n]:
            derived = self._derived[n]
            return iter(sorted(text for name, text in derived if name == fieldname and len(derived[(name, text)])))
        reader = self._sources[n][0]
        return iter(reader.lexicon(fieldname)) if fieldname in reader.indexed_field_names() else iter(())


def _read_postings(reader: Any, numbers: np.ndarray, fieldname: str, text: bytes, into: _Postings) -> None:
    """A term's postings in one source segment, renumbered (deleted articles left out),
    added to `into`: a block at a time where the blocks are arrays."""
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not isinstance(matcher, ArrayBlockMatcher):  # inlined, or an older segment's pickles
        ids, weights, found = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            found.append(matcher.value() or b"")
            matcher.next()
        _add(into, numbers, np.array(ids, np.int64), np.array(weights, np.float64),
             np.fromiter(map(len, found), np.int64, len(found)), b"".join(found))
        return
    while not matcher._atend:
        data = matcher._data_bytes()
        ids, flags, at = block_ids(data, matcher._blocklength)
        lengths, joined = block_values(data, matcher._blocklength)
        if matcher._fixedsize == 0:  # Whoosh reads no values for such a format
            lengths, joined = np.empty(0, np.int64), b""
        _add(into, numbers, ids, block_weights(data, flags, at, len(ids)), lengths, joined)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


def _add(into: _Postings, numbers: np.ndarray, ids: np.ndarray, weights: np.ndarray,
         lengths: np.ndarray, joined: bytes) -> None:
    """Postings of a source segment added to `into` renumbered, deleted ones left out
    (`lengths` empty: postings without values)."""
    if not len(lengths):
        lengths = np.zeros(len(ids), np.int64)
    new = numbers[ids]
    kept = new >= 0
    if not kept.all():
        joined = np.frombuffer(joined, np.uint8)[np.repeat(kept, lengths)].tobytes()
        new, weights, lengths = new[kept], weights[kept], lengths[kept]
    into.docnums.frombytes(new.astype(np.uint32).tobytes())
    into.weights.frombytes(weights.astype(np.float64).tobytes())
    into.ends.frombytes((np.cumsum(lengths) + len(into.values)).astype(np.uint32).tobytes())
    into.values += joined


def _extend(into: _Postings, postings: _Postings) -> None:
    start = len(into.values)
    into.docnums.extend(postings.docnums)
    into.weights.extend(postings.weights)
    into.ends.extend(end + start for end in postings.ends)
    into.values += postings.values


def _derived_pairs(reader: Any, numbers: np.ndarray, name: str, field: Any,
                   decode: Any) -> dict[tuple[str, bytes], _Postings]:
    """A pairs field's postings for a source segment without them, renumbered, as
    TermPool.derive_pairs derives them, and its mark on every kept article."""
    held = []
    for word in sorted(field.pair_words):
        ids, lengths, joined = values(reader, field.source, word.encode("utf-8"))
        postings = _Postings()
        _add(postings, numbers, ids, np.ones(len(ids)), lengths, joined)
        if len(postings):
            held.append((word.encode("utf-8"), postings))
    found = {(name, field.pair_term(*pair)): postings for pair, postings in _pair_postings(held, decode)}
    found[(name, field.mark)] = pairs_mark(numbers[numbers >= 0])
    return found
