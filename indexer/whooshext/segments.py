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
  makes a writer take the index's lock.
"""

from __future__ import annotations

from typing import Any, Callable

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from indexer.whooshext.blocks import NewsCodec
from indexer.whooshext.termpool import TermPool

# zlib level of posting blocks. Whoosh's default is 3; level 1 makes blocks barely larger
# and compresses them faster (a block records its level, and any level reads back the same).
COMPRESSION = 1
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

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr, self.docnum) if pdr is not None else None
        self.pool.derive_pairs(self.schema, self.docnum)
        self.pool.write(self.schema, self.fieldwriter, lengths)
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()


class _Lengths:
    """Document lengths of one field as a list, read once per field at commit."""

    def __init__(self, pdr: Any, doccount: int) -> None:
        self._pdr = pdr
        self._doccount = doccount

    def doc_field_length_reader(self, fieldname: str) -> Callable[[int], int | None]:
        get = self._pdr.doc_field_length_reader(fieldname)
        return [get(docnum) for docnum in range(self._doccount)].__getitem__

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        return self._pdr.doc_field_length(docnum, fieldname, default)


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
