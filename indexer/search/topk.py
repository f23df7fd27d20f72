"""The best-scored articles of a matched set, found by scoring every match with numpy.

Whoosh ranks by stepping a matcher tree through every matching article, scoring each in
Python: about ten microseconds an article, seconds for a broad word at a million
articles. Here each word's whole posting list is read as arrays (indexer/whooshext/arrays.py)
and scored at once with the weighting model's own formula; the matched set's articles
whose score could be among the first `limit` become the candidates, and Whoosh ranks only
those (`Within`), with its own scores, by the query less the any-word words that none of
them holds (otherwise it reads all of a description's up to 128 word lists). Articles whose numpy score is within a relative
TOLERANCE of the limit's are kept too, so float rounding cannot change which articles or
in what order: the result is Whoosh's exhaustive top `limit` (tests compare them).

A query is scored this way when its score is a sum of word scores that numpy can repeat:
words, phrases (the sum of their words' scores where the phrase matches), AND, OR, NOT,
with a model that offers `scores` (In_expB2) and no final adjustment (the recency boost).
Anything else returns None and is ranked by Whoosh alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.query import And, AndNot, Not, Or, Query, Term
from whoosh.searching import Searcher

from indexer.search.docsets import DocSet, smallest
from indexer.search.matches import matching_docs, term_postings
from indexer.whooshext import arrays
from indexer.whooshext.phrases import FastPhrase

TOLERANCE = 1e-9


@dataclass(frozen=True)
class _Leaf:
    field: str
    text: bytes
    boost: float
    within: Query | None  # a phrase: the word counts only where the phrase matches
    place: int = 0  # the word's place in that phrase


@dataclass
class Candidates:
    """The articles that may be among the first `limit`, and the query to rank them by:
    `query` less the words of its any-word parts that none of them holds (such a word adds
    nothing to their scores; Whoosh would still read its postings to find that out)."""

    docs: list[int]
    query: Query


def candidates(searcher: Searcher, query: Query, matched: DocSet, limit: int) -> list[int] | None:
    """The matched articles that may be among the first `limit` by score (every one whose
    score reaches the limit's, less the tolerance), or None when numpy cannot score `query`."""
    found = best_candidates(searcher, query, matched, limit)
    return None if found is None else found.docs


def best_candidates(searcher: Searcher, query: Query, matched: DocSet, limit: int) -> Candidates | None:
    """`candidates`, with the query to rank them by; None when numpy cannot score `query`."""
    if len(matched) <= limit:
        return Candidates(list(matched), query)
    if limit <= 0:
        return Candidates([], query)
    weighting = searcher.weighting
    if getattr(weighting, "use_final", False):
        return None
    leaves = _leaves(query, 1.0, None)
    if leaves is None:
        return None
    scores = np.zeros(len(matched), np.float64)
    place_of = _places(matched)
    held: list[tuple[tuple[str, bytes], np.ndarray]] = []  # each word's places in `matched`
    for leaf in leaves:
        if leaf.field not in searcher.schema or not searcher.schema[leaf.field].scorable:
            return None
        if (leaf.field, leaf.text) not in searcher.reader():
            continue
        scorer = weighting.scorer(searcher, leaf.field, leaf.text)
        if not hasattr(scorer, "scores"):
            return None
        found = _in_phrase(searcher, leaf, place_of) if isinstance(leaf.within, FastPhrase) else None
        if found is None:
            among = None if leaf.within is None else _places(matching_docs(searcher, leaf.within))
            found = _postings(searcher, leaf, place_of, among)
        for places, weights, lengths in found:
            scores[places] += leaf.boost * scorer.scores(weights, lengths)
            held.append(((leaf.field, leaf.text), places))
    bar = smallest(scores, limit, largest=True).min()
    keep = scores >= bar - TOLERANCE * abs(bar)
    used = {word for word, places in held if keep[places].any()}
    return Candidates(matched.array[keep].tolist(), _pruned(query, used) or query)


def _pruned(query: Query, used: set[tuple[str, bytes]]) -> Query | None:
    """`query` without the words of its any-word parts outside `used` (None when nothing is
    left of it); every part that all its matches must hold is kept as it is."""
    if isinstance(query, And):
        parts = [_pruned(child, used) or child for child in query.subqueries]
        return And(parts, boost=query.boost)
    if isinstance(query, AndNot):  # its boost is always its positive side's
        return AndNot(_pruned(query.a, used) or query.a, query.b)
    if type(query) is not Or or query.minmatch or query.scale is not None:
        return query
    kept = []
    for child in query.subqueries:
        if isinstance(child, Term):
            if (child.fieldname, _bytes(child.text)) in used:
                kept.append(child)
        elif (pruned := _pruned(child, used)) is not None:
            kept.append(pruned)
    return Or(kept, boost=query.boost) if kept else None


def _postings(
    searcher: Searcher, leaf: _Leaf, matched: np.ndarray, among: np.ndarray | None
) -> Iterator[tuple[np.ndarray, ...]]:
    """The word's postings in the matched articles (and in `among`, when given; both as
    `_places` gives them): their places in the matched set, weights and field lengths,
    segment by segment."""
    for segment in term_postings(searcher, leaf.field, leaf.text):
        docs = segment.ids + segment.offset
        wanted, places = _found(docs, matched)
        if among is not None:
            wanted &= _found(docs, among)[0]
        if wanted.any():
            lengths = arrays.field_lengths(segment.reader, leaf.field)[segment.ids[wanted]]
            yield places[wanted], segment.weights[wanted], lengths


def _in_phrase(searcher: Searcher, leaf: _Leaf, matched: np.ndarray) -> list[tuple[np.ndarray, ...]] | None:
    """`_postings` of a phrase's word from the counts its positions gave (the word's whole
    posting list, for a common word most of the index's articles, is not read again), or
    None when the phrase was not matched from positions as arrays."""
    phrase = leaf.within
    assert isinstance(phrase, FastPhrase)
    boost = searcher.schema[leaf.field].format.field_boost  # a weight is the count times it
    found = []
    for segment, offset in searcher.leaf_searchers():
        got = phrase.segment_found(segment)
        if got is None or (got.counts is None and len(got.docs)):
            return None
        if not len(got.docs):
            continue
        ids = np.frombuffer(got.docs, np.uint32).astype(np.int64)
        wanted, places = _found(ids + offset, matched)
        if wanted.any():
            lengths = arrays.field_lengths(segment.reader(), leaf.field)[ids[wanted]]
            found.append((places[wanted], got.counts[leaf.place][wanted] * boost, lengths))
    return found


def _places(within: DocSet) -> np.ndarray:
    """Each document number's place in `within`, -1 where it is not in it (up to its last):
    a lookup a posting, where a binary search in the matched set took half of scoring a
    broad word at a million articles."""
    places = np.full(int(within.array[-1]) + 1 if len(within) else 0, -1, np.int64)
    places[within.array] = np.arange(len(within))
    return places


def _found(docs: np.ndarray, places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of the sorted `docs` are in the set `places` was made from, and where."""
    inside = np.searchsorted(docs, len(places))  # docs past the set's last are not in it
    found = np.full(len(docs), -1, np.int64)
    found[:inside] = places[docs[:inside]]
    return found >= 0, found


def _leaves(query: Query, boost: float, within: Query | None) -> list[_Leaf] | None:
    """The words whose scores add up to `query`'s score, or None for a query scored otherwise."""
    boost *= query.boost
    if isinstance(query, Term):
        return [_Leaf(query.fieldname, _bytes(query.text), boost, within)]
    if isinstance(query, FastPhrase):
        return [_Leaf(query.fieldname, _bytes(word), boost, query, n) for n, word in enumerate(query.words)]
    if isinstance(query, AndNot):
        return _leaves(query.a, boost, within)
    if isinstance(query, Not):
        return []
    plain_or = type(query) is Or and not query.minmatch and query.scale is None  # a sum of its parts
    if isinstance(query, And) or plain_or:
        found: list[_Leaf] = []
        for child in query.subqueries:
            leaves = _leaves(child, boost, within)
            if leaves is None:
                return None
            found += leaves
        return found
    return None


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")
