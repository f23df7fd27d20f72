"""A full build: a new generation written from the read plan's tasks, in bounded memory.

The tasks stream in shares to the workers (indexer/build/parallel.py), each of which
reads, cleans and writes one segment; this process only keeps the account: the report's
rejections in input order, its counts against the index being replaced, and the hashes of
the ids written so far, 8 bytes an article (indexer/build/tally.py). Nothing here holds
articles, so memory does not grow with the corpus but for those hashes.

The first article with a given id wins. A worker cannot know the ids written by the
others, so a later copy is written too and dropped after the fact: its hash was seen
before, its id is confirmed against the earliest document with that id, and it is deleted
by document number before the generation goes live. A deleted document's postings stay in
its segment until Whoosh merges it, as after any update.
"""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

import numpy as np
from whoosh.index import Index

from corpus import Rejected
from indexer.build import parallel, rawkeys
from indexer.build.reading import Ledger
from indexer.build.shards.layout import open_sharded, save_words_union
from indexer.build.store import IndexStore, IndexWriteFailed
from indexer.build.tally import Earlier, Seen, as_array
from indexer.build.workers import SharedCounter, install, ordered_results
from indexer.schema import spelling
from indexer.whooshext.segments import commit_segments, delete_documents

Advance = Callable[[int, int], None]


@dataclass
class Built:
    """What a full build did, for the report (the rejections went to its list)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # articles of the replaced index that the new one lacks
    articles: int = 0  # in the new index


def build_generation(
    store: IndexStore, todo: rawkeys.ReadPlan, rejected: list[Rejected], pool: Executor | None,
    workers: int, progress: Callable[[int], AbstractContextManager[Advance]], counter: SharedCounter,
    segment_articles: int = parallel.SEGMENT_ARTICLES, shards: int | None = None,
) -> Built:
    """Build a new generation from `todo`, in segments of at most `segment_articles`, and
    make it live; rejections go to `rejected`. With `shards`, the generation is that many
    indexes, each article in the one its id gives (indexer/build/shards/layout.py); it goes
    live when every shard is complete. The pool's workers add what they read to `counter`,
    for progress. A failed write (a full disk) removes the new generation and raises
    IndexWriteFailed; the live one stays."""
    earlier = Earlier.of(store.open()) if store.live_generation() else Earlier.none()
    if shards is None:
        folder, ix = store.create_generation()
        indexes = [ix]
    else:
        folder, indexes = store.create_sharded_generation(shards)
    try:
        with progress(todo.size) as advance:
            ticks = _Ticks(advance, counter, pool is not None)
            built = _write(indexes, todo, rejected, pool, workers, ticks, earlier, segment_articles)
        count = sum(ix.doc_count() for ix in indexes)
        if count != built.articles:
            raise RuntimeError(f"new index holds {count} articles, expected {built.articles}")
        if shards is not None:
            save_words_union(open_sharded(folder, shards))
        store.publish(folder)
    except BaseException as error:
        if pool is not None:  # workers may still be writing into the folder
            pool.shutdown(cancel_futures=True)
        if store.live_generation() != folder:
            store.discard(folder)
        if isinstance(error, OSError):
            raise IndexWriteFailed(error, "writing the new index", folder) from error
        raise
    return built


@dataclass
class _Shard:
    """What a full build gathers for one index (a shard, or the whole): its segments as
    they are written, their spelling words' files, the documents that may repeat an id."""

    ix: Index
    segments: list[Any] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    written: int = 0

    def take(self, segment: Any | None, words: str | None, repeated: np.ndarray) -> None:
        base = sum(segment.doc_count_all() for segment in self.segments)
        self.candidates.extend(base + int(n) for n in repeated.nonzero()[0])
        self.written += len(repeated)
        if segment is not None:
            self.segments.append(segment)
            self.words.append(words)

    def commit(self, rejected: list[Rejected]) -> int:
        """Commit the segments as the index's; how many articles it holds."""
        # Before the commit, so no reader sees an article whose words are not offered yet.
        spelling.save_parts(self.ix.storage, self.words)
        commit_segments(self.ix, self.segments)
        return self.written - _drop_repeats(self.ix, self.candidates, rejected)


def _write(
    indexes: list[Index], todo: rawkeys.ReadPlan, rejected: list[Rejected], pool: Executor | None,
    workers: int, ticks: _Ticks, earlier: Earlier, segment_articles: int,
) -> Built:
    """Write every share and commit them as the indexes' segments."""
    built = Built()
    ledger = Ledger(todo, rejected)
    # One id always goes to one shard, so a repeat is one within its shard, and one set of
    # the ids seen serves all shards.
    seen = Seen()
    shards = [_Shard(ix) for ix in indexes]
    first = indexes[0]
    folders = tuple(ix.storage.folder for ix in indexes)
    write = partial(parallel.write_share, folders, first.indexname)
    with ticks:
        shares = parallel.spill(parallel.shares(todo.tasks, workers, segment_articles), first.storage.folder)
        # Shares wait on disk, not here: a window of two a worker lets a worker that finished
        # early start the next share while an earlier one, taken first, is still being written.
        for tasks, share in ordered_results(pool, write, shares, window=2 * workers, idle=ticks.poll):
            ticks.poll()
            for task, read in zip(tasks, share.reads):
                ledger.take(task.part if isinstance(task, parallel.Spilled) else task, read)
            for shard, segment, words, ids, prints in zip(shards, share.segments, share.words, share.ids, share.prints):
                ids, prints = as_array(ids), as_array(prints)
                repeated = seen.repeats(ids)
                shard.take(segment, words, repeated)
                counts = earlier.compare(ids[~repeated], prints[~repeated])
                built.added += counts.added
                built.updated += counts.updated
                built.unchanged += counts.unchanged
        ledger.close()
    built.articles = sum(shard.commit(rejected) for shard in shards)
    built.deleted = earlier.missing_from(seen)
    return built


class _Ticks:
    """Progress as the workers read (their counts polled from `counter`), or as this
    process reads when it writes the segments itself."""

    def __init__(self, advance: Advance, counter: SharedCounter, polled: bool) -> None:
        self._advance = advance
        self._counter = counter
        self._polled = polled
        self._articles = 0

    def __enter__(self) -> _Ticks:
        if not self._polled:
            install(self._tick)
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._polled:
            install(None)

    def poll(self) -> None:
        if self._polled:
            self._tick(*self._counter.take())

    def _tick(self, size: int, articles: int) -> None:
        self._articles += articles
        self._advance(size, self._articles)


def _drop_repeats(ix: Index, candidates: list[int], rejected: list[Rejected]) -> int:
    """Delete the documents among `candidates` whose id an earlier document has (rather than
    only its hash); each is reported as a rejection naming the first. How many were."""
    if not candidates:
        return 0
    repeats = []
    with ix.reader() as reader:
        for docnum in candidates:
            fields = reader.stored_fields(docnum)
            first = min(reader.postings("id", fields["id"]).all_ids())
            if first != docnum:
                repeats.append(docnum)
                rejected.append(Rejected(fields["path"], f"same URL as {reader.stored_fields(first)['path']}"))
    delete_documents(ix, repeats)
    return len(repeats)
