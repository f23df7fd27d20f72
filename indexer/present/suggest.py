"""Did-you-mean: the query as typed, with only its unknown words replaced.

Quotes, brackets, operators, field names, wildcards and fuzzy terms stay exactly where
the person put them, so following the suggestion runs the same kind of query.
"""

from __future__ import annotations

import re

from whoosh.searching import Searcher

from indexer.schema.analysis import WORD_PATTERN, news_analyzer
from indexer.schema.spelling import speller

# Suggestions are made of whole words as people type them, so no stemming.
_SPELLING_ANALYZER = news_analyzer(stem=False)
_WORD = re.compile(WORD_PATTERN)
_OPERATORS = {"OR", "AND", "NOT"}
MAX_LOOKUPS = 3  # unknown words looked up per query: each lookup takes milliseconds
_UNSPELLED_FIELD = re.compile(r"(?:source|author|since|until|date):\S*$", re.IGNORECASE)


def suggest(searcher: Searcher, text: str) -> str | None:
    """`text` with each unknown word replaced by the closest word the articles contain,
    or None when there is nothing better to offer."""
    words = speller(searcher)
    if words is None:
        return None
    pieces: list[str] = []
    last = 0
    changed = False
    lookups = 0
    for match in _WORD.finditer(text):
        word = match.group()
        after = text[match.end() : match.end() + 1]
        if word in _OPERATORS or after in (":", "*", "~", "?") or _UNSPELLED_FIELD.search(text[: match.start()]):
            continue
        tokens = [t.text for t in _SPELLING_ANALYZER(word, mode="query")]
        if len(tokens) != 1 or words.knows(tokens[0]):
            continue
        lookups += 1
        if lookups > MAX_LOOKUPS:
            break
        # One edit for short words, two for longer: "ads" -> "lao" would be no help.
        maxdist = 1 if len(tokens[0]) <= 4 else 2
        options = words.suggest(tokens[0], maxdist)
        if options and options[0] != tokens[0]:
            pieces.append(text[last : match.start()])
            # Keep the capital the person typed: "Laso" -> "Lao", not "lao".
            pieces.append(options[0].capitalize() if word[:1].isupper() else options[0])
            last = match.end()
            changed = True
    if not changed:
        return None
    pieces.append(text[last:])
    return "".join(pieces)
