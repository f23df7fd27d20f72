"""Distinctive words: the words over-represented in a search's matched articles against the
rest of the index, as Elasticsearch's `significant_text` and Media Cloud's top words find them.

The index holds stems ("troop"), not what people read ("troops"), and keeps no list of
an article's words. So, like `significant_text`, the matched articles' stored text is read
again: every article when few match, else a random sample of SAMPLE_SIZE (as Media Cloud
samples), split into words as the index splits them (indexer/schema/analysis.py). Each stem
found in at least MIN_ARTICLES of them is a candidate, shown in the form the articles write
most often. The best candidates are then counted exactly from the posting lists: articles
of the whole set, and of the whole index, holding the word in the title or the body.

The score is Dunning's log-likelihood ratio G² (1993) over articles: holding the word or
not, inside the matched set or outside it. Of the measures `significant_text` offers, JLH
ranks a word by how many times likelier it is in the set, so words of three articles lead
a large set; chi-square overstates such rare words (Dunning's point). G² weighs both the
rise and the evidence for it, and reads as a test statistic: above 10.83, p < 0.001.
Only words more frequent inside the set than outside it are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
from whoosh.searching import Searcher

from indexer.schema.analysis import WORD_PATTERN
from indexer.search.docsets import DocSet
from indexer.search.request import BadRequest
from indexer.whooshext import arrays

SAMPLE_SIZE = 1_000  # matched articles read to find the words; beyond, a random sample
MIN_ARTICLES = 3  # a word in fewer of the articles read is left out (Elasticsearch's min_doc_count)
DEFAULT_TOP = 25
MAX_TOP = 100
MEASURE = "log-likelihood G² (Dunning 1993), over articles"
_FIELDS = ("title", "body")
_EXACT_PER_WORD = 3  # candidates counted exactly per word shown: the sample's order is rough
_CHUNK = 200  # candidates looked up at a time, until the rest cannot rank
_SEED = 19  # the same search samples the same articles, so it finds the same words
_WORD = re.compile(WORD_PATTERN)
_HYPHENS = re.compile("[-\u2010\u2011]")  # as indexer/schema/analysis.py splits a name


@dataclass(frozen=True)
class TermsOptions:
    """How many words to give, and how many matching articles to read at most to find them."""

    top: int = DEFAULT_TOP
    sample: int = SAMPLE_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> "TermsOptions":
        value = params.get("top")
        values = [value] if isinstance(value, str) else [v for v in value or () if v]
        if len(values) > 1:
            raise BadRequest("top", "top may be given only once")
        top = values[0].strip() if values else ""
        if top and not (top.isdigit() and 1 <= int(top) <= MAX_TOP):
            raise BadRequest("top", f"top must be a whole number from 1 to {MAX_TOP}")
        return cls(int(top) if top else DEFAULT_TOP)  # the sample's size is not the caller's to choose


@dataclass(frozen=True)
class DistinctiveWord:
    """One word the matched articles use more than the rest of the index."""

    word: str = field(metadata={"description": "The word as the matched articles most often write it."})
    term: str = field(metadata={"description": "The index term (a stem) it stands for: every form of "
                                               "it is counted."})
    matching: int = field(metadata={"description": "Matching articles holding it, in the title or body."})
    indexed: int = field(metadata={"description": "Articles of the whole index holding it."})
    score: float = field(metadata={"description": "Log-likelihood G² of holding it inside the matched "
                                                  "set against outside it; above 10.83 is p < 0.001."})


@dataclass(frozen=True)
class DistinctiveWords:
    """A search's distinctive words, most significant first: the `/api/terms` document."""

    query: str
    matching: int = field(metadata={"description": "Every matching article."})
    indexed: int = field(metadata={"description": "Every article of the index, the background."})
    sampled: int = field(metadata={"description": f"Matching articles read to find the words: all of them, "
                                                  f"or a random {SAMPLE_SIZE:,} when more match. The "
                                                  f"counts are over all of them either way."})
    min_articles: int = field(metadata={"description": "A word in fewer of the articles read is left out."})
    measure: str
    words: list[DistinctiveWord]
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def distinctive_words(
    searcher: Searcher, matched: DocSet, everything: DocSet, query_terms: set[str], options: TermsOptions,
    query: str, notices: list[str],
) -> DistinctiveWords:
    """The `options.top` words of `matched` most over-represented against the rest of `everything`
    (every live article), leaving out `query_terms` (the query's own, as indexed)."""
    total, indexed = len(matched), len(everything)

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
    read = _sample(matched.array, options.sample)
    held, forms = _words_of(searcher, read)
    candidates = [t for t, n in held.most_common() if n >= MIN_ARTICLES and t not in query_terms and _is_word(t)]
    if not candidates:
        return answer(len(read), [], f"No word is in {MIN_ARTICLES} or more of the matching articles "
                                     "besides the query's own.")
    best = _rough_best(searcher, candidates, held, len(read), indexed, options.top * _EXACT_PER_WORD)
    inside, overall = _exact_counts(searcher, best, matched.array)
    score = _g2(inside, total, overall - inside, indexed - total)
    over = inside / total > (overall - inside) / (indexed - total)
    ranked = sorted((n for n in range(len(best)) if over[n] and inside[n] >= MIN_ARTICLES),
                    key=lambda n: (-score[n], best[n]))[:options.top]
    words = [DistinctiveWord(_surface(forms, best[n]), best[n], int(inside[n]), int(overall[n]),
                             round(float(score[n]), 2)) for n in ranked]
    notice = None
    if len(read) < total:
        notice = (f"The words were found in a random sample of {len(read):,} of the {total:,} matching "
                  "articles; their counts are over all of them.")
    return answer(len(read), words, notice)


def _sample(docs: np.ndarray, size: int) -> np.ndarray:
    if len(docs) <= size:
        return docs
    return np.sort(np.random.default_rng(_SEED).choice(docs, size, replace=False))


def _words_of(searcher: Searcher, docs: np.ndarray) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """How many of `docs` hold each index term (title or body), and each term's forms as written."""
    analyzer = searcher.schema["body"].analyzer
    split = _WORD.findall
    held: Counter[str] = Counter()
    written: Counter[str] = Counter()
    for docnum in docs.tolist():
        stored = searcher.stored_fields(docnum)
        words = split(f"{stored.get('title') or ''}\n{stored.get('body') or ''}")
        written.update(words)
        terms: set[str] = set()
        for word in set(words):
            terms.update(analyzer.word_terms(word))
        held.update(terms)
    forms: dict[str, Counter[str]] = {}
    for word, count in written.items():
        terms = analyzer.word_terms(word)
        if not terms:
            continue
        forms.setdefault(terms[-1], Counter())[word] += count  # a hyphenated name's whole is last
        parts = [part for part in _HYPHENS.split(word) if part]
        if len(terms) == len(parts) + 1:  # before it, its parts, each written as in the name
            for term, part in zip(terms, parts):
                forms.setdefault(term, Counter())[part] += count
    return held, forms


def _surface(forms: dict[str, Counter[str]], term: str) -> str:
    written = forms.get(term)
    # Most often written first; a tie goes to the lower case ("troops" before "Troops").
    return min(written.items(), key=lambda item: (-item[1], not item[0].islower(), item[0]))[0] if written else term


def _is_word(term: str) -> bool:
    """Not a number, nor a lone letter: "2025" and the "t" of "T-72B1" say little alone."""
    return len(term) > 1 and any(c.isalpha() for c in term)


def _rough_best(
    searcher: Searcher, candidates: list[str], held: Counter[str], read: int, indexed: int, wanted: int,
) -> list[str]:
    """The `wanted` candidates of highest G² for the articles read against the whole index,
    by each term's document frequency. Candidates come most held first, and a word held by
    `a` articles scores at most as if no other article held it: once the `wanted`th best
    beats that bound, the rest (most of them: words of a few articles) are not looked up."""
    rest = max(indexed - read, 1)
    scores: dict[str, float] = {}
    for start in range(0, len(candidates), _CHUNK):
        chunk = candidates[start: start + _CHUNK]
        if len(scores) >= wanted:
            bound = _g2(np.array([float(held[chunk[0]])]), read, np.zeros(1), rest)[0]
            if sorted(scores.values(), reverse=True)[wanted - 1] >= bound:
                break
        found = np.array([held[t] for t in chunk], np.float64)
        outside = np.maximum(np.array([_doc_frequency(searcher, t) for t in chunk], np.float64) - found, 0)
        rough = _g2(found, read, outside, rest)
        over = found / read > outside / rest
        scores.update((t, float(g)) for t, g, up in zip(chunk, rough, over) if up)
    return sorted(scores, key=lambda t: (-scores[t], t))[:wanted]


def _doc_frequency(searcher: Searcher, term: str) -> int:
    """Articles holding `term` in the title or the body, at most: a rough count from the term
    dictionaries (deleted articles included, both fields summed), enough to rank candidates."""
    reader = searcher.reader()
    return sum(reader.doc_frequency(f, term) for f in _FIELDS)


def _exact_counts(searcher: Searcher, terms: list[str], matched: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each term, the live articles holding it in the title or body: of `matched`, and of all."""
    inside = np.zeros(len(terms), np.float64)
    overall = np.zeros(len(terms), np.float64)
    leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
    deleted = [arrays.deleted(reader) for reader, _ in leaves]
    for n, term in enumerate(terms):
        parts = []
        for (reader, offset), gone in zip(leaves, deleted):
            for name in _FIELDS:
                ids, _ = arrays.postings(reader, name, term.encode("utf-8"), weights=False)
                parts.append((ids[~np.isin(ids, gone)] if len(gone) else ids) + offset)
        docs = arrays.distinct(np.concatenate(parts))
        overall[n] = len(docs)
        inside[n] = np.count_nonzero(np.isin(docs, matched, assume_unique=True))
    return inside, overall


def _g2(a: np.ndarray, n1: float, c: np.ndarray, n2: float) -> np.ndarray:
    """Dunning's G² of the 2x2 table: `a` of `n1` articles against `c` of `n2` hold the word."""
    observed = np.stack([a, n1 - a, c, n2 - c])
    with_word = (a + c) / (n1 + n2)
    expected = np.stack([n1 * with_word, n1 * (1 - with_word), n2 * with_word, n2 * (1 - with_word)])
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * cells.sum(axis=0)
