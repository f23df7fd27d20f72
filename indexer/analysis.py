"""Text analysis for news: how words in articles and in queries become index terms."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.analysis.filters import STOP_WORDS
from whoosh.support.charset import accent_map

# A word, optionally joined to more words by hyphens or apostrophes, so that "T-72B1",
# "Mi-17V-5" and "Russia’s" reach the filters whole. Dashes (— –) separate words.
WORD_PATTERN = r"\w+(?:[-\u2010\u2011'\u2019\u02bc]\w+)*"

# Whoosh's English stop words, less those that are names in the news: "US", "May", "Will".
NEWS_STOP_WORDS = frozenset(STOP_WORDS) - {"us", "may", "will", "can", "tbd"}

_HYPHENS = re.compile("[-\u2010\u2011]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


class ApostropheFilter(Filter):
    """Drops possessive 's and inner apostrophes: "Russia’s" -> "russia", "didn't" -> "didnt"."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text.translate(_APOSTROPHES)
            if "'" in text:
                if text.endswith("'s"):
                    text = text[:-2]
                text = text.replace("'", "")
            t.text = text
            if text:
                yield t


class CompoundFilter(Filter):
    """Makes hyphenated names findable whole, joined or by their parts.

    At index time "t-72b1" becomes the joined "t72b1" and the parts "t" and "72b1", all at
    one position (like synonyms), so "T-72B1", "T72B1" and "72B1" all match, and phrases
    around the name ("provided T-72B1 tanks") still line up. A query produces only the
    joined form: "T-72B1" then finds exactly that name and highlights it whole, not every
    "T" on the page.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            if not _HYPHENS.search(t.text):
                yield t
                continue
            parts = [p for p in _HYPHENS.split(t.text) if p]
            joined = "".join(parts)
            if t.mode == "query" or len(parts) < 2:
                t.text = joined
                if joined:
                    yield t
                continue
            yield from _part_tokens(t, parts)
            t.text = joined
            yield t


def _part_tokens(token: Token, parts: list[str]) -> Iterator[Token]:
    # Character offsets per part are exact only when folding kept the token's length.
    exact = token.chars and token.endchar - token.startchar == len(token.text)
    offset = 0
    for part in parts:
        t = token.copy()
        t.text = part
        if exact:
            start = token.text.index(part, offset)
            t.startchar = token.startchar + start
            t.endchar = t.startchar + len(part)
            offset = start + len(part)
        yield t


def news_analyzer(stem: bool = True) -> Analyzer:
    """The analyzer for titles and bodies (and the queries against them).

    Lowercase, accents folded (Kyïv = Kyiv), apostrophes and hyphens handled as above,
    English stop words dropped (single letters kept: the "T" of "T-72B1" matters), Porter
    stemming so "troops" finds "troop".
    """
    chain = (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | ApostropheFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
        | CompoundFilter()
    )
    return chain | StemFilter() if stem else chain


def name_analyzer() -> Analyzer:
    """For author names: whole words, lowercase, accents folded, no stemming or stop words."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
