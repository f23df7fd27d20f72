"""A long plain query read as a description of a story: which of its words to search for.

A pasted paragraph can run to a thousand words, and searching every one costs time for
little: the words that tell articles apart are the rare ones, and those the writer repeats.
So each distinct word is weighed by its rarity in the index (idf) times how often the query
says it, and the MAX_WORDS heaviest are searched, each counting as often as it was said (as
BM25 counts a repeated query word again). Words are read as the any-word matching reads
them: a hyphenated word by its parts and whole, question words ("what", "his") left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import log

from whoosh.analysis import Analyzer
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.schema.analysis import news_analyzer

MAX_WORDS = 64  # distinct words searched for one description

# Function words that the index keeps (the analyzer's stop list is short, so phrases such as
# "war of words" stay exact) but that only blur ranked any-word matching of long queries.
_QUESTION_WORDS_TEXT = """
    about above after again against all also am among any been before being below between
    both but could did do does doing down during each either else ever every few further had
    has have having he her here hers herself him himself his how however i into its itself
    just me might more most much must my myself neither never no nor now off once only other
    our ours ourselves out over own perhaps rather same she should since so some still such
    than their theirs them themselves then there these they those though through thus too
    toward towards under until upon very was were what where whether which while who whom
    whose why within without would yours yourself yourselves
"""
# Stemmed as the index stores words, so they compare with analysed query words.
QUESTION_WORDS = frozenset(t.text for t in news_analyzer()(_QUESTION_WORDS_TEXT))


def word_terms(analyzer: Analyzer, text: str, drop_question_words: bool = True) -> list[str]:
    """The index words one typed word counts by in any-word matching: "U.S." by u and s,
    "shock-sound" by shock, sound and shocksound (as the index holds it), each once."""
    whole = [t.text for t in analyzer(text, mode="query")]
    parts = [t.text for t in analyzer(text, mode="index")]  # index mode splits hyphenated words
    words = list(dict.fromkeys(parts + whole))
    return [w for w in words if w not in QUESTION_WORDS] if drop_question_words else words


@dataclass
class Described:
    """The words searched, each with how often the query says it, and how many it had."""

    counts: dict[str, int]
    distinct: int
    weighed: list[str] = field(default_factory=list)  # the words whose rarity chose them (all, when cut)


def describe(reader: IndexReader | Searcher, fields: tuple[str, ...], typed: Iterable[str],
             drop_question_words: bool = True, limit: int = MAX_WORDS,
             analyzers: Sequence[Analyzer] = ()) -> Described:
    """The `limit` words of the typed words with the highest idf x repeats, by the rarity
    `reader` reports (a shard's searcher of several reports every shard's), each typed word
    read by each of `analyzers` (the languages of the index, that of most articles first;
    English alone by default), and left out when it is a stop word of the first."""
    analyzers = analyzers or (news_analyzer(),)
    counts: Counter[str] = Counter()
    for text in typed:
        first = word_terms(analyzers[0], text, drop_question_words)
        if first:
            counts.update(list(dict.fromkeys([*first, *(w for a in analyzers[1:]
                                                      for w in word_terms(a, text, drop_question_words))])))
    if len(counts) <= limit:
        return Described(dict(counts), len(counts))
    n = max(1, reader.doc_count())

    def weight(word: str) -> tuple[float, str]:
        df = max(reader.doc_frequency(f, word) for f in fields)
        return (counts[word] * log(1 + n / df) if df else -1.0), word  # a word in no article: last

    kept = sorted(counts, key=weight, reverse=True)[:limit]
    return Described({w: counts[w] for w in kept}, len(counts), list(counts))
