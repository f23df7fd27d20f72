"""The synthetic corpus's vocabulary: the size the real curve asks for, the words written so far,
and the coined names that make it grow (new word forms, earlier ones reused by popularity)."""

from __future__ import annotations

import math
import random
from array import array
from bisect import bisect_left
from collections.abc import Sequence

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


# Consonant-vowel syllables to end a coined name with: "Rahami" -> "Rahamido".
_SYLLABLES = [(c + v).encode("ascii") for c in "bdfgklmnprstvz" for v in "aeiou"]
_DIGITS = b"0123456789"
_DIGITS_BYTES = [bytes([d]) for d in _DIGITS]
# An earlier name is reused in proportion to its uses so far (Simon's model): a few grow famous
# and many are never used again. (Favouring the latest stories' names, as news does over a few
# days, left fewer names in one article only: 37% against 40% at 300,000 articles.)
_TRIES = 3


class Names:
    """The names coined so far and how often each has been used (an urn of uses)."""

    def __init__(self, rng: random.Random, known: frozenset[str]) -> None:
        self._rng = rng
        self._known = known
        self._taken: set[bytes] = set()
        self.forms: list[bytes] = []
        self._uses = array("I")

    def rename(self, names: Sequence[bytes], new: int) -> dict[bytes, bytes]:
        """How to rename an article's `names` (in order of appearance): the first `new` to
        newly coined forms, the others to earlier coined names, by popularity. A name stays
        as written when no form is left that the article does not already use."""
        mapping: dict[bytes, bytes] = {}
        for name in names[:new]:
            mapping[name] = self._coin(name)
        used = set(mapping.values())
        for name in names[new:]:
            for _ in range(_TRIES if self._uses else 0):
                form = self._popular()
                if form not in used:
                    mapping[name] = form
                    used.add(form)
                    break
        return mapping

    def _coin(self, name: bytes) -> bytes:
        """A new form like `name`: its digits redrawn ("18702397" -> "58102947"), or its
        last letters replaced by syllables ("Rahami" -> "Rahamido")."""
        digits = any(48 <= c <= 57 for c in name)
        stem = name[: max(3, len(name) - 2)]
        for tries in range(100):
            if digits:
                form = bytes(self._rng.choice(_DIGITS) if 48 <= c <= 57 else c for c in name)
                form += self._rng.choice(_DIGITS_BYTES) * (tries // 10)  # longer when short ones run out
            else:
                syllables = 1 + tries // 10 + (tries & 1)
                form = stem + b"".join(self._rng.choice(_SYLLABLES) for _ in range(syllables))
            low = form.lower()
            if low not in self._taken and low.decode("ascii") not in self._known:
                break
        self._taken.add(low)
        self._uses.append(len(self.forms))
        self.forms.append(form)
        return form

    def _popular(self) -> bytes:
        """An earlier coined name, chosen by its uses so far (counted as one more)."""
        chosen = self._uses[int(self._rng.random() * len(self._uses))]
        self._uses.append(chosen)
        return self.forms[chosen]
