"""Where a few terms occur in a text: what highlighting one hit needs, found without
walking every word of the text in Python.

`NewsAnalyzer.occurrences` places every word of a text; a hit's passages need only the
words the query matched. Here the text's words are listed by the regular expression in
one call, each distinct word is looked up once (the analyzer's word cache), and only the
words giving a wanted term are placed: their positions from a running count of the words
kept (stop words are not counted, as StopFilter does), their characters from the word's
start plus its own analysis (a hyphenated name's parts lie inside it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from itertools import accumulate

Occurrences = dict[str, list[tuple[int, int, int]]]


def occurrences_of(
    value: str,
    terms: Set[str],
    pattern: re.Pattern[str],
    word_terms: Callable[[str], tuple[str, ...]],
    word_occurrences: Callable[[str], Occurrences],
) -> Occurrences:
    """The (position, startchar, endchar) of each of `terms` in `value`, as the analyzer's
    `occurrences(value)` gives them: `pattern` splits the text into words, `word_terms` says
    what a word is indexed as (nothing for a stop word), `word_occurrences` analyses one word."""
    words = pattern.findall(value)
    indexed = {word: word_terms(word) for word in set(words)}
    wanted = {word for word, found in indexed.items() if not terms.isdisjoint(found)}
    if not wanted:
        return {}
    # The first kept word keeps its raw position; later kept words count on from it.
    kept = list(accumulate(bool(indexed[word]) for word in words))
    first = kept.index(1)  # the first kept word's raw position
    starts = [match.start() for match in pattern.finditer(value)]
    found: Occurrences = {}
    for n in [n for n, word in enumerate(words) if word in wanted]:
        position = first + kept[n] - 1
        for term, places in word_occurrences(words[n]).items():
            if term in terms:
                found.setdefault(term, []).extend(
                    (position, starts[n] + start, starts[n] + end) for _, start, end in places)
    return found
