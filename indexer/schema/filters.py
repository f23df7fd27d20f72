"""Filters of the news analysis that Whoosh lacks: apostrophes (English possessives, French
and Italian elision, Turkish suffixes) and hyphenated names."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from whoosh.analysis import Filter, Token

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


class ElisionFilter(Filter):
    """Drops an elided article or pronoun before an apostrophe, as Elasticsearch's French and
    Italian analyzers do ("l’État" -> "état", "dell’Unione" -> "unione"); any other
    apostrophe is dropped from the word."""

    def __init__(self, articles: frozenset[str]) -> None:
        self.articles = articles

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text.translate(_APOSTROPHES)
            if "'" in text:
                head, _, rest = text.partition("'")
                text = (rest if head in self.articles else head + rest).replace("'", "")
            t.text = text
            if text:
                yield t


class SuffixApostropheFilter(Filter):
    """Drops what follows an apostrophe, which in Turkish sets a name's suffix apart
    ("Türkiye’nin" -> "türkiye"), as Elasticsearch's Turkish analyzer does."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = t.text.translate(_APOSTROPHES).split("'", 1)[0]
            if t.text:
                yield t
