"""The English news analysis as a plain Whoosh chain: the definition NewsAnalyzer caches
(indexer/schema/analysis.py), and what it answers plain words with."""

from __future__ import annotations

from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from indexer.schema.filters import ApostropheFilter, CompoundFilter

# A word, optionally joined to more words by hyphens or apostrophes, so that "T-72B1",
# "Mi-17V-5" and "Russia’s" reach the filters whole. Dashes (— –) separate words.
WORD_PATTERN = r"\w+(?:[-\u2010\u2011'\u2019\u02bc]\w+)*"

# Whoosh's English stop words, less those that are names in the news: "US", "May", "Will".
NEWS_STOP_WORDS = frozenset(STOP_WORDS) - {"us", "may", "will", "can", "tbd"}

# The stemmer of the chain's StemFilter (Porter's), for words that need nothing else.
PORTER_STEM = StemFilter().stemfn


def is_plain(word: str) -> bool:
    """Whether a word is plain ASCII letters and digits, which every filter of the news
    chain passes unchanged but lowercasing, the stop list and the stemmer (nothing to fold,
    no apostrophe or hyphen): most words of English news."""
    return word.isascii() and word.isalnum()


def news_filter_chain(stem: bool = True) -> Analyzer:
    """The news analysis as a plain Whoosh chain: the definition NewsAnalyzer caches."""
    chain = (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | ApostropheFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
        | CompoundFilter()
    )
    return chain | StemFilter() if stem else chain
