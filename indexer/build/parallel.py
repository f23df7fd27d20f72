"""A full build written as the articles stream in: one segment per batch, in parallel.

Each worker process turns a batch into documents and writes its segment with the
in-memory term writer (indexer/whooshext/segments.py); this process only commits the list.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from concurrent.futures import Executor
from contextlib import contextmanager
from functools import partial
from itertools import accumulate
from typing import Any, Iterable, Iterator

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from corpus import Article
from indexer.build.workers import ordered_results
from indexer.schema.documents import to_document
from indexer.schema.spelling import SpellingWords
from indexer.whooshext.segments import commit_segments, finish_segment, share_writer

# A segment's postings are held in memory until it is written (about 40 kB per news
# article, packed), by each worker: a bigger build writes several segments, each of at
# most this many articles. Half as many halves the build's peak memory (2.1 GB -> 1.4 GB
# over the process tree for 37,554 articles with 2 workers) for twice the segments.
SEGMENT_ARTICLES = 10_000


def write_new_index(
    ix: Index, keyed: Iterable[tuple[Article, bytes]], workers: int, pool: Executor | None,
    segment_articles: int = SEGMENT_ARTICLES,
) -> tuple[int, SpellingWords]:
    """Write the articles (each with the raw key of its record) into `ix`, a new empty
    index, as they stream in, and commit; how many were written, and the words did-you-mean
    may offer for them (not saved yet).

    Full segments of `segment_articles` are cut as the articles arrive and written by the
    pool's workers while reading goes on; what is left at the end is cut into shares of
    about the same text, in a multiple of the workers (see `_shares`), so they finish
    together. Only the segments being written are held in memory, not the corpus. This
    process only commits the list of segments: no final merge.
    """
    write = partial(_write_segment, ix.storage.folder, ix.indexname)
    segments, spelling, count = [], SpellingWords(), 0
    batches = _batches(keyed, workers, segment_articles)
    for batch, (segment, words) in ordered_results(pool, write, batches, window=workers):
        count += len(batch)
        if segment is not None:
            segments.append(segment)
        spelling.include(words)
    commit_segments(ix, segments)
    return count, spelling


def _batches(
    keyed: Iterable[tuple[Article, bytes]], workers: int, most: int
) -> Iterator[list[tuple[Article, bytes]]]:
    """Full segments' worth of articles as they come, then the rest in balanced shares."""
    batch: list[tuple[Article, bytes]] = []
    text = 0
    given = False
    for item in keyed:
        batch.append(item)
        text += _cost(item[0])
        if len(batch) >= most or text >= SEGMENT_TEXT:
            yield batch
            batch, text, given = [], 0, True
    if batch or not given:
        yield from _shares(batch, workers, most)


# What an article costs to index besides its text, in characters of text (its stored
# fields, columns and signature): shares are balanced on text plus this.
_ARTICLE_CHARS = 1000
# A segment is cut at this much text too, so that long articles keep memory bounded (ten
# thousand news articles hold about 60 million characters).
SEGMENT_TEXT = 100_000_000


def _cost(article: Article) -> int:
    return len(article.title) + len(article.body) + _ARTICLE_CHARS


def _shares(keyed: list[tuple[Article, bytes]], workers: int, most: int) -> list[list[tuple[Article, bytes]]]:
    """Contiguous shares of the articles, so that documents keep the articles' order: as
    few as `most` articles a share allows, rounded up to a multiple of the workers, and cut where
    each holds about the same text. A worker's time goes with the text it indexes, so its
    shares finish together with the others' (equal counts of articles did not)."""
    if not keyed:
        return [[]]
    ends = list(accumulate(_cost(a) for a, _ in keyed))
    count = -(-len(keyed) // most)
    while True:
        count = min(len(keyed), -(-count // workers) * workers)
        cuts = [0]
        for n in range(1, count):
            cut = bisect_left(ends, ends[-1] * n / count) + 1
            cuts.append(min(max(cut, cuts[-1] + 1), len(keyed) - (count - n)))
        cuts.append(len(keyed))
        # Text-balanced cuts can leave a share of many short articles over the cap.
        if all(end - start <= most for start, end in zip(cuts, cuts[1:])):
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
