"""The words did-you-mean may offer: every unstemmed body word, kept once per index.

Whoosh's own `spelling=True` writes a separate unstemmed posting for every word of every
article, which analyses each body twice and doubles the postings written: it made up
most of the cost of a build. The corrector only needs the set of words, so newsdesk
keeps that set in one small file beside the segments, written with each build and each
incremental commit. Suggestions are ranked exactly as Whoosh ranks them (by how often the
word is a body term), so they are the same.

Words of deleted articles stay in the file until the next full build: a suggestion can
then name a word no article holds any more, which finds nothing but does no harm.
An index built before this file existed has none: it keeps answering from Whoosh's
spelling postings while they are there (see `corrector`), and `reindex --full` writes it.
"""

from __future__ import annotations

import heapq
import re
import threading
from contextlib import ExitStack
from itertools import groupby, islice
from typing import IO, Container, Iterable, Iterator

from whoosh.filedb.filestore import Storage
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.spelling import Corrector

from indexer.schema.analysis import NEWS_STOP_WORDS, WORD_PATTERN, is_plain, news_analyzer
from indexer.whooshext.corrector import WordsCorrector, index_storage

WORDS_FILE = "spelling-words.txt"
FIELD = "body"
# Unstemmed, index mode: the same tokens Whoosh's spelling postings held.
_UNSTEMMED = news_analyzer(stem=False)
_WORD = re.compile(WORD_PATTERN)


class SpellingWords:
    """Collects the spellable words of the bodies being written.

    Each body's distinct whitespace-separated chunks go into one set ("Trump," and
    "(Trump" are two chunks; most chunks repeat across bodies, so the set stays far smaller
    than the bodies); `words()` finds the raw words in the distinct chunks (a word never
    spans whitespace, so these are every body's words) and analyses each distinct word
    once, instead of every body a second time.
    """

    def __init__(self) -> None:
        self._chunks: set[str] = set()
        self._words: set[str] = set()

    def add(self, body: str) -> None:
        self._chunks.update(set(body.split()))  # a small set first: fewer lookups in the big one

    def include(self, words: set[str]) -> None:
        """Words already analysed (by `words()` of another collector, say in a worker)."""
        self._words.update(words)

    def words(self) -> set[str]:
        chunks = self._chunks
        # Analysis lowers first, so an ASCII word and its lowered form give the same words
        # (not so beyond ASCII: "İ" lowers to two characters that split the word).
        raw = {w.lower() if w.isascii() else w for w in _WORD.findall(" ".join(chunks))}
        # Most words are plain (and lowered by now), which the unstemmed analysis keeps as
        # they are unless they are stop words: only the others go through it, half the
        # cost of `words`.
        plain = set(filter(is_plain, raw))
        analysed = {t.text for t in _UNSTEMMED(" ".join(raw - plain))}
        return (plain - NEWS_STOP_WORDS) | analysed | self._words

    def save_part(self, storage: Storage, name: str) -> None:
        """Write the words, sorted, to file `name`: one of the parts `save_parts` joins."""
        _write(storage, name, sorted(self.words()))

    def save(self, storage: Storage, *, merge: bool) -> None:
        """Write the words file of an index; with `merge`, keep the words already there.

        An index that has no file yet is left without one on merge: it was built before
        the file existed, and a partial list would hide the spelling postings it has.
        """
        words = self.words()
        if merge:
            if not storage.file_exists(WORDS_FILE):
                return
            known = _read(storage)  # sorted
            fresh = sorted(words.difference(known))
            if not fresh:
                return
            # Two sorted runs: sort() merges them in one pass, where sorting the union of
            # sets cost more than the rest of a small incremental reindex.
            ordered = known + fresh
            ordered.sort()
        else:
            ordered = sorted(words)
        _write(storage, WORDS_FILE, ordered)


def save_parts(storage: Storage, names: list[str]) -> None:
    """The words file of a new index from the files `names` written by `save_part` (say by
    the processes of a parallel build), which are removed: merged as sorted runs, a line
    at a time, so the whole vocabulary is never held in memory."""
    while len(names) > _MERGE_FILES:  # bounded open files: merge the first ones into one
        head = f"{names[0]}.{len(names)}"
        _merge(storage, names[:_MERGE_FILES], head)
        names = [head, *names[_MERGE_FILES:]]
    _merge(storage, names, WORDS_FILE)


_MERGE_FILES = 100


def save_union(storage: Storage, sources: list[Storage]) -> None:
    """The words file of `storage` made the union of the `sources`' words files (a sharded
    generation's, from its shards'), merged as sorted runs a line at a time."""
    with ExitStack() as stack:
        runs = [_lines(stack.enter_context(source.open_file(WORDS_FILE)))
                for source in sources if source.file_exists(WORDS_FILE)]
        _write(storage, WORDS_FILE, (word for word, _ in groupby(heapq.merge(*runs))))


def _merge(storage: Storage, names: list[str], target: str) -> None:
    with ExitStack() as stack:
        runs = [_lines(stack.enter_context(storage.open_file(name))) for name in names]
        _write(storage, target, (word for word, _ in groupby(heapq.merge(*runs))))
    for name in names:
        storage.delete_file(name)


def _lines(handle: IO[bytes]) -> Iterator[str]:
    for line in handle:
        if word := line.rstrip(b"\n"):
            yield word.decode("utf-8")


def _write(storage: Storage, name: str, ordered: Iterable[str]) -> None:
    """Sorted words one a line, written to a temporary name and renamed: readers of the
    file never see half of it."""
    tmp = name + ".tmp"
    with storage.create_file(tmp) as handle:
        first = True
        for chunk in _batched(ordered, 10_000):
            handle.write((("" if first else "\n") + "\n".join(chunk)).encode("utf-8"))
            first = False
    storage.rename_file(tmp, name, safe=False)


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# (storage folder, modified time, size) -> sorted words, so a worker reads the file once
# per change, not per query.
_cache: dict[str, tuple[tuple[float, int], list[str], frozenset[str]]] = {}
_cache_lock = threading.Lock()


def _read(storage: Storage) -> list[str]:
    with storage.open_file(WORDS_FILE) as handle:
        text = handle.read().decode("utf-8")
    return text.split("\n") if text else []


def _cached(storage: Storage) -> tuple[list[str], frozenset[str]] | None:
    if not storage.file_exists(WORDS_FILE):
        return None
    key = str(getattr(storage, "folder", id(storage)))
    stamp = (storage.file_modified(WORDS_FILE), storage.file_length(WORDS_FILE))
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == stamp:
            return hit[1], hit[2]
    words = _read(storage)
    with _cache_lock:
        _cache[key] = (stamp, words, frozenset(words))
    return words, frozenset(words)


class Speller:
    """Whether a word is known, and the closest known words to one that is not."""

    def __init__(self, known: Container[str], corrector: Corrector) -> None:
        self._known = known
        self._corrector = corrector

    def knows(self, word: str) -> bool:
        return word in self._known

    def suggest(self, word: str, maxdist: int) -> list[str]:
        return self._corrector.suggest(word, limit=1, maxdist=maxdist)


class _Postings:
    """Membership in Whoosh's spelling field, for an index built before the words file."""

    def __init__(self, reader: IndexReader, fieldname: str) -> None:
        self._reader = reader
        self._fieldname = fieldname

    def __contains__(self, word: object) -> bool:
        return (self._fieldname, word) in self._reader


def speller(searcher: Searcher) -> Speller | None:
    """The speller for the searcher's index, or None when it has no words to offer."""
    if FIELD not in searcher.schema:
        return None
    reader = searcher.reader()
    storage = index_storage(searcher)
    found = _cached(storage) if storage is not None else None
    if found is not None:
        words, known = found
        return Speller(known, WordsCorrector(reader, FIELD, words))
    field = searcher.schema[FIELD]
    if field.separate_spelling():  # an index from before the words file
        return Speller(_Postings(reader, field.spelling_fieldname(FIELD)), searcher.corrector(FIELD))
    return None
