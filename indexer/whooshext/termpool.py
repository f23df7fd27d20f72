"""A segment's postings gathered per term in memory, in place of Whoosh's PostingPool.

Whoosh's writer sends every posting through a PostingPool that pickles runs of a million
postings to temporary files and merges them back with a heap at commit: about a third of
a build went to pickling, sorting and merging tuples. `TermPool` keeps each term's
postings packed in arrays instead (they arrive in document order) and hands the terms to
the codec in sorted order, so the segment holds the same postings in the same order; only
memory use differs (what the packed postings take, freed at commit).

Relies on whoosh3 3.54.0 internals:
- `whoosh.codec.whoosh3`: `W3PostingsWriter` and its block state:
  `W3PostingsWriter._blocklimit`, `W3PostingsWriter._write_block`, `W3PostingsWriter._ids`,
  `W3PostingsWriter._weights`, `W3PostingsWriter._values`, `W3PostingsWriter._maxweight`,
  `W3PostingsWriter._minlength`, `W3PostingsWriter._maxlength`, `W3PostingsWriter._byteids`;
- `W3FieldWriter._postwriter`, the field writer's postings writer.
"""

from __future__ import annotations

from array import array
from typing import Any, Callable, Iterable, Iterator

import numpy as np
from whoosh.codec.whoosh3 import W3PostingsWriter


class _Postings:
    """One term's postings in the order they were added, packed: document numbers and
    weights as arrays, values end to end in one bytearray with their ends. About 16 bytes
    and the value's own bytes a posting, where three lists of Python objects took about
    125: a 10,000-article segment's postings fit in a third of the memory."""

    __slots__ = ("docnums", "weights", "values", "ends")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("d")
        self.values = bytearray()
        self.ends = array("I")

    def __len__(self) -> int:
        return len(self.docnums)

    def value_list(self, start: int = 0, stop: int | None = None) -> list[bytes]:
        """The values of postings start..stop, as bytes (b"" where a posting had none)."""
        ends = self.ends[start:stop]
        begin = self.ends[start - 1] if start else 0
        view = memoryview(self.values)
        found = []
        for end in ends:
            found.append(bytes(view[begin:end]))
            begin = end
        return found

    def in_document_order(self) -> _Postings:
        # Always so unless a merge added older segments' documents after new ones.
        docnums = self.docnums
        if len(docnums) < 2 or all(a < b for a, b in zip(docnums, docnums[1:])):
            return self
        order = sorted(range(len(docnums)), key=docnums.__getitem__)
        values = self.value_list()
        ordered = _Postings()
        for n in order:
            ordered.docnums.append(docnums[n])
            ordered.weights.append(self.weights[n])
            ordered.values += values[n]
            ordered.ends.append(len(ordered.values))
        return ordered


class TermPool:
    """Postings by (field, term), in place of Whoosh's PostingPool (same interface)."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], _Postings] = {}
        # The same postings by field, then by term as text: `add_positions` looks a term up
        # without encoding it or building a key.
        self._words: dict[str, dict[str, _Postings]] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self._terms.get((fieldname, text))
        if postings is None:
            postings = self._terms[(fieldname, text)] = _Postings()
            self.fieldnames.add(fieldname)
        postings.docnums.append(docnum)
        postings.weights.append(weight)
        if value:
            postings.values += value
        postings.ends.append(len(postings.values))

    def add_positions(
        self, fieldname: str, docnum: int, found: dict[str, list[int]], boost: float,
        encode: Callable[[list[int]], bytes],
    ) -> int:
        """One article's postings of a field, given as each term's positions (`add` for every
        term at once, with weight count x `boost` and value `encode(positions)`, as Whoosh's
        `Positions.word_values` gives them): how many occurrences, the field's length."""
        words = self._words.get(fieldname)
        if words is None:
            words = self._words[fieldname] = {}
            self.fieldnames.add(fieldname)
        get = words.get
        length = 0
        for text, positions in found.items():
            postings = get(text)
            if postings is None:
                postings = words[text] = self._terms.setdefault((fieldname, text.encode("utf-8")), _Postings())
            count = len(positions)
            length += count
            postings.docnums.append(docnum)
            postings.weights.append(count * boost)
            postings.values += encode(positions)
            postings.ends.append(len(postings.values))
        return length

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        """(field, term, docnum, weight, value) in the order Whoosh's pool sorts them; a
        posting without a value gives None (Whoosh writes None and b"" alike)."""
        for key in sorted(self._terms):
            fieldname, text = key
            postings = self._terms[key].in_document_order()
            for docnum, weight, value in zip(postings.docnums, postings.weights, postings.value_list()):
                yield fieldname, text, docnum, weight, value or None

    def derive_pairs(self, schema: Any, doccount: int) -> None:
        """Every pairs field's postings (a field type with `pair_words` and `source`,
        indexer/schema/pairs.py) derived anew from its source field's positions, for every
        article of the segment: what a merge copied from older segments is replaced."""
        for name, field in schema.items():
            words = getattr(field, "pair_words", None)
            if words is None:
                continue
            for key in [key for key in self._terms if key[0] == name]:
                del self._terms[key]
            decode = getattr(schema[field.source].format, "decode_joined", None)
            if decode is None or not doccount:
                continue  # positions this newsdesk cannot read as arrays: no pairs, no mark
            held = [(word.encode("utf-8"), self._terms.get((field.source, word.encode("utf-8"))))
                    for word in sorted(words)]
            found = _pair_postings([(word, p.in_document_order()) for word, p in held if p], decode)
            for text, postings in found:
                self._terms[(name, field.pair_term(*text))] = postings
            self._terms[(name, field.mark)] = pairs_mark(np.arange(doccount))
            self.fieldnames.add(name)

    def write(self, schema: Any, fieldwriter: Any, lengths: Any | None, held: dict[str, Any] | None = None) -> None:
        """Hand every term's postings to the codec's field writer (`write_terms`)."""
        write_terms(schema, fieldwriter, lengths, ((key, self._terms[key]) for key in sorted(self._terms)), held)

    def cleanup(self) -> None:
        self._terms.clear()
        self._words.clear()


class Lengths:
    """Document lengths of one field as a list, read once per field at commit."""

    def __init__(self, pdr: Any, doccount: int) -> None:
        self._pdr = pdr
        self._doccount = doccount

    def doc_field_length_reader(self, fieldname: str) -> Callable[[int], int | None]:
        get = self._pdr.doc_field_length_reader(fieldname)
        return [get(docnum) for docnum in range(self._doccount)].__getitem__

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        return self._pdr.doc_field_length(docnum, fieldname, default)


def write_terms(
    schema: Any, fieldwriter: Any, lengths: Any | None, terms: Iterable[tuple[tuple[str, bytes], _Postings]],
    held: dict[str, Any] | None = None,
) -> None:
    """Hand each term's postings, `terms` in sorted order, to the codec's field writer: the
    calls Whoosh's `FieldWriter.add_postings` makes for the sorted postings, a term at a
    time rather than a posting at a time. `lengths` reads each field's document lengths
    (`doc_field_length_reader`), or is None when the codec keeps none. `held` gives, by
    field, what takes each of its terms' articles too (`add_term`, indexer/schema/held.py)."""
    field = None
    length: Callable[[int], int | None] = _no_length
    held = held or {}
    for (fieldname, text), pooled in terms:
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            field = fieldname
            fieldwriter.start_field(fieldname, schema[fieldname])
            if lengths is not None:
                length = lengths.doc_field_length_reader(fieldname)
        postings = pooled.in_document_order()
        if fieldname in held:
            held[fieldname].add_term(text, postings.docnums)
        fieldwriter.start_term(text)
        postwriter = getattr(fieldwriter, "_postwriter", None)
        if isinstance(postwriter, W3PostingsWriter) and not postwriter._byteids:
            _fill_blocks(postwriter, postings, length)
        else:
            add = fieldwriter.add
            for docnum, weight, value in zip(postings.docnums, postings.weights, postings.value_list()):
                add(docnum, weight, value, length(docnum))
        fieldwriter.finish_term()
    if field is not None:
        fieldwriter.finish_field()


def _pair_postings(held: list[tuple[bytes, _Postings]], decode: Any) -> Iterator[tuple[tuple[bytes, bytes], _Postings]]:
    """((first word, second word), postings) for every pair of the `held` words' postings
    found side by side, in term order; each posting's value holds both words' counts in
    the article, its weight how often the pair occurs there."""
    if not held:
        return
    places, words, table = [], [], []
    for n, (_, postings) in enumerate(held):
        docnums = np.frombuffer(postings.docnums, np.uint32).astype(np.int64)
        lengths = np.diff(np.frombuffer(postings.ends, np.uint32).astype(np.int64), prepend=0)
        counts, positions = decode(lengths, bytes(postings.values))
        places.append((np.repeat(docnums, counts) << 32) | positions)
        words.append(np.full(len(positions), n, np.int64))
        table.append(((n << 32) | docnums, counts))
    place, word = np.concatenate(places), np.concatenate(words)
    order = np.argsort(place, kind="stable")
    place, word = place[order], word[order]
    # Each occurrence followed by the occurrences one position on in the same article
    # (several where a hyphenated name puts its parts and itself at one position).
    start = np.searchsorted(place, place + 1, "left")
    many = np.searchsorted(place, place + 1, "right") - start
    first = np.repeat(np.arange(len(place)), many)
    second = np.repeat(start, many) + np.arange(len(first)) - np.repeat(np.cumsum(many) - many, many)
    width = len(held)
    found, occurrences = np.unique(((word[first] * width + word[second]) << 32) | (place[first] >> 32),
                                   return_counts=True)  # by pair, then article
    if not len(found):
        return
    pair, doc = found >> 32, found & 0xFFFFFFFF
    keys, counts = (np.concatenate(column) for column in zip(*table))
    both = np.stack([counts[np.searchsorted(keys, ((pair // width) << 32) | doc)],
                     counts[np.searchsorted(keys, ((pair % width) << 32) | doc)]], axis=1)
    values = np.minimum(both, 0xFFFF).astype("<u2")
    bounds = np.flatnonzero(np.diff(pair)) + 1
    for begin, end in zip([0, *bounds.tolist()], [*bounds.tolist(), len(pair)]):
        postings = _Postings()
        postings.docnums.frombytes(doc[begin:end].astype(np.uint32).tobytes())
        postings.weights.frombytes(occurrences[begin:end].astype(np.float64).tobytes())
        postings.values += values[begin:end].tobytes()
        postings.ends.frombytes(np.arange(4, 4 * (end - begin) + 1, 4, dtype=np.uint32).tobytes())
        code = int(pair[begin])
        yield (held[code // width][0], held[code % width][0]), postings


def pairs_mark(docnums: np.ndarray) -> _Postings:
    """The pairs mark's postings: one for each of `docnums`, each valued as a pair with no
    counts (the field's values are 4 bytes each: a posting without one would not read back
    through Whoosh)."""
    count = len(docnums)
    postings = _Postings()
    postings.docnums.frombytes(docnums.astype(np.uint32).tobytes())
    postings.weights.frombytes(np.ones(count, np.float64).tobytes())
    postings.values += bytes(4 * count)
    postings.ends.frombytes(np.arange(4, 4 * count + 1, 4, dtype=np.uint32).tobytes())
    return postings


def _fill_blocks(
    postwriter: W3PostingsWriter, postings: _Postings, length: Callable[[int], int | None],
) -> None:
    """What W3PostingsWriter.add_posting does for each of a term's postings, a block at a
    time: the block's lists and statistics filled at once, each full block written before
    the next one starts. (whoosh3 is pinned exactly; a test compares the postings.)"""
    limit = postwriter._blocklimit
    count = len(postings)
    for start in range(0, count, limit):
        if start:
            postwriter._write_block()
        docnums = postings.docnums[start : start + limit].tolist()
        weights = postings.weights[start : start + limit].tolist()
        values = postings.value_list(start, start + limit)
        postwriter._ids.extend(docnums)
        postwriter._weights.extend(weights)
        postwriter._maxweight = max(postwriter._maxweight, *weights)
        # Whoosh keeps only non-empty values (a format without values gives b"" or None).
        postwriter._values.extend(values if all(values) else [v for v in values if v])
        lengths = [n for n in map(length, docnums) if n]
        if lengths:
            low = min(lengths)
            if postwriter._minlength is None or low < postwriter._minlength:
                postwriter._minlength = low
            postwriter._maxlength = max(postwriter._maxlength, *lengths)


def _no_length(_docnum: int) -> int:
    return 0
