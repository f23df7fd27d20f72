"""How the words of a title or body become postings: Whoosh's Characters format, faster.

Whoosh's `Characters.word_values` pulls a Token object through the analyzer for every word
of every article and then groups them by term; with our cached analyzer that loop was the
largest single cost of a build. `NewsCharacters` asks `NewsAnalyzer.occurrences` for the
grouped (position, startchar, endchar) lists directly and encodes them with Whoosh's own
`encode`, so the postings are byte for byte the same (a test compares them). Any other
analyzer or input (a list of words, query mode) takes Whoosh's path.
"""

from __future__ import annotations

from typing import Any, Iterable

from whoosh.formats import Characters

from indexer.schema.analysis import NewsAnalyzer


class NewsCharacters(Characters):
    """Positions and character offsets per posting, built without a Token per word."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterable[tuple[str, int, float, bytes]]:
        if not (isinstance(analyzer, NewsAnalyzer) and isinstance(value, str)
                and kwargs.get("mode") == "index" and set(kwargs) <= {"mode"}):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for text, found in analyzer.occurrences(value).items():
            # Whoosh sums a boost of 1.0 per token: the same float as the count.
            yield text, len(found), float(len(found)) * boost, encode(found)
