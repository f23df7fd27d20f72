"""The words a few articles write, counted per index term as arrays: how many of the articles
hold each term in the body, and the form most often written for each ("troops", "Troops").

An index of schema version 4 keeps each article's distinct body terms in a file per segment
(indexer/schema/held.py): `held_words` reads the sample's term numbers from it, keys them
by the terms' hashes across segments and counts them with numpy, and names only the terms
asked for. An index without those files (any segment without one) is read by `read_words`:
the articles' stored bodies again, each distinct word numbered as it comes (a dictionary
lookup each, done by `map`, not by a Python loop), analysed once in its article's language,
as the index analysed it, and the (article, term) pairs counted with numpy. Either way a
term's form is the one most of the articles read write; the files keep no forms, so
`held_words` reads the bodies of a few articles holding each word shown (SPELT_FROM).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator

import numpy as np
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from indexer.kept import index_data
from indexer.schema.analysis import NewsAnalyzer
from indexer.schema.held import EXT, HeldSegment, term_hash
from indexer.whooshext.arrays import distinct
from indexer.whooshext.columns import whole_column
from indexer.whooshext.mapped import segment_file

_HYPHENS = re.compile("[-\u2010\u2011]")  # as indexer/schema/analysis.py splits a name
_JOINERS = "-\u2010\u2011'\u2019\u02bc"  # inside a word (indexer/schema/english.py's WORD_PATTERN)
_LONGEST = 100  # characters read from a word's start to find it whole
_PLACES = 2  # a term's forms read in an article: where its first few are written
SPELT_FROM = 2  # with the files: a shown word's form counted in this many of the articles holding it


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
        """Each wanted term as most of the articles write it (`_best_form`). A name's part is
        written as in the name."""
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
        return {term: _best_form(spelt) for term, spelt in found.items()}


def read_words(searcher: Searcher, docs: np.ndarray, groups: np.ndarray | None = None) -> Written:
    """The body words of the articles `docs` (document numbers of the searcher's reader),
    counted per group too when `groups` gives each article's group number (0, 1, ...)."""
    analyzer = searcher.schema["body"].analyzer
    numbers: dict[NewsAnalyzer, dict[str, int]] = {}  # per analysis (language): the words' numbers
    fresh = itertools.count()
    per_article = []
    for docnum in docs.tolist():
        stored = searcher.stored_fields(docnum)
        analysis = analyzer.in_language(stored.get("language") or None)
        words = set(analysis.words(_indexed_text(stored)))
        # A word seen before keeps its number; a new one takes the next (some are skipped).
        numbered = numbers.setdefault(analysis, {})
        per_article.append(np.fromiter(map(numbered.setdefault, words, fresh), np.int64, len(words)))
    forms = [(analysis, word) for analysis, numbered in numbers.items() for word in numbered]
    place = np.zeros(next(fresh), np.int64)
    place[np.fromiter((n for numbered in numbers.values() for n in numbered.values()), np.int64, len(forms))] = \
        np.arange(len(forms))
    occurrences = place[np.concatenate(per_article)] if per_article else np.zeros(0, np.int64)
    article = np.repeat(np.arange(len(per_article)), [len(words) for words in per_article])

    term_number: dict[str, int] = {}
    whole = np.full(len(forms), -1, np.int64)
    parts: dict[int, list[tuple[int, str]]] = {}
    for form, (analysis, word) in enumerate(forms):
        spelt = _spelt(word, analysis.word_terms(word))
        if len(spelt) == 1:
            whole[form] = term_number.setdefault(spelt[0][0], len(term_number))
        elif spelt:
            parts[form] = [(term_number.setdefault(t, len(term_number)), w) for t, w in spelt]
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
        forms=[word for _, word in forms],
        writing=np.bincount(occurrences, minlength=len(forms)),
        whole=whole,
        parts=parts,
    )


def _indexed_text(stored: dict[str, Any]) -> str:
    """An article's body and headline, as the body field indexes them (indexer/schema/documents.py)."""
    return f'{stored.get("body") or ""}\n\n{stored.get("title") or ""}'


def _spelt(word: str, terms: tuple[str, ...]) -> list[tuple[str, str]]:
    """The terms a word is indexed under, each with how the word writes it: none for a stop
    word; a hyphenated name's parts as in the name, its whole as the word; a CJK run's
    bigrams, each as itself."""
    if len(terms) < 2:
        return [(term, word) for term in terms]
    if not _HYPHENS.search(word):
        return [(term, term) for term in terms]
    written = [part for part in _HYPHENS.split(word) if part]
    written = written if len(written) == len(terms) - 1 else list(terms[:-1])
    return [*zip(terms, written), (terms[-1], word)]


def spell(searcher: Searcher, wanted_in: dict[int, set[str]]) -> dict[str, str]:
    """Each wanted term as most of the articles read for it write it (body or headline),
    as `Written.surfaces` gives it. `wanted_in`: per article (a document number), the wanted
    terms to read in it. Only the words where a term's start is written are analysed: an
    analysis changes the end of a word (a suffix off, "y" to "i"), so its start is the term
    but for its last letter, looked for in the lowered text, then with accents folded too
    ("négociations" for "negoci"); a hyphenated name's whole ("dcalif" of "D-Calif.") among
    the article's hyphenated words."""
    analyzer = searcher.schema["body"].analyzer
    found: dict[str, dict[str, int]] = {}
    for docnum, terms in sorted(wanted_in.items()):
        stored = searcher.stored_fields(docnum)
        analysis = analyzer.in_language(stored.get("language") or None)
        text = _Searched(_indexed_text(stored), analysis)
        if len(text.lowered) != len(text.text):  # "İ" lowers to two characters: read every word
            words = set(analysis.words(text.text))
            here = {pair for word in words for pair in _spelt(word, analysis.word_terms(word)) if pair[0] in terms}
        else:
            here = set()
            for term in terms:
                for words in text.places(term[:-1] or term):
                    writing = (pair for word in words for pair in _spelt(word, analysis.word_terms(word))
                               if pair[0] == term)
                    spelt = set(itertools.islice(writing, _PLACES))
                    if spelt:
                        here |= spelt
                        break
        for term, written in here:
            spelt = found.setdefault(term, {})
            spelt[written] = spelt.get(written, 0) + 1
    return {term: _best_form(spelt) for term, spelt in found.items()}


class _Searched:
    """An article's text as `spell` searches it: what only some terms reach (its hyphenated
    words, its text with accents folded) is made once per article, when first needed."""

    def __init__(self, text: str, analysis: NewsAnalyzer) -> None:
        self.text = text
        self.lowered = text.lower()
        self.analysis = analysis

    @cached_property
    def hyphenated(self) -> list[str]:
        return [word for word in self.analysis.words(self.text) if _HYPHENS.search(word)]

    @cached_property
    def folded(self) -> str:
        return self.text.translate(accent_map).lower()

    def places(self, start: str) -> Iterator[Iterator[str]]:
        """Where to look for a term's forms, in turn: the words beginning with its `start`
        in the lowered text; the hyphenated words (a name's whole); those beginning with it
        once accents are folded."""
        yield _words_at(self.text, self.lowered, start, self.analysis)
        yield iter(self.hyphenated)
        yield _words_at(self.text, self.folded, start, self.analysis)


def _words_at(text: str, searched: str, start: str, analysis: NewsAnalyzer) -> Iterator[str]:
    """The words of `text` that begin with `start` where `searched` (the text lowered, or
    folded too: the same length) does, or whose part after a hyphen does (a name's part);
    for such a part, the whole name."""
    at = searched.find(start)
    while at >= 0:
        if at and text[at - 1].isalnum():
            pass  # inside a word
        elif at and text[at - 1] in _JOINERS:
            begin = at - 1
            while begin and (text[begin - 1].isalnum() or text[begin - 1] in _JOINERS):
                begin -= 1
            yield from analysis.words(text[begin: at + _LONGEST])[:1]
        else:
            yield from analysis.words(text[at: at + _LONGEST])[:1]
        at = searched.find(start, at + len(start))


def _best_form(spelt: dict[str, int]) -> str:
    """The form written by the most articles; a tie goes to the lower case ("troops" before
    "Troops"), then the first in order."""
    return min(spelt.items(), key=lambda item: (-item[1], not item[0].islower(), item[0]))[0]


@dataclass(frozen=True)
class Held:
    """The index terms of some articles, read from the segments' files of their terms."""

    held: np.ndarray  # per term (numbered here): the articles holding it
    held_by: np.ndarray  # per group of articles, per term: the group's articles holding it
    _searcher: Searcher
    _docs: np.ndarray  # the articles read
    _keys: np.ndarray  # per term: its hash (ascending)
    _pairs: tuple[np.ndarray, np.ndarray]  # each (article's place in _docs, term) held
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
        hashed = _hashes(terms)
        return sum((segment.frequencies(hashed) for segment in self._segments), np.zeros(len(terms), np.int64))

    def surfaces(self, wanted: set[str]) -> dict[str, str]:
        """Each wanted term as most of the articles read for it write it (`spell`): the files
        keep no forms, so bodies are read, the articles holding most of the wanted terms
        first (then by id), until each is held by SPELT_FROM of them (or by all that hold it)."""
        terms = sorted(wanted)
        hashed = _hashes(terms)
        numbers = np.searchsorted(self._keys, hashed).clip(0, max(len(self._keys) - 1, 0))
        known = self._keys[numbers] == hashed if len(self._keys) else np.zeros(len(terms), bool)
        name = dict(zip(numbers[known].tolist(), np.array(terms, object)[known].tolist()))
        article, term = self._pairs
        chosen = np.isin(term, list(name))
        article, term = article[chosen], term[chosen]
        held = np.bincount(term, minlength=len(self._keys))
        need = {number: min(int(held[number]), SPELT_FROM) for number in name}
        order = np.argsort(article, kind="stable")
        by_article = dict(zip(*_grouped(article[order], term[order])))
        read: dict[int, set[str]] = {}
        # Ties go by article id, not by document number: shards number the same articles
        # otherwise, and a sharded index must spell a word as one index does.
        ids = whole_column(self._searcher.reader(), "id")
        for at in sorted(by_article, key=lambda at: (-len(by_article[at]), ids[int(self._docs[at])])):
            needed = [number for number in by_article[at] if need[number]]
            if needed:
                read[int(self._docs[at])] = {name[number] for number in needed}
                for number in needed:
                    need[number] -= 1
                if not any(need.values()):
                    break
        return spell(self._searcher, read)


def _grouped(keys: np.ndarray, values: np.ndarray) -> tuple[list[int], list[list[int]]]:
    """The distinct sorted `keys`, and the `values` of each."""
    starts = np.flatnonzero(np.diff(keys, prepend=-1)) if len(keys) else np.zeros(0, np.int64)
    return keys[starts].tolist(), [part.tolist() for part in np.split(values, starts[1:])]


def _hashes(terms: list[str]) -> np.ndarray:
    return np.fromiter((term_hash(term.encode("utf-8")) for term in terms), np.uint64, len(terms))


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
    keys, first, number = _factorized(np.concatenate(hashes))
    article = np.concatenate(articles)
    width, count = (int(groups.max()) + 1 if len(groups) else 1), len(keys)
    held_by = np.bincount(groups[article] * count + number, minlength=width * count).reshape(width, count)
    segment_of = np.searchsorted(np.cumsum([len(h) for h in hashes]), first, "right")
    return Held(held_by.sum(axis=0), held_by, searcher, docs, keys, (article, number), segments, segment_of,
                np.concatenate(places)[first])


def _factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct values (sorted), a place of each in `values`, and each value's number
    among them: `numpy.unique`'s with return_index and return_inverse, by one unstable sort
    (unique's stable one took twice as long on the 150,000 hashes of a sample's terms)."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.empty(len(values), bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    number = np.empty(len(values), np.int64)
    number[order] = np.cumsum(new) - 1
    return ordered[new], order[new], number


def _held_segment(reader: Any) -> HeldSegment | None:
    data = segment_file(reader, EXT)
    return HeldSegment.parse(data) if data is not None else None
