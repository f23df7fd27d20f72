"""Coined names: new word forms for an article's rare words, and earlier ones reused by popularity."""

from __future__ import annotations

import random
from array import array
from collections.abc import Sequence

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
                form = stem + b"".join(self._rng.choice(_SYLLABLES) for _ in range(1 + tries // 10 + (tries & 1)))
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
