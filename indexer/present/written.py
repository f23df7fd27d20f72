"""The words a few articles write, counted per index term as arrays: how many of the articles
hold each term in the body, and the form most often written for each ("troops", "Troops").

An index of schema version 3 keeps each article's distinct body terms in a file per segment
(indexer/schema/held.py): `held_words` reads the sample's term numbers from it, keys them
by the terms' hashes across segments and counts them with numpy, and names only the terms
asked for; a term's form is the one its segments write most. An index without those files
(any segment without one) is read as before, by `read_words`: the articles' stored bodies
again, each distinct word numbered as it comes (a dictionary lookup each, done by `map`,
not by a Python loop), analysed once, as the index analyses it, and the (article, term)
pairs counted with numpy; a term's form is the one most of the articles read write.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from indexer.kept import index_data
from indexer.schema.analysis import WORD_PATTERN
from indexer.schema.held import EXT, HeldSegment, best_form, term_hash
from indexer.whooshext.arrays import distinct
from indexer.whooshext.mapped import segment_file

_WORD = re.compile(WORD_PATTERN)
_HYPHENS = re.compile("[-\u2010\u2011]")  # as indexer/schema/analysis.py splits a name


@dataclass(frozen=True)
class Written:
    """The index terms of some articles' bodies and the words written for them."""

    terms: list[str]
    held: np.ndarray  # per term: the articles holding it
    held_by: np.ndarray  # per group of articles, per term: the group's articles holding it
    forms: list[str]  # every word as written
    writing: np.ndarray  # per form: the articles writing it
    whole: np.ndarray  # per form: the number of its term (a hyphenated name's whole), -1 for none
    parts: dict[int, list[tuple[int, str]]]  # per hyphenated form: its parts' terms, each as written

    def terms_of(self, numbers: np.ndarray) -> list[str]:
        return [self.terms[n] for n in numbers.tolist()]

    def surfaces(self, wanted: set[str]) -> dict[str, str]:
        """Each wanted term as most of the articles write it; a tie goes to the lower case
        ("troops" before "Troops"). A name's part is written as in the name."""
        number = {term: n for n, term in enumerate(self.terms) if term in wanted}
        found: dict[str, dict[str, int]] = {}
        for form in np.flatnonzero(np.isin(self.whole, list(number.values()))).tolist():
            spelt = found.setdefault(self.terms[self.whole[form]], {})
            spelt[self.forms[form]] = spelt.get(self.forms[form], 0) + int(self.writing[form])
        for form, parts in self.parts.items():
            for term, part in parts:
                if self.terms[term] in number:
                    spelt = found.setdefault(self.terms[term], {})
                    spelt[part] = spelt.get(part, 0) + int(self.writing[form])
        return {term: min(spelt.items(), key=lambda item: (-item[1], not item[0].islower(), item[0]))[0]
                for term, spelt in found.items()}


def read_words(searcher: Searcher, docs: np.ndarray, groups: np.ndarray | None = None) -> Written:
    """The body words of the articles `docs` (document numbers of the searcher's reader),
    counted per group too when `groups` gives each article's group number (0, 1, ...)."""
    numbers: dict[str, int] = {}
    fresh = itertools.count()
    per_article = []
    for docnum in docs.tolist():
        stored = searcher.stored_fields(docnum)
        # The headline too, as the body field indexes it (indexer/schema/documents.py).
        words = set(_WORD.findall(f'{stored.get("body") or ""}\n\n{stored.get("title") or ""}'))
        # A word seen before keeps its number; a new one takes the next (some are skipped).
        per_article.append(np.fromiter(map(numbers.setdefault, words, fresh), np.int64, len(words)))
    forms = list(numbers)
    place = np.zeros(next(fresh), np.int64)
    place[np.fromiter(numbers.values(), np.int64, len(forms))] = np.arange(len(forms))
    occurrences = place[np.concatenate(per_article)] if per_article else np.zeros(0, np.int64)
    article = np.repeat(np.arange(len(per_article)), [len(words) for words in per_article])

    analyzer = searcher.schema["body"].analyzer
    term_number: dict[str, int] = {}
    whole = np.full(len(forms), -1, np.int64)
    parts: dict[int, list[tuple[int, str]]] = {}
    for form, word in enumerate(forms):
        terms = analyzer.word_terms(word)
        if not terms:
            continue  # a stop word
        whole[form] = term_number.setdefault(terms[-1], len(term_number))
        if len(terms) > 1:
            written = [part for part in _HYPHENS.split(word) if part]
            written = written if len(written) == len(terms) - 1 else list(terms[:-1])
            parts[form] = [(term_number.setdefault(t, len(term_number)), w) for t, w in zip(terms, written)]
    count = len(term_number)
    terms = whole[occurrences]
    keys = [article[terms >= 0] * count + terms[terms >= 0]]
    for at in np.flatnonzero(np.isin(occurrences, list(parts))).tolist():
        keys.append(np.array([article[at] * count + term for term, _ in parts[int(occurrences[at])]], np.int64))
    pairs = distinct(np.concatenate(keys)) if count else np.zeros(0, np.int64)
    groups = np.zeros(len(per_article), np.int64) if groups is None else groups
    width = int(groups.max()) + 1 if len(groups) else 1
    held_by = np.bincount(groups[pairs // max(count, 1)] * count + pairs % max(count, 1), minlength=width * count)
    return Written(
        terms=list(term_number),
        held=held_by.reshape(width, count).sum(axis=0),
        held_by=held_by.reshape(width, count),
        forms=forms,
        writing=np.bincount(occurrences, minlength=len(forms)),
        whole=whole,
        parts=parts,
    )


@dataclass(frozen=True)
class Held:
    """The index terms of some articles, read from the segments' files of their terms."""

    held: np.ndarray  # per term (numbered here): the articles holding it
    held_by: np.ndarray  # per group of articles, per term: the group's articles holding it
    _segments: list[HeldSegment]  # every segment of the index
    _segment: np.ndarray  # per term: a segment holding it (its place in _segments)
    _local: np.ndarray  # per term: its number in that segment

    def terms_of(self, numbers: np.ndarray) -> list[str]:
        segments = self._segments
        return [segments[at].term(local)
                for at, local in zip(self._segment[numbers].tolist(), self._local[numbers].tolist())]

    def indexed(self, terms: list[str]) -> np.ndarray:
        """The articles of the index holding each term (deleted ones included, as the term
        dictionary counts them), summed over the segments' files."""
        hashed = np.fromiter((term_hash(term.encode("utf-8")) for term in terms), np.uint64, len(terms))
        return sum((segment.frequencies(hashed) for segment in self._segments), np.zeros(len(terms), np.int64))

    def surfaces(self, wanted: set[str]) -> dict[str, str]:
        """Each wanted term as its segments write it most (summed over the segments)."""
        found = {}
        for term in wanted:
            hashed, spelt = term_hash(term.encode("utf-8")), {}
            for segment in self._segments:
                local = segment.number_of(hashed)
                if local is not None:
                    form, count = segment.surface(local)
                    if form:
                        spelt[form] = spelt.get(form, 0) + count
            if spelt:
                found[term] = best_form(spelt)[0]
        return found


def held_words(searcher: Searcher, docs: np.ndarray, groups: np.ndarray | None = None) -> Held | None:
    """`read_words` from the segments' files of their articles' terms; None when a segment
    of the index has none (written before them): read the bodies then."""
    leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
    segments = [index_data(reader, "held terms", lambda reader=reader: _held_segment(reader)) for reader, _ in leaves]
    if any(segment is None for segment in segments):
        return None
    groups = np.zeros(len(docs), np.int64) if groups is None else groups
    hashes, articles, places = [], [], []
    for (reader, offset), segment in zip(leaves, segments):
        inside = np.flatnonzero((docs >= offset) & (docs < offset + reader.doc_count_all()))
        numbers, sizes = segment.terms_of(docs[inside] - offset)
        hashes.append(segment.hashes[numbers])
        articles.append(np.repeat(inside, sizes))
        places.append(numbers)
    keys, first, number = np.unique(np.concatenate(hashes), return_index=True, return_inverse=True)
    width, count = (int(groups.max()) + 1 if len(groups) else 1), len(keys)
    held_by = np.bincount(groups[np.concatenate(articles)] * count + number, minlength=width * count)
    held_by = held_by.reshape(width, count)
    ends = np.cumsum([len(h) for h in hashes])
    segment_of = np.searchsorted(ends, first, "right")
    return Held(held_by.sum(axis=0), held_by, segments, segment_of, np.concatenate(places)[first])


def _held_segment(reader: Any) -> HeldSegment | None:
    data = segment_file(reader, EXT)
    return HeldSegment.parse(data) if data is not None else None
