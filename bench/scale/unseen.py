"""Queries never asked before: for each kind of the perf query mix, queries drawn from a corpus
whose share of matched articles is in the band of the mix's own queries of that kind.

The mix was chosen on the real corpus; these words were not, and no two queries share a word
(nor a stem), so each can be timed once as the first of its kind.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path

from whoosh.lang.porter import stem

from bench.perf.pages import KINDS, MIX, Query
from bench.scale import heaps
from bench.scale.measure import count, lines, matcher
from indexer.schema.analysis import NEWS_STOP_WORDS, WORD_PATTERN

SAMPLE = 10_000
# A candidate matches between 1/WIDEN of the least and WIDEN times the most of the mix's
# queries of its kind (shares measured on the same sample).
WIDEN = 2.0
# Sources a phrase + source query may name: those with at least this share of the sample.
MIN_SOURCE_SHARE = 0.02

# Words, the words joined, source, the word list, and the words a query may use: no stop word,
# and seen whole by newsdesk's analyzer too ("don" of "don't" is not one: it indexes "dont").
_Doc = tuple[set[str], str, str | None, list[str], set[str]]
_WHOLE = re.compile(WORD_PATTERN)


def unseen_queries(path: Path, per_kind: int = 10, seed: int = 0, sample: int = SAMPLE) -> list[Query]:
    """`per_kind` queries of each kind of the mix, drawn from an evenly spread sample of the
    corpus at `path` (JSON Lines)."""
    step = max(1, count(path) // sample)
    return draw([json.loads(line) for line in islice(lines(path), 0, None, step)], per_kind, seed)


def draw(articles: Sequence[dict], per_kind: int = 10, seed: int = 0) -> list[Query]:
    """`per_kind` queries of each kind drawn from `articles` (each matches at least one)."""
    docs = [_doc(article) for article in articles]
    if not docs:
        return []
    rng = random.Random(seed)
    used = {stem(word) for query in MIX for word in heaps.words(query.q)}
    words = Counter(word for doc in docs for word in doc[4])
    sources = Counter(doc[2] for doc in docs)
    large = sorted(str(s) for s, n in sources.items() if s and n >= MIN_SOURCE_SHARE * len(docs))
    pairs: Counter[tuple[str, str]] = Counter()
    pairs_in: dict[str, Counter[tuple[str, str]]] = {source: Counter() for source in large}
    for doc in docs:
        mine = _pairs(doc[3], doc[4])
        pairs.update(mine)
        if doc[2] in pairs_in:
            pairs_in[doc[2]].update(mine)
    found: list[Query] = []
    for kind in KINDS:
        low, high = _band(kind, docs)
        candidates: list[Query] = []
        if kind in ("two words", "phrase"):
            shares = ((pair, n / len(docs)) for pair, n in pairs.items())
            within = [f"{a} {b}" for a, b in sorted(pair for pair, share in shares if low <= share <= high)]
            candidates = [Query(kind, f'"{text}"' if kind == "phrase" else text) for text in within]
        elif kind == "phrase + source":
            for source in large:
                within = sorted(p for p, k in pairs_in[source].items() if low <= k / sources[source] <= high)
                candidates += [Query(kind, f'"{a} {b}"', source=source) for a, b in within]
        else:
            candidates = [Query(kind, word, newest=kind == "date-sorted")
                          for word in sorted(w for w, n in words.items() if low <= n / len(docs) <= high)]
        rng.shuffle(candidates)
        found += _distinct(candidates, per_kind, used, docs if kind == "two words" else None, (low, high))
    return found


def _doc(article: dict) -> _Doc:
    text = f"{article.get('title') or ''}\n{article.get('body') or ''}".lower()
    found = heaps.words(text)
    usable = {word for word in set(_WHOLE.findall(text)) if _eligible(word)}
    return set(found), f" {' '.join(found)} ", article.get("source"), found, usable


def _eligible(word: str) -> bool:
    return len(word) >= 3 and word.isascii() and word.isalpha() and word not in NEWS_STOP_WORDS


def _pairs(found: list[str], usable: set[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in zip(found, found[1:]) if a != b and a in usable and b in usable}


def _band(kind: str, docs: list[_Doc]) -> tuple[float, float]:
    """The shares of articles the mix's queries of `kind` match on these articles, widened;
    never below one article, so that every query drawn matches something."""
    shares = []
    for query in (q for q in MIX if q.kind == kind):
        matches = matcher(query)
        if query.source:
            mine = [doc for doc in docs if doc[2] == query.source]
            shares.append(sum(matches(*doc[:3]) for doc in mine) / max(1, len(mine)))
        else:
            shares.append(sum(matches(*doc[:3]) for doc in docs) / len(docs))
    least = 1 / len(docs)
    return max(least, min(shares) / WIDEN), max(least, max(shares) * WIDEN)


def _distinct(candidates: list[Query], wanted: int, used: set[str], docs: list[_Doc] | None,
              band: tuple[float, float]) -> list[Query]:
    """The first `wanted` candidates whose words share no stem with any query taken so far;
    for two unquoted words, the articles with both must still be within the band."""
    taken = []
    share: Callable[[Query], float] = lambda q: sum(matcher(q)(*doc[:3]) for doc in docs) / len(docs)  # noqa: E731
    for query in candidates:
        stems = {stem(word) for word in heaps.words(query.q)}
        if stems & used or (docs is not None and not band[0] <= share(query) <= band[1]):
            continue
        used |= stems
        taken.append(query)
        if len(taken) == wanted:
            break
    return taken
