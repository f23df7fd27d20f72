"""Pairs of common words side by side, kept as terms of their own: a phrase of two common
words ("had been", "last week") answered from one posting list.

A phrase is checked from its words' positions (indexer/whooshext/phrases.py). For two words
each in most articles that is millions of positions at a million articles, half a second
however they are read. Elasticsearch's `index_phrases` and Lucene's CommonGrams index word
pairs for this; every pair would double the index, so, as CommonGrams does, only pairs of
words from a short list of the commonest are kept. Each pair's posting holds how often
each of its two words occurs in the article, the counts a ranking of the phrase needs.

The pairs are not analysed from the text: when a segment is written, they are derived from
the positions its body postings already hold (`derive_pairs` in
indexer/whooshext/termpool.py), for every article of the segment, merged ones included.
Every article of such a segment has a posting of the term `PAIRS_MARK`, so a segment
written before the field existed, or merged from one, is known and read from positions.
"""

from __future__ import annotations

from typing import Any

from whoosh.fields import FieldType
from whoosh.formats import Format

# The commonest words of English news that newsdesk indexes (stop words are not indexed),
# in order of the share of articles holding them in a scale corpus built from
# allsides-news (bench/scale), topical words (names, parties, offices) left out: from
# "but", in 93% of articles, to "between", in 39%.
COMMON_WORDS = """
but has was said he who his they more new about will would their on were been also says
time up which year other there what all out had us people i after than like some no do
over so make could can just it go into call even now last two those them our because
any first work include take only get most while week how many day before back right come
told against country want way may need should think did she during these where be well
made month still much former then show point such down both see know since according part
change under question help ask look here end through own between
""".split()

# A term no word is indexed as (words hold no spaces): every article of a segment whose
# pairs were derived has a posting of it.
PAIRS_MARK = b" "


class PairCounts(Format):
    """A pair's posting: its value is how often each of the two words occurs in the
    article, as two little-endian 16-bit counts (capped at 65,535)."""

    def __init__(self) -> None:
        self.field_boost = 1.0
        self.options: dict[str, Any] = {}

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        raise TypeError("pairs are derived from their field's positions when a segment is written")

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return 1.0


class WordPairs(FieldType):
    """The pairs of `words` (terms as indexed) side by side in the field `source`, each pair
    the term "first second"; never given a value by a document, never stored or scored."""

    mark = PAIRS_MARK

    def __init__(self, source: str, words: frozenset[str]) -> None:
        super().__init__(PairCounts(), None)
        self.source = source
        self.pair_words = words

    @staticmethod
    def pair_term(first: bytes, second: bytes) -> bytes:
        return first + b" " + second


def word_pairs(source: str, analyzer: Any) -> WordPairs:
    """The pairs field of `source`, for the terms `analyzer` indexes COMMON_WORDS as."""
    return WordPairs(source, frozenset(term for word in COMMON_WORDS for term in analyzer.word_terms(word)))
