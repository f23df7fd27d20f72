"""The synthetic corpus's vocabulary as it is written, and the size the real curve asks for."""

from __future__ import annotations

import math
from bisect import bisect_left

from bench.scale import heaps
from bench.scale.source import Source
from bench.scale.text import Text, plain


class Target:
    """The vocabulary a news corpus of n words has: the real corpus's own curve up to its size
    (interpolated in log-log space), then its Heaps' law fit."""

    def __init__(self, curve: list[heaps.Point], fit: heaps.HeapsFit) -> None:
        self._tokens = [math.log(p.tokens) for p in curve]
        self._sizes = [math.log(p.vocabulary) for p in curve]
        self._fit = fit

    def __call__(self, tokens: int) -> float:
        x = math.log(max(tokens, 1))
        n = bisect_left(self._tokens, x)
        if n == len(self._tokens):
            return self._fit.vocabulary(tokens)
        if n == 0:  # below the first point: its own slope
            return math.exp(self._sizes[0] + self._fit.beta * (x - self._tokens[0]))
        x0, x1, y0, y1 = self._tokens[n - 1], self._tokens[n], self._sizes[n - 1], self._sizes[n]
        return math.exp(y0 + (y1 - y0) * (x - x0) / (x1 - x0))


class Vocabulary:
    """The real words written so far, counted cheaply: a paragraph's words are read the first
    time it is used (its names are counted when an article keeps them)."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._words: set[str] = set()
        self._paragraph_used = bytearray(len(source.paragraphs))
        self._title_used = bytearray(len(source.templates))

    def size(self, coined: int) -> int:
        return len(self._words) + coined

    def add_paragraph(self, n: int) -> bool:
        """Count a paragraph's words; whether it is used for the first time."""
        if self._paragraph_used[n]:
            return False
        self._paragraph_used[n] = 1
        self._add(self._source.paragraphs[n])
        return True

    def add_title(self, n: int) -> bool:
        """Count a template's title words; whether it is used for the first time."""
        if self._title_used[n]:
            return False
        self._title_used[n] = 1
        self._add(self._source.templates[n].title)
        return True

    def add_names(self, names: list[bytes]) -> None:
        self._words.update(name.decode("ascii").lower() for name in names)

    def _add(self, text: Text) -> None:
        if isinstance(text, bytes):
            self._words.update(heaps.words(plain(text)))
        else:  # the words around the names; each name is counted when an article keeps it
            self._words.update(heaps.words(plain(b" ".join(text[0::2]))))
