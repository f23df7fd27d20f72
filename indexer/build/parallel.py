"""A full build written in parallel: articles cut into shares, one segment per share.

Each worker process turns its shares into documents and writes their segments with the
in-memory term writer (indexer/whooshext/segments.py); this process only commits the list.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import accumulate, repeat
from typing import Any, Iterator

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from corpus import Article
from indexer.schema.documents import to_document
from indexer.schema.spelling import SpellingWords
from indexer.whooshext.segments import commit_segments, finish_segment, share_writer

# A segment's postings are held in memory until it is written (about 100 kB per article):
# a bigger build writes several segments, each of at most this many articles.
SEGMENT_ARTICLES = 10_000


def write_new_index(
    ix: Index, articles: list[Article], keys: dict[str, bytes], workers: int = 1
) -> SpellingWords:
    """Write `articles` into `ix`, a new empty index, and commit; the words did-you-mean may
    offer for them (not saved yet). `keys` holds the raw key of each article's path.

    The articles are cut into contiguous shares (see `_shares`); each share becomes one
    segment. With several workers, each process turns its shares into documents (near-duplicate
    signatures included) and writes their segments, and this process only commits the
    list: no work is left to one process at the end, and no final merge.
    """
    shares = _shares([(a, keys.get(a.path, b"")) for a in articles], max(1, workers))
    folder, name = ix.storage.folder, ix.indexname
    if workers > 1 and len(shares) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(shares))) as pool:
            written = list(pool.map(_write_segment, repeat(folder), repeat(name), shares))
    else:
        written = [_write_segment(folder, name, share) for share in shares]
    commit_segments(ix, [segment for segment, _ in written if segment is not None])
    spelling = SpellingWords()
    for _, words in written:
        spelling.include(words)
    return spelling


# What an article costs to index besides its text, in characters of text (its stored
# fields, columns and signature): shares are balanced on text plus this.
_ARTICLE_CHARS = 1000


def _shares(keyed: list[tuple[Article, bytes]], workers: int) -> list[list[tuple[Article, bytes]]]:
    """Contiguous shares of the articles, so that documents keep the articles' order: as
    few as SEGMENT_ARTICLES allows, rounded up to a multiple of the workers, and cut where
    each holds about the same text. A worker's time goes with the text it indexes, so its
    shares finish together with the others' (equal counts of articles did not)."""
    if not keyed:
        return [[]]
    ends = list(accumulate(len(a.title) + len(a.body) + _ARTICLE_CHARS for a, _ in keyed))
    count = -(-len(keyed) // SEGMENT_ARTICLES)
    while True:
        count = min(len(keyed), -(-count // workers) * workers)
        cuts = [0]
        for n in range(1, count):
            cut = bisect_left(ends, ends[-1] * n / count) + 1
            cuts.append(min(max(cut, cuts[-1] + 1), len(keyed) - (count - n)))
        cuts.append(len(keyed))
        # Text-balanced cuts can leave a share of many short articles over the cap.
        if all(end - start <= SEGMENT_ARTICLES for start, end in zip(cuts, cuts[1:])):
            return [keyed[start:end] for start, end in zip(cuts, cuts[1:])]
        count += workers


def _add_all(writer: SegmentWriter, articles: list[tuple[Article, bytes]]) -> set[str]:
    spelling = SpellingWords()
    for article, key in articles:
        writer.add_document(**to_document(article, key))
        spelling.add(article.body)
    return spelling.words()


def _write_segment(
    folder: str, indexname: str, articles: list[tuple[Article, bytes]]
) -> tuple[Any | None, set[str]]:
    """One segment of a new index, and the spellable words of it (in a worker process,
    or in this one)."""
    writer = share_writer(FileStorage(folder).open_index(indexname))
    with _no_cycle_collection():
        words = _add_all(writer, articles)
        return finish_segment(writer), words


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Millions of postings held until the segment is written made Python's cycle collector
    walk them again and again (about a tenth of a build) while finding next to no garbage:
    it is off while a segment is written, and back on after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
