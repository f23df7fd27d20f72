"""Each article's distinct body terms, kept per segment as arrays: what distinctive words
(indexer/present/terms.py) count in a sample of a search's articles, read in place of
analysing the sample's stored bodies again (about a millisecond an article).

Nothing is analysed for it: when a segment is written, each body term's postings already
list the articles holding it, and turned around (sorted by article) they give each
article's terms (`HeldCollector.add_term`, called as the terms are written, merged
segments included). The file of a segment (EXT, inside its compound file) holds:
- every body term of the segment in term order (an article's terms are numbers into it),
  with a 64-bit hash of each, so the segments' numbers meet in one set of keys;
- each term's surface form: the word most often written for it in the segment's articles,
  with the articles writing it, counted from each article's distinct whitespace-separated
  chunks (body and headline) while the segment is written (one set and one count an
  article, a set the spelling words are taken from too, indexer/schema/spelling.py; the
  chunks are split into words and analysed once per segment), summed from the sources on
  a merge;
- each term's articles, the term dictionary's document frequency as one array: the
  background counts of distinctive words, without a dictionary lookup per word and segment;
- per article, where its term numbers start, and the numbers.

The body field indexes the headline too (indexer/schema/documents.py), so an article's
terms here are its headline's and its body's, as the background counts of the term
dictionary are. A segment written before this field existed has no file: distinctive
words then read bodies as before (indexer/present/written.py).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
from whoosh.fields import FieldType

from indexer.schema.analysis import WORD_PATTERN
from indexer.whooshext.mapped import segment_file

EXT = ".held"
_MAGIC = b"NDH2"
_WORD = re.compile(WORD_PATTERN)
_HYPHENS = re.compile("[-\u2010\u2011]")  # as indexer/schema/analysis.py splits a name


def term_hash(text: bytes) -> int:
    """A term's key across segments: 64 bits of BLAKE2b (two of a million terms share one
    with odds of about 1 in 30 million)."""
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


class HeldTerms(FieldType):
    """The file of each article's distinct terms of the field `source`, per segment; never
    given a value by a document, never indexed, stored or scored."""

    indexed = False
    stored = False

    def __init__(self, source: str) -> None:
        self.source = source

    def held_collector(self, schema: Any) -> HeldCollector:
        """What a segment writer gathers the file with (indexer/whooshext/segments.py)."""
        return HeldCollector(schema[self.source].analyzer)


class HeldCollector:
    """What one segment's file is built from, gathered while the segment is written."""

    ext = EXT

    def __init__(self, analyzer: Any) -> None:
        self._analyzer = analyzer
        # Per language (None: unknown), per distinct chunk: the bodies holding it. A word is
        # analysed in its article's language, as the index analysed it.
        self._chunks: dict[str | None, Counter[str]] = {}
        self._terms: list[bytes] = []
        self._docnums: list[np.ndarray] = []
        self._sources: list[list[tuple[str, str, int]]] = []

    def add_text(self, text: str) -> None:
        """One article's value of the field as written (the body and its headline, in its
        language when tagged: indexer/schema/languages.py), counted for the surface forms."""
        language = getattr(text, "language", None)
        chunks = self._chunks.get(language)
        if chunks is None:
            chunks = self._chunks[language] = Counter()
        chunks.update(set(text.split()))

    def chunks(self) -> Iterator[str]:
        """Every distinct chunk of the articles given (once per language written in)."""
        return itertools.chain.from_iterable(self._chunks.values())

    def add_reader(self, reader: Any) -> None:
        """A segment merged into this one: its surface forms' counts carry over (read now:
        the reader may be closed before the segment is written)."""
        data = segment_file(reader, EXT)
        source = HeldSegment.parse(data) if data is not None else None
        if source is not None:
            self._sources.append(source.surface_table())

    def add_term(self, text: bytes, docnums: Any) -> None:
        """A term's postings as written, in term order: the articles (ascending) holding it."""
        self._terms.append(text)
        self._docnums.append(np.array(docnums, np.uint32))

    def to_bytes(self, doccount: int) -> bytes:
        terms = self._terms
        hashes = np.fromiter((term_hash(t) for t in terms), np.uint64, len(terms))
        counts = np.fromiter(map(len, self._docnums), np.int64, len(terms))
        docnums = np.concatenate(self._docnums) if terms else np.zeros(0, np.uint32)
        # Stable: each article's term numbers stay ascending.
        order = np.argsort(docnums, kind="stable")
        ids = np.repeat(np.arange(len(terms), dtype=np.uint32), counts)[order]
        starts = np.concatenate(([0], np.cumsum(np.bincount(docnums, minlength=doccount)))).astype(np.uint64)
        forms, writing = self._surfaces(terms)
        term_blob, term_ends = _joined(terms)
        form_blob, form_ends = _joined(forms)
        header = np.array([doccount, len(terms), len(ids), len(term_blob), len(form_blob)], "<u8")
        parts = [header, hashes.astype("<u8"), np.argsort(hashes, kind="stable").astype("<u4"),
                 term_ends, writing.astype("<u4"), form_ends, counts.astype("<u4"), starts.astype("<u8"),
                 ids.astype("<u4")]
        return b"".join([_MAGIC, *(part.tobytes() for part in parts), term_blob, form_blob])

    def _surfaces(self, terms: list[bytes]) -> tuple[list[bytes], np.ndarray]:
        """Per term, its most written form (b"" when none: a headline's word alone) and
        the articles writing it. A hyphenated name's parts are written as in the name."""
        spelt: dict[str, Counter[str]] = {}
        for language, chunks in self._chunks.items():
            forms: Counter[str] = Counter()
            for chunk, count in chunks.items():
                for word in _WORD.findall(chunk):
                    forms[word] += count
            analyzer = self._analyzer.in_language(language)
            for word, count in forms.items():
                found = analyzer.word_terms(word)
                if not found or (len(found) > 1 and not _HYPHENS.search(word)):
                    continue  # a stop word; or a CJK run's bigrams, each shown as the term it is
                spelt.setdefault(found[-1], Counter())[word] += count
                if len(found) > 1:
                    written = [part for part in _HYPHENS.split(word) if part]
                    for term, part in zip(found, written if len(written) == len(found) - 1 else found[:-1]):
                        spelt.setdefault(term, Counter())[part] += count
        for table in self._sources:
            for term, form, count in table:
                spelt.setdefault(term, Counter())[form] += count
        best = [best_form(spelt.get(t.decode("utf-8"), {})) for t in terms]
        return [form.encode("utf-8") for form, _ in best], np.array([n for _, n in best], np.int64)


def best_form(spelt: Any) -> tuple[str, int]:
    """The form written by the most articles; a tie goes to the lower case ("troops"
    before "Troops"), then the first in order. ("", 0) when there is none."""
    if not spelt:
        return "", 0
    return min(spelt.items(), key=lambda item: (-item[1], not item[0].islower(), item[0]))


def _joined(texts: list[bytes]) -> tuple[bytes, np.ndarray]:
    ends = np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts))).astype("<u4")
    return b"".join(texts), ends


@dataclass(frozen=True)
class HeldSegment:
    """One segment's file, its arrays read in place."""

    hashes: np.ndarray  # per term number
    by_hash: np.ndarray  # term numbers in the order of their hashes
    term_ends: np.ndarray
    writing: np.ndarray  # per term: the articles writing its surface form
    form_ends: np.ndarray
    held: np.ndarray  # per term: the segment's articles holding it (deleted ones included)
    starts: np.ndarray  # per article (and one past the last): where its terms start in ids
    ids: np.ndarray
    term_blob: Any
    form_blob: Any
    sorted_hashes: np.ndarray

    @classmethod
    def parse(cls, data: Any) -> HeldSegment | None:
        """The segment of the file's bytes; None for a file of another kind or version."""
        if bytes(data[:4]) != _MAGIC:
            return None
        doccount, terms, ids, term_bytes, form_bytes = np.frombuffer(data, "<u8", 5, 4).tolist()
        at = 44
        found = []
        for dtype, count in (("<u8", terms), ("<u4", terms), ("<u4", terms), ("<u4", terms), ("<u4", terms),
                             ("<u4", terms),
                             ("<u8", doccount + 1), ("<u4", ids)):
            found.append(np.frombuffer(data, dtype, count, at))
            at += count * np.dtype(dtype).itemsize
        term_blob = data[at: at + term_bytes]
        form_blob = data[at + term_bytes: at + term_bytes + form_bytes]
        return cls(*found, term_blob, form_blob, found[0][found[1]])

    def term(self, number: int) -> str:
        return _text(self.term_blob, self.term_ends, number)

    def frequencies(self, hashed: np.ndarray) -> np.ndarray:
        """The segment's articles holding each term of these hashes (0 for a term it lacks)."""
        at = np.minimum(np.searchsorted(self.sorted_hashes, hashed), max(len(self.by_hash) - 1, 0))
        if not len(self.by_hash):
            return np.zeros(len(hashed), np.int64)
        found = self.sorted_hashes[at] == hashed
        return np.where(found, self.held[self.by_hash[at]], 0).astype(np.int64)

    def number_of(self, hashed: int) -> int | None:
        """The term number of the term with this hash; None when the segment lacks it."""
        at = int(np.searchsorted(self.sorted_hashes, np.uint64(hashed)))
        if at < len(self.by_hash) and int(self.sorted_hashes[at]) == hashed:
            return int(self.by_hash[at])
        return None

    def surface(self, number: int) -> tuple[str, int]:
        """The term's most written form in the segment, and the articles writing it."""
        return _text(self.form_blob, self.form_ends, number), int(self.writing[number])

    def surface_table(self) -> list[tuple[str, str, int]]:
        """Every term with a surface form: (term, form, articles writing it)."""
        return [(self.term(n), *self.surface(n)) for n in np.flatnonzero(self.writing).tolist()]

    def terms_of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The term numbers of the articles `docs` (the segment's numbers) end to end, and
        how many each article holds."""
        begin, end = self.starts[docs].astype(np.int64), self.starts[docs + 1].astype(np.int64)
        sizes = end - begin
        if not len(docs):
            return np.zeros(0, np.int64), sizes
        at = np.repeat(begin - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        return self.ids[at].astype(np.int64), sizes


def _text(blob: Any, ends: np.ndarray, number: int) -> str:
    begin = int(ends[number - 1]) if number else 0
    return bytes(blob[begin: int(ends[number])]).decode("utf-8")
