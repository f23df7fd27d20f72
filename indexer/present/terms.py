"""Distinctive words: the words over-represented in a search's matched articles against the
rest of the index, as Elasticsearch's `significant_text` and Media Cloud's top words find them.

The index holds stems ("troop"), not what people read ("troops"). The matched articles'
terms are read (written.py): every article when few match, else a random sample of
SAMPLE_SIZE (Media Cloud samples too), from the list of each article's terms the index keeps
(indexer/schema/held.py), or in an index written before it from the stored text analysed
again, about a millisecond an article. A stem held by at least MIN_ARTICLES of the articles
read is a candidate, shown in the form most of them write. How many articles of the whole
index hold it comes from the same files (or the term dictionary), as `significant_text`
takes its background counts, less the deleted articles both still count, for the words shown.

The score is Dunning's log-likelihood ratio G² (1993) over articles: holding the word or
not, inside the matched set (the articles read) or outside it (the rest of the index, the
set's share taken out). Of the measures `significant_text` offers, JLH ranks a word by how
many times likelier it is in the set, so words of three articles lead a large set;
chi-square overstates such rare words (Dunning's point). G² weighs both the rise and the
evidence for it, and reads as a test statistic: above 10.83, p < 0.001. Only words more
frequent inside the set than outside it are kept.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np
from whoosh.searching import Searcher

from indexer.kept import ReaderStore
from indexer.present.written import Held, held_words, read_words
from indexer.search.docsets import DocSet
from indexer.search.request import BadRequest, single_param
from indexer.whooshext import arrays

SAMPLE_SIZE = 150  # matched articles read to find the words; beyond, a random sample
OUTLET_SAMPLE = 100  # with by="source", each leading outlet's matching articles read (framing.py)
MIN_ARTICLES = 3  # a word in fewer of the articles read is left out (Elasticsearch's min_doc_count)
DEFAULT_TOP = 25
MAX_TOP = 100
MEASURE = "log-likelihood G² (Dunning 1993), over articles"
SPLITS = ("none", "source")  # the words of the whole set, or also each leading outlet's (framing.py)
_CHUNK = 100  # candidates looked up at a time, until the rest cannot rank
_LOOKED_FOR = 64  # a segment's deleted articles looked for one by one in a word's list, up to this many
_FREQUENCIES_KEPT = 200_000  # terms whose counts are kept per reader
_FREQUENCIES = ReaderStore(1)
# Answers kept per reader: paging through results with the words shown asks for them again.
ANSWERS = ReaderStore(32)
_SEED = 19  # the same search samples the same articles, so it finds the same words


@dataclass(frozen=True)
class TermsOptions:
    """How many words to give, how many matching articles to read at most to find them, and
    whether each leading outlet's words are given too (by="source")."""

    top: int = DEFAULT_TOP
    sample: int = SAMPLE_SIZE
    by: str = "none"
    outlet_sample: int = OUTLET_SAMPLE

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> "TermsOptions":
        top, by = single_param(params, "top"), single_param(params, "by") or "none"
        if top and not (top.isascii() and top.isdigit() and 1 <= int(top) <= MAX_TOP):  # not "²"
            raise BadRequest("top", f"top must be a whole number from 1 to {MAX_TOP}")
        if by not in SPLITS:
            raise BadRequest("by", f"by must be one of {', '.join(SPLITS)}")
        # The sample's size is not the caller's to choose.
        return cls(int(top) if top else DEFAULT_TOP, by=by)


@dataclass(frozen=True)
class DistinctiveWord:
    """One word the matched articles use more than the rest of the index."""

    word: str = field(metadata={"description": "The word as most of the matching articles read write it."})
    term: str = field(metadata={"description": "The index term (a stem) it stands for: every form of "
                                               "it is counted."})
    matching: int = field(metadata={"description": "Matching articles read (see sampled) whose body or headline "
                                                  "holds it."})
    indexed: int = field(metadata={"description": "Articles of the whole index whose body or headline holds it."})
    score: float = field(metadata={"description": "Log-likelihood G² of holding it inside the matched "
                                                  "set against outside it; above 10.83 is p < 0.001."})


@dataclass(frozen=True)
class OutletWord:
    """One word an outlet's matching articles use more than the other leading outlets' do."""

    word: str = field(metadata={"description": "The word as most of the articles read write it."})
    term: str = field(metadata={"description": "The index term (a stem) it stands for."})
    matching: int = field(metadata={"description": "The outlet's articles read (see sampled) whose body holds it."})
    others: int = field(metadata={"description": "The other outlets' articles read (see compared) whose body "
                                                 "holds it."})
    score: float = field(metadata={"description": "Log-likelihood G² of holding it in this outlet's articles "
                                                  "against the other outlets'; above 10.83 is p < 0.001."})


@dataclass(frozen=True)
class OutletWords:
    """One of the outlets with the most matches, and the words it writes more than the others."""

    source: str
    matching: int = field(metadata={"description": "The outlet's matching articles."})
    sampled: int = field(metadata={"description": "Of them, the articles read: all, or a random sample."})
    compared: int = field(metadata={"description": "The other outlets' articles read, the background."})
    words: list[OutletWord]


@dataclass(frozen=True)
class DistinctiveWords:
    """A search's distinctive words, most significant first: the `/api/terms` document."""

    query: str
    matching: int = field(metadata={"description": "Every matching article."})
    indexed: int = field(metadata={"description": "Every article of the index, the background."})
    sampled: int = field(metadata={"description": f"Matching articles read to count the words: all of them, "
                                                  f"or a random {SAMPLE_SIZE:,} when more match; 0 when "
                                                  f"there were too few, or all, to compare."})
    min_articles: int = field(metadata={"description": "A word in fewer of the articles read is left out."})
    measure: str
    words: list[DistinctiveWord]
    notices: list[str] = field(default_factory=list)
    by: str = field(default="none", metadata={"description": "source: `outlets` gives each leading outlet's "
                                                              "words against the others'."})
    outlets: list[OutletWords] = field(default_factory=list, metadata={
        "description": "With by=source: the outlets with the most matches, most first, each with the "
                       "words it writes more often than the other outlets listed (framing)."})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def distinctive_words(
    searcher: Searcher, matched: DocSet, indexed: int, query_terms: set[str], options: TermsOptions,
    query: str, notices: list[str],
) -> DistinctiveWords:
    """The `options.top` words of `matched` most over-represented against the rest of the
    `indexed` live articles, leaving out `query_terms` (the query's own, as indexed)."""
    total = len(matched)

    def answer(sampled: int, words: list[DistinctiveWord], notice: str | None = None) -> DistinctiveWords:
        said = [*notices, notice] if notice else notices
        return DistinctiveWords(query, total, indexed, sampled, MIN_ARTICLES, MEASURE, words, said)

    if total < MIN_ARTICLES:
        found = "no article matches" if not total else f"only {total} match{'es' if total == 1 else ''}"
        return answer(0, [], f"Distinctive words are counted over at least {MIN_ARTICLES} matching "
                             f"articles; {found}.")
    if total == indexed:
        return answer(0, [], "Every article matches, so there is nothing to tell them from: "
                             "type a query, or choose an outlet or dates.")
    read = sample_of(matched.array, options.sample)
    written = held_words(searcher, read) or read_words(searcher, read)
    common = np.flatnonzero(written.held >= MIN_ARTICLES)
    common = common[np.argsort(-written.held[common], kind="stable")]  # most held first
    held: dict[str, int] = {}

    def candidates() -> Iterator[str]:
        """The words that may be shown, most held first, named a chunk at a time as `_best`
        reaches them (it stops long before the last: words of a few articles)."""
        for start in range(0, len(common), _CHUNK):
            numbers = common[start: start + _CHUNK]
            for term, count in zip(written.terms_of(numbers), written.held[numbers].tolist()):
                held[term] = count
                if term not in query_terms and is_word(term):
                    yield term

    background = written.indexed if isinstance(written, Held) else partial(_frequencies, searcher)
    scored = _best(background, candidates(), held, (len(read), total, indexed), options.top)
    scored = _without_deleted(searcher, scored, held, (len(read), total, indexed))
    surface = written.surfaces({term for term, _, _ in scored})
    words = [DistinctiveWord(surface.get(term, term), term, held[term], background, round(score, 2))
             for term, background, score in scored]
    notice = None
    if not words:
        notice = (f"No word of {MIN_ARTICLES} or more of the matching articles, besides the query's own, "
                  "is more frequent in them than in the rest of the index.")
    elif len(read) < total:
        notice = (f"The words were counted in a random sample of {len(read):,} of the {total:,} matching "
                  "articles.")
    return answer(len(read), words, notice)


def sample_of(docs: np.ndarray, size: int) -> np.ndarray:
    if len(docs) <= size:
        return docs
    return np.sort(np.random.default_rng(_SEED).choice(docs, size, replace=False))


def is_word(term: str) -> bool:
    """Not a number, nor a lone letter: "2025" and the "t" of "T-72B1" say little alone."""
    return len(term) > 1 and any(c.isalpha() for c in term)


def _best(
    background: Callable[[list[str]], Sequence[int]], candidates: Iterator[str], held: dict[str, int],
    sizes: tuple[int, int, int], top: int,
) -> list[tuple[str, int, float]]:
    """The `top` candidates of highest G², with the articles of the index holding each
    (`background`, deleted ones included).

    `sizes`: the articles read, matching and indexed. Outside the set, a word is held by
    the index's articles less the set's (estimated from the articles read when sampled).
    Candidates come most held first, and a word held by `a` articles scores at most as if
    no article outside held it: once the `top`th best beats that bound, the rest (most of
    them: words of a few articles) are not looked up in the term dictionary."""
    read, total, indexed = sizes
    rest = max(indexed - total, 1)
    found: list[tuple[str, int, float]] = []
    while chunk := list(itertools.islice(candidates, _CHUNK)):
        if len(found) >= top:
            bound = g2(np.array([float(held[chunk[0]])]), read, np.zeros(1), rest)[0]
            if sorted(score for _, _, score in found)[-top] >= bound:
                break
        inside = np.array([held[t] for t in chunk], np.float64)
        counts = np.array(background(chunk), np.int64)
        outside = np.maximum(counts - inside * (total / read), 0)
        scores = g2(inside, read, outside, rest)
        over = inside / read > outside / rest
        found += [(t, int(b), float(g)) for t, b, g, up in zip(chunk, counts, scores, over) if up]
    return sorted(found, key=lambda item: (-item[2], item[0]))[:top]


def _frequencies(searcher: Searcher, terms: list[str]) -> list[int]:
    """Articles whose body holds each term, from the term dictionary (deleted ones included).
    A lookup asks every segment; the counts are kept per reader, as the next search's
    candidates are mostly the same common words."""
    reader = searcher.reader()
    kept: dict[str, int] = _FREQUENCIES.get(reader, "body", dict)
    if len(kept) > _FREQUENCIES_KEPT:
        kept.clear()
    for term in terms:
        if term not in kept:
            kept[term] = reader.doc_frequency("body", term)
    return [kept[term] for term in terms]


def _without_deleted(
    searcher: Searcher, scored: list[tuple[str, int, float]], held: dict[str, int], sizes: tuple[int, int, int],
) -> list[tuple[str, int, float]]:
    """The words shown, their index counts rid of deleted articles (which the term dictionary
    counts until a merge drops them) and scored again: for these few words only, in the
    segments that have deletions, each deleted article looked for in the word's list (a
    block of it read) while they are few, else the whole list read."""
    leaves = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
    deleted = [(reader, arrays.deleted(reader)) for reader in leaves if reader.has_deletions()]
    if not deleted or not scored:
        return scored
    read, total, indexed = sizes
    background = np.array([count for _, count, _ in scored], np.int64)
    for n, (term, _, _) in enumerate(scored):
        text = term.encode("utf-8")
        for reader, gone in deleted:
            if len(gone) <= _LOOKED_FOR:
                background[n] -= arrays.held_among(reader, "body", text, gone)
            else:
                ids, _ = arrays.postings(reader, "body", text, weights=False)
                background[n] -= np.count_nonzero(np.isin(ids, gone))
    inside = np.array([held[term] for term, _, _ in scored], np.float64)
    outside = np.maximum(background - inside * (total / read), 0)
    scores = g2(inside, read, outside, max(indexed - total, 1))
    again = [(term, int(b), float(g)) for (term, _, _), b, g in zip(scored, background, scores)]
    return sorted(again, key=lambda item: (-item[2], item[0]))


def g2(a: np.ndarray, n1: float, c: np.ndarray, n2: float) -> np.ndarray:
    """Dunning's G² of the 2x2 table: `a` of `n1` articles against `c` of `n2` hold the word."""
    observed = np.stack([a, n1 - a, c, n2 - c])
    with_word = (a + c) / (n1 + n2)
    expected = np.stack([n1 * with_word, n1 * (1 - with_word), n2 * with_word, n2 * (1 - with_word)])
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * cells.sum(axis=0)
