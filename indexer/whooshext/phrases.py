"""Exact phrases matched from word positions alone, scored as Whoosh scores them.

Whoosh checks a phrase by building span objects from every position and character offset
of each word, in every article holding all the words, and does it again for each search
(the matched set, then the ranked page). Here the articles holding a phrase are found once
per segment reader, and positions are decoded only in the articles that may hold it. A
format that decodes many postings at once (`decode_joined`, indexer/schema/postings.py) has
them compared as numpy arrays, block by block (indexer/whooshext/arrays.py), in the rarest
word's articles, narrowed word by word; any other has the words' article lists intersected
first and positions compared as sets of integers, article by article. The list is kept
per reader.

A phrase searched within a filter (an outlet, some dates) is narrowed to the filter's articles
first (`phrases_among`): positions are then read only in the articles the filter keeps, and
its article lists are kept under the filter too.

`FastPhrase` scores exactly as Whoosh's phrase: Whoosh scores a phrase as the sum of its
words' scores (the intersection of the word matchers under the span check); here the same
intersection runs within the phrase's articles, which add 0.0 (indexer/whooshext/within.py).
`fast_phrases(query)` swaps each exact phrase (adjacent words) of a query for one. The
positions read also count each word in each article holding the phrase (`segment_counts`):
the weights a ranking needs, without reading the common words' whole posting lists again.

Relies on whoosh3 3.54.0 internals:
- `SpanQuery._span_context`: the matcher context Whoosh's phrase gives its words' matchers.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Sequence

import numpy as np
from whoosh import matching
from whoosh.matching import IntersectionMatcher, Matcher, NullMatcher
from whoosh.query import Phrase, Query, SpanQuery, Term
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree

from indexer.kept import ReaderStore
from indexer.whooshext import arrays
from indexer.whooshext.mapped import list_values
from indexer.whooshext.within import Docs, QualityWithinMatcher, segment_offset

# Phrase article lists kept per segment reader, least recently used dropped first: at most
# this many, holding this many numbers in all (articles and counts, 4 bytes each).
PHRASES_KEPT = 256
NUMBERS_KEPT = 400_000
_KEPT = ReaderStore(PHRASES_KEPT, budget=NUMBERS_KEPT, size=lambda found: found.size)


@dataclass(frozen=True)
class PhraseFound:
    """The articles of a segment holding a phrase (sorted, deleted ones left out), and when
    the positions were read as arrays, how often each word of the phrase occurs in each."""

    docs: Sequence[int]
    counts: list[np.ndarray] | None  # per word of the phrase, in its order: one per article

    @property
    def size(self) -> int:
        return len(self.docs) * (1 + len(self.counts or ()))


def fast_phrases(query: Query) -> Query:
    """`query` with its exact phrases matched by `FastPhrase`."""
    return query.accept(_swap)


def phrases_among(query: Query, docs: np.ndarray, key: Hashable) -> Query:
    """`query` with each `FastPhrase` matching only among `docs` (sorted document numbers of
    the whole index, of one reader, named by `key`, say the filter query that chose them):
    what it matches within those articles is unchanged, and so are scores."""
    if not any(isinstance(q, FastPhrase) for q in query.leaves()):
        return query
    return query.accept(lambda q: q.narrowed_to(docs, key) if isinstance(q, FastPhrase) else q)


def _swap(query: Query) -> Query:
    if type(query) is Phrase and query.slop == 1 and len(query.words) > 1:
        return FastPhrase(query.fieldname, list(query.words), boost=query.boost)
    return query


class FastPhrase(Phrase):
    """An exact phrase (adjacent words), matched from positions, scored as Whoosh does;
    with `among`, only in those articles (document numbers of the whole index, sorted)."""

    among: np.ndarray | None = None
    among_key: Hashable = None  # names `among` in the caches of one reader

    def narrowed_to(self, docs: np.ndarray, key: Hashable) -> FastPhrase:
        narrowed = FastPhrase(self.fieldname, list(self.words), boost=self.boost)
        narrowed.among, narrowed.among_key = docs, key
        return narrowed

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.among_key == other.among_key  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.among_key)

    def segment_docs(self, searcher: Searcher) -> Sequence[int] | None:
        """The sorted document numbers of a segment's searcher holding the phrase (deleted
        articles left out), or None for a field without positions (Whoosh's phrase then)."""
        found = self.segment_found(searcher)
        return None if found is None else found.docs

    def segment_found(self, searcher: Searcher) -> PhraseFound | None:
        """`segment_docs` with each word's count in those articles where the field's format
        reads positions as arrays; None for a field without positions."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return None
        reader = searcher.reader()
        words = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return _NOWHERE
            if (self.fieldname, word) not in reader:
                return _NOWHERE
            words.append(word)
        among = None
        if self.among is not None:  # the articles of this segment among them, numbered in it
            offset = segment_offset(searcher)
            low, high = np.searchsorted(self.among, [offset, offset + reader.doc_count_all()])
            among = self.among[low:high] - offset
            if not len(among):
                return _NOWHERE
        key = (self.fieldname, tuple(words), self.among_key)
        pairs = _pairs_field(searcher.schema, reader, self.fieldname, words)
        if pairs is not None:
            return _KEPT.get(reader, ("pairs", *key), lambda: _pair_postings(reader, *pairs, words, among))
        return _phrase_docs(reader, self.fieldname, words, field.format, among, key)

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        docs = self.segment_docs(searcher)
        if docs is None:
            return super().matcher(searcher, context)
        if not docs:
            return NullMatcher()
        words = [searcher.schema[self.fieldname].to_bytes(word) for word in self.words]
        if context is not None and context.weighting is None and not context.needs_current:
            return Docs(docs)  # only which articles match (Query.docs): no scores, no words
        # The word matchers as Whoosh's phrase makes them (span context: matchers kept current).
        context = SpanQuery._span_context(context)
        ms = [Term(self.fieldname, word).matcher(searcher, context) for word in words]
        m: Matcher = QualityWithinMatcher(Docs(docs), make_binary_tree(IntersectionMatcher, ms))
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


_NOWHERE = PhraseFound(array("I"), None)


def _pairs_field(schema: Any, reader: Any, fieldname: str, words: list[bytes]) -> tuple[str, Any] | None:
    """The field keeping the pair of two common words side by side (a field whose type has
    `pair_words` and `source`, indexer/schema/pairs.py), and its type; None when there is
    no such field, the words are not both common, or the segment was written without."""
    name, pairs = next(((name, field) for name, field in schema.items()
                        if getattr(field, "source", None) == fieldname and hasattr(field, "pair_words")),
                       (None, None))
    if pairs is None or len(words) != 2:
        return None
    if not all(word.decode("utf-8") in pairs.pair_words for word in words):
        return None
    if reader.doc_frequency(name, pairs.mark) != reader.doc_count_all():
        return None  # a segment (or a part of one) written before the pairs were kept
    return name, pairs


def _pair_postings(reader: Any, name: str, pairs: Any, words: list[bytes], among: np.ndarray | None) -> PhraseFound:
    """The pair of `words` from its postings in field `name`, each posting's value their
    counts, in the articles `among` (all when None)."""
    ids, _, joined = arrays.values(reader, name, pairs.pair_term(*words))
    counts = np.frombuffer(joined, "<u2").reshape(-1, 2).astype(np.uint32)
    live = ~np.isin(ids, arrays.deleted(reader), assume_unique=True)
    if among is not None:
        live &= arrays.among(ids, among)
    return PhraseFound(_numbers(ids[live]), [counts[live, 0], counts[live, 1]])


def _phrase_docs(reader: Any, fieldname: str, words: list[bytes], format_: Any, among: np.ndarray | None,
                 key: Hashable) -> PhraseFound:
    def find() -> PhraseFound:
        if hasattr(format_, "decode_joined"):
            return phrase_docs_arrays(reader, fieldname, words, format_.decode_joined, among)
        return PhraseFound(phrase_docs(reader, fieldname, words, format_.decode_positions, among), None)

    return _KEPT.get(reader, key, find)


def phrase_docs_arrays(reader: Any, fieldname: str, words: list[bytes], decode_joined: arrays.DecodeJoined,
                       among: np.ndarray | None = None) -> PhraseFound:
    """`phrase_docs` with each word's positions read as arrays, many postings at once, and
    each word's count in the articles found."""
    order = sorted(range(len(words)), key=lambda i: reader.doc_frequency(fieldname, words[i]))
    # The rarest word's articles are the candidates; reading the next word's positions in
    # them narrows them down, and so on. Its own positions are read once the second word
    # has narrowed them, from its list as read for the candidates (where its values lie),
    # and no word's article list is read apart from its positions.
    matcher = arrays.list_matcher(reader, fieldname, words[order[0]])
    rarest = list_values(matcher) if matcher is not None else None  # None: not laid out as arrays
    candidates = rarest.ids if rarest is not None else arrays.postings(reader, fieldname, words[order[0]],
                                                                       weights=False)[0]
    candidates = candidates[~arrays.among(candidates, arrays.deleted(reader))]
    if among is not None:
        candidates = candidates[arrays.among(candidates, among)]
    starts = None  # (article, where the phrase would start) as one integer per position
    counted: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # word -> articles read, its counts
    for i in [*order[1:2], order[0], *order[2:]]:
        if not len(candidates):
            return _NOWHERE
        docs, found = arrays.positions(reader, fieldname, words[i], candidates, decode_joined,
                                       rarest if i == order[0] else None)
        counted[i] = _runs(docs)
        # Distinct: a word may repeat a position (the parts of "kilo-kilo"), and intersect1d
        # taking unique input would count a repeat as a match.
        here = arrays.distinct((docs << 32) + (found + (len(words) - i)))
        starts = here if starts is None else _common(starts, here)
        candidates = arrays.distinct(starts >> 32)
    # Every word's positions were read in articles the phrase narrowed down to since.
    counts = [counts[np.searchsorted(docs, candidates)].astype(np.uint32)
              for docs, counts in (counted[i] for i in range(len(words)))]
    return PhraseFound(_numbers(candidates), counts)


def _common(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values two sorted arrays of distinct values share: `numpy.intersect1d`, with
    the two sorted runs merged by a stable sort (a merge), not sorted anew (0.7x the time)."""
    both = np.concatenate((first, second))
    both.sort(kind="stable")
    return both[:-1][both[1:] == both[:-1]]


def _numbers(docs: np.ndarray) -> array:
    """Document numbers as the unsigned ints Whoosh's matchers and the kept lists take."""
    found = array("I")
    found.frombytes(docs.astype(f"=u{found.itemsize}").tobytes())
    return found


def _runs(docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of sorted `docs` and how many times each occurs."""
    if not len(docs):
        return docs, docs
    starts = np.flatnonzero(np.concatenate(([True], docs[1:] != docs[:-1])))
    return docs[starts], np.diff(np.append(starts, len(docs)))


def phrase_docs(reader: Any, fieldname: str, words: list[bytes], positions: Callable[[bytes], list[int]],
                among: np.ndarray | None = None) -> Sequence[int]:
    """The document numbers (of a segment's reader) holding `words` at adjacent positions,
    among those of `among` when given."""
    # The rarest word first: its articles bound the candidates.
    order = sorted(range(len(words)), key=lambda i: reader.doc_frequency(fieldname, words[i]))
    candidates = set(reader.postings(fieldname, words[order[0]]).all_ids())
    if among is not None:
        candidates.intersection_update(among.tolist())
    for i in order[1:]:
        if not candidates:
            return array("I")
        candidates.intersection_update(reader.postings(fieldname, words[i]).all_ids())
    # Each word's positions shifted back by its place in the phrase: the phrase starts
    # wherever the shifted sets of all its words meet.
    starts: dict[int, set[int]] = {}
    for i in order:
        if not candidates:
            return array("I")
        matcher = reader.postings(fieldname, words[i])
        for doc in sorted(candidates):
            matcher.skip_to(doc)
            here = {p - i for p in positions(matcher.value())}
            known = starts.get(doc)
            if known is None:
                starts[doc] = here
            else:
                known &= here
                if not known:
                    candidates.discard(doc)
    return array("I", sorted(candidates))
