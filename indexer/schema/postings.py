"""How the words of a title or body become postings: positions alone, packed as arrays.

Whoosh's `Characters` format keeps, for every occurrence of a word, its position and its
character offsets as a pickled list of tuples: most of an index's postings, and slow to
decode when a phrase is checked in every article holding its words. `NewsPositions` keeps
only the positions, as the differences between them packed in a machine array (two bytes
each, or four after a marker byte for an article whose words lie more than 65,535 apart),
so a posting decodes with one array read. Highlighting finds a hit's offsets by analysing
its stored text again (indexer/whooshext/highlighter.py), for the ten hits of a page.

A value may be tagged with its article's language (`InLanguage`, indexer/schema/languages.py):
its texts are then analysed by the analyzer's analysis of that language (`in_language`).
A value may be several texts (an article's body and its headline, indexer/schema/documents.py):
NewsPositions numbers the words of each on from the last of the one before, POSITION_GAP
further, so a phrase never matches across the join, and the first text's positions are
those of its own analysis (highlighting analyses the stored body alone).

Both formats are built from `NewsAnalyzer.occurrences`, without pulling a Token through the
analyzer for every word as Whoosh's `word_values` does (once the largest single cost of a
build). Any other analyzer or input (a list of words, query mode) takes Whoosh's path.
`NewsCharacters` stays for indexes built before `NewsPositions`: their schema names it.
"""

from __future__ import annotations

import sys
from array import array
from itertools import accumulate
from typing import Any, Iterable, Sequence

import numpy as np
from whoosh.formats import Characters, Positions

from indexer.schema.analysis import POSITION_GAP, NewsAnalyzer
from indexer.schema.languages import InLanguage

# Marks a value whose differences are 4 bytes each; a value of 2-byte ones has even length.
_WIDE = b"\x00"
_LITTLE = sys.byteorder == "little"


def _news_values(value: Any, analyzer: Any, kwargs: dict[str, Any]) -> bool:
    """Whether `word_values` can read `value`'s terms from `NewsAnalyzer.occurrences`."""
    return (isinstance(analyzer, NewsAnalyzer) and isinstance(value, str)
            and kwargs.get("mode") == "index" and set(kwargs) <= {"mode"})


def _in_language(value: Any, analyzer: Any) -> tuple[Any, Any]:
    """A value tagged with its language as its text (or texts) and the analysis of that language."""
    if isinstance(value, InLanguage):
        if isinstance(analyzer, NewsAnalyzer):
            analyzer = analyzer.in_language(value.language)
        value = value.texts[0] if len(value.texts) == 1 else value.texts
    return value, analyzer


def _texts(value: Any) -> bool:
    """Whether `value` is several texts (a tuple of strings), not one text or a token list."""
    return isinstance(value, tuple) and all(isinstance(text, str) for text in value)


class _FromNewsAnalyzer:
    """`word_values` read from NewsAnalyzer's grouped occurrences (`_occurrences`), each
    term's list encoded by the format; any other analyzer or input takes Whoosh's path."""

    field_boost: float

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterable[tuple[str, int, float, bytes]]:
        value, analyzer = _in_language(value, analyzer)
        if _texts(value):
            occurrences = self._joined(analyzer, value, kwargs)
        elif _news_values(value, analyzer, kwargs):
            occurrences = self._occurrences(analyzer, value)
        else:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for text, found in occurrences.items():
            # Whoosh sums a boost of 1.0 per token: the same float as the count.
            yield text, len(found), float(len(found)) * boost, encode(found)

    @staticmethod
    def _occurrences(analyzer: NewsAnalyzer, value: str) -> dict[str, list[Any]]:
        raise NotImplementedError

    def _joined(self, analyzer: Any, texts: tuple[str, ...], kwargs: dict[str, Any]) -> dict[str, list[Any]]:
        raise TypeError(f"{type(self).__name__} indexes one text per value, not {len(texts)}")


class NewsPositions(_FromNewsAnalyzer, Positions):
    """Positions per posting as a packed array of differences; no character offsets."""

    @staticmethod
    def _occurrences(analyzer: NewsAnalyzer, value: str) -> dict[str, list[Any]]:
        return analyzer.term_positions(value)

    def term_positions(self, value: Any, analyzer: Any) -> dict[str, list[int]] | None:
        """Each term of `value` with its positions, for a writer that adds an article's
        postings of the field at once (indexer/whooshext/segments.py); None for input that
        takes Whoosh's path."""
        value, analyzer = _in_language(value, analyzer)
        if _texts(value):
            return self._joined(analyzer, value, {"mode": "index"})
        if _news_values(value, analyzer, {"mode": "index"}):
            return analyzer.term_positions(value)
        return None

    def _joined(self, analyzer: Any, texts: tuple[str, ...], kwargs: dict[str, Any]) -> dict[str, list[Any]]:
        """Each term's positions in the texts read one after the other, POSITION_GAP apart."""
        joined: dict[str, list[int]] = {}
        start = 0
        for text in texts:
            if not _news_values(text, analyzer, kwargs):
                raise TypeError("several texts in one value are indexed by NewsAnalyzer alone")
            found = self._occurrences(analyzer, text)
            for term, positions in found.items():
                joined.setdefault(term, []).extend([start + p for p in positions] if start else positions)
            if found:
                start += max(positions[-1] for positions in found.values()) + 1 + POSITION_GAP
        return joined

    def encode(self, poslist: Any) -> bytes:
        if len(poslist) == 1 and poslist[0] < 0x10000:  # most postings: one occurrence
            return poslist[0].to_bytes(2, "little")
        gaps = [b - a for a, b in zip([0, *poslist], poslist)]
        try:
            packed = array("H", gaps)
        except OverflowError:
            return _WIDE + _little(array("I", gaps)).tobytes()
        return _little(packed).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(accumulate(_gaps(valuestring)))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(_gaps(valuestring))

    def decode_many(self, values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """How many positions each value holds, and all their positions in order."""
        lengths = np.fromiter(map(len, values), np.int64, len(values))
        return self.decode_joined(lengths, b"".join(values))

    def decode_joined(self, lengths: np.ndarray, joined: bytes) -> tuple[np.ndarray, np.ndarray]:
        """`decode_many` for values given as their lengths and their bytes end to end."""
        if (lengths % 2).any():  # a value of 4-byte differences: rare, decoded one by one
            ends = np.cumsum(lengths).tolist()
            each = [self.decode_positions(joined[a:b]) for a, b in zip([0, *ends], ends)]
            counts = np.fromiter(map(len, each), np.int64, len(each))
            return counts, np.fromiter((p for found in each for p in found), np.int64, int(counts.sum()))
        counts = lengths // 2
        running = np.frombuffer(joined, "<u2").cumsum(dtype=np.int64)
        # Each value's differences start from 0: take away the total of the values before it.
        ends = np.cumsum(counts)
        before = np.concatenate(([0], running[ends[:-1] - 1]))
        return counts, running - np.repeat(before, counts)

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def _gaps(valuestring: bytes) -> array:
    gaps = array("I", valuestring[1:]) if len(valuestring) % 2 else array("H", valuestring)
    return _little(gaps)


def _little(packed: array) -> array:
    """`packed` in little-endian order, the order stored in every index."""
    if not _LITTLE:
        packed.byteswap()
    return packed


class NewsCharacters(_FromNewsAnalyzer, Characters):
    """Positions and character offsets per posting (Whoosh's Characters bytes)."""

    @staticmethod
    def _occurrences(analyzer: NewsAnalyzer, value: str) -> dict[str, list[Any]]:
        return analyzer.occurrences(value)
