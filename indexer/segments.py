"""Writing a segment without Whoosh's external sort: postings gathered per term in memory.

Whoosh's writer sends every posting through a PostingPool that pickles runs of a million
postings to temporary files and merges them back with a heap at commit: about a third of
a build went to pickling, sorting and merging tuples. `TermWriter` keeps each term's
postings in a list instead (they arrive in document order) and writes the terms in sorted
order, so the segment holds the same postings in the same order; only memory use differs
(about what the postings take in Python objects, freed at commit).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable, Iterator

from whoosh.writing import SegmentWriter

_DOCNUM = itemgetter(0)


class TermPool:
    """Postings by (field, term), in place of Whoosh's PostingPool (same interface)."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], list[tuple[int, float, bytes | None]]] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self._terms.get((fieldname, text))
        if postings is None:
            self._terms[(fieldname, text)] = [(docnum, weight, value)]
            self.fieldnames.add(fieldname)
        else:
            postings.append((docnum, weight, value))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        """(field, term, docnum, weight, value) in the order Whoosh's pool sorts them."""
        for key in sorted(self._terms):
            fieldname, text = key
            postings = self._terms[key]
            # Already in document order unless a merge added older segments' documents.
            postings.sort(key=_DOCNUM)
            for docnum, weight, value in postings:
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self._terms.clear()


class TermWriter(SegmentWriter):
    """A SegmentWriter whose postings go through a TermPool, and whose commit reads each
    field's document lengths once instead of once per posting."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool = TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr, self.docnum) if pdr is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
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
