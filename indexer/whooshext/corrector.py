"""Did-you-mean candidates from a sorted list of words, scored as Whoosh's reader corrector.

Relies on whoosh3 3.54.0 internals:
- `Corrector._suggestions(text, maxdist, prefix)`: the hook Whoosh's correctors fill in;
- `whoosh.automata.lev` and `whoosh.automata.fsa`: the Levenshtein automaton and its walk
  over a sorted word list, as Whoosh's reader corrector uses them;
- `Searcher._ix`: the index a searcher was opened on (for its storage, where the words file is).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, Iterator

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.spelling import Corrector


def index_storage(searcher: Searcher) -> Any | None:
    """The storage of the index `searcher` reads, or None for a searcher opened on a bare reader."""
    ix = getattr(searcher, "_ix", None)
    return ix.storage if ix is not None else None


class WordsCorrector(Corrector):
    """Whoosh's ReaderCorrector over the words file: the same candidates (within the edit
    distance) and the same score (the word's frequency as a body term)."""

    def __init__(self, reader: IndexReader, fieldname: str, words: list[str]) -> None:
        self._reader = reader
        self._fieldname = fieldname
        self._words = words

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        dfa = levenshtein_automaton(text, maxdist, prefix).to_dfa()
        for sug in find_all_matches(dfa, _Skipper(self._words)):
            f = self._reader.frequency(self._fieldname, sug) or 1
            yield 0 - (maxdist + (1.0 / f * 0.5)), sug


class _Skipper:
    """The first word at or after a key, for the automaton's walk (keys only grow)."""

    def __init__(self, words: list[str]) -> None:
        self._words = words
        self._at = 0

    def __call__(self, key: str) -> str | None:
        self._at = bisect_left(self._words, key, self._at)
        return self._words[self._at] if self._at < len(self._words) else None
