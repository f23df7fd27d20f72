"""Building and updating an index from inputs: full rebuilds and incremental reindexing."""

from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from whoosh.index import Index

from corpus import Article, Rejected, discover
from corpus.discovery import Discovery
from indexer.build import indexed as indexed_articles
from indexer.build import rawkeys
from indexer.build import summary as summaries
from indexer.build.full import build_generation
from indexer.build.merging import TIERED, TieredMerge
from indexer.build.parallel import SEGMENT_ARTICLES
from indexer.build.reading import Ledger, read_task
from indexer.build.shards.cluster import cluster_pool
from indexer.build.shards.layout import ShardedIndex, ShardsRefused, save_words_union, shard_count, shard_of
from indexer.build.store import IndexStore, IndexWriteFailed, remove_unlisted_files
from indexer.build.workers import SharedCounter, install, ordered_results, start_worker
from indexer.schema.documents import to_document
from indexer.schema.fields import build_schema
from indexer.schema.spelling import SpellingWords
from indexer.whooshext.segments import TermWriter

# A JSON Lines export longer than this is read in parts of this many lines, in parallel.
LINES_PER_PART = 1000
# Fewer records than this left to read (or, for a full build, fewer bytes of input) are
# read in this process: starting workers and handing articles back would cost more than
# it saves.
PARALLEL_RECORDS = 500
PARALLEL_BYTES = 2 * 1024**2

# Progress of reading: given the inputs' bytes on disk, a context holding `advance(bytes,
# articles)`, called as each task is read with its bytes and the articles read so far.
Advance = Callable[[int, int], None]
Progress = Callable[[int], AbstractContextManager[Advance]]


@dataclass
class ReindexReport:
    """What a reindex did, for the summary the CLI prints."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    articles: int = 0  # in the index afterwards
    full: bool = False
    # Why an update was a full rebuild instead: the index was of an older schema version.
    rebuilt: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> summaries.ReindexSummary:
        """The counts kept with the index for the page's about box and /api/stats."""
        return summaries.ReindexSummary(
            finished=summaries.now(), full=self.full, added=self.added, updated=self.updated,
            unchanged=self.unchanged, deleted=self.deleted, articles=self.articles,
            skipped=summaries.skipped_by_kind(self.rejected),
        )


def reindex(
    index_dir: Path | str,
    paths: Sequence[str | os.PathLike[str]],
    *,
    full: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
    wait: bool = False,
    segment_articles: int = SEGMENT_ARTICLES,
    merge: TieredMerge = TIERED,
    shards: int | None = None,
    cluster: str | None = None,
) -> ReindexReport:
    """Bring the index in line with the inputs under `paths`.

    Incremental by default: new and changed articles are written, unchanged ones skipped,
    and articles whose input under `paths` is gone are deleted (articles from other
    folders stay). With `full`, or when there is no index yet, a new generation is built
    from `paths` alone and replaces the live one at once. With `workers` > 1, inputs are
    read and cleaned in that many processes (a big JSON Lines export in parts), and a
    full build is also analysed and written by that many processes.
    Raises ReindexBusy when another process is writing the same index, unless `wait`, when
    it waits for that one to finish. A full build writes segments of at most
    `segment_articles`; an update commits with the `merge` policy (indexer/build/merging.py).
    With `shards` (2 or more), a full build writes that many shards (indexer/build/shards/);
    an update keeps the live index's shards, each article updated in its own, and refuses
    (ShardsRefused) a different count without `full`. With `cluster` (a Dask scheduler's
    address), the inputs are read and the shards written on that cluster's workers
    (indexer/build/shards/cluster.py); ClusterUnavailable says why it cannot be used,
    before anything is written.
    """
    store = IndexStore(index_dir)
    found = discover(paths)
    report = ReindexReport(rejected=list(found.rejected))
    with ExitStack() as stack:
        remote = stack.enter_context(cluster_pool(cluster)) if cluster else None
        lock = stack.enter_context(store.writing(wait=wait))
        report.rebuilt = None if full else store.outdated()
        if report.rebuilt:
            found = discover([*paths, *_inputs_elsewhere(store, found)])
            report.rejected = list(found.rejected)
        full = full or bool(report.rebuilt)
        _write(store, found, report, lock, full, workers, progress, segment_articles, merge, shards, remote)
    return report


def _inputs_elsewhere(store: IndexStore, found: Discovery) -> list[str]:
    """The inputs of the indexed articles outside the paths given that are still there: an
    update keeps those articles, so a rebuild in its stead reads them again."""
    scope = [str(root) for root in found.roots]
    inputs = {indexed_articles.input_of(path) for _, path, _ in indexed_articles.every(store.open()).values()}
    return sorted(i for i in inputs if not indexed_articles.within(i, scope) and os.path.exists(i))


def _write(
    store: IndexStore, found: Discovery, report: ReindexReport, lock: int, full: bool, workers: int,
    progress: Progress | None, segment_articles: int, merge: TieredMerge, shards: int | None,
    remote: tuple[Executor, int] | None,
) -> None:
    """What `reindex` does holding the writer lock (and the cluster, when asked for)."""
    rebuild = full or store.live_generation() is None
    ix = None if rebuild else store.open()
    shards = _shard_count(ix, shards, store)
    scope = [str(root) for root in found.roots]
    indexed = indexed_articles.under(ix, scope) if ix is not None else {}
    # Records whose raw bytes are unchanged are not read again (indexer/build/rawkeys.py).
    known = {path: (article_id, key) for article_id, (_, path, key) in indexed.items() if key}
    todo = rawkeys.plan(found.inputs, known, LINES_PER_PART, full=ix is None)
    counter = SharedCounter()
    if remote is not None:
        workers = remote[1]
    with nullcontext(remote[0]) if remote else _pool(workers, todo, lock, counter) as pool:
        if ix is None:
            built = build_generation(
                store, todo, report.rejected, pool, workers, progress or _no_progress, counter,
                segment_articles, shards,
            )
            report.full = True
            report.added, report.updated, report.unchanged = built.added, built.updated, built.unchanged
            report.deleted, report.articles = built.deleted, built.articles
        else:
            articles = _read_stream(todo, report, pool, workers, progress or _no_progress)
            changed = {article.id: article for article in articles}
            # An article read may be indexed from elsewhere (the same URL in another folder).
            indexed.update(indexed_articles.with_ids(ix, (i for i in changed if i not in indexed)))
            unread = {r.path for r in report.rejected}
            if isinstance(ix, ShardedIndex):
                _update_shards(ix, indexed, changed, todo, scope, unread, report, merge)
            else:
                _update(ix, indexed, changed, todo, scope, unread, report, merge)
    summaries.save(store.root, report.summary())


def _shard_count(ix: Index | ShardedIndex | None, asked: int | None, store: IndexStore) -> int | None:
    """The shards the reindex writes: those asked for (None for one plain index), else the
    live index's. An update cannot change the count: that takes a full build."""
    generation = store.live_generation()
    live = shard_count(generation) if generation is not None else None
    if asked is None:
        return live  # a full rebuild keeps the live index's shards too
    wanted = asked if asked > 1 else None
    if ix is not None and wanted != live:
        raise ShardsRefused(
            f"the index at {store.root} has {live or 1} shard(s), not {asked}; "
            f"rebuild it with `newsdesk reindex --full --shards {asked}`"
        )
    return wanted


def _update_shards(
    ix: ShardedIndex, indexed: dict[str, tuple[str, str, bytes]], articles: dict[str, Article],
    todo: rawkeys.ReadPlan, scope: list[str], unread: set[str], report: ReindexReport,
    merge: TieredMerge,
) -> None:
    """An update of each shard with the articles whose id it holds (one commit a shard),
    then the generation's words made the union of the shards' again."""
    count = len(ix.shards)
    homes = {i: shard_of(i, count) for i in [*indexed, *articles, *todo.kept]}
    for number, shard in enumerate(ix.shards):
        _update(
            shard, {i: e for i, e in indexed.items() if homes[i] == number},
            {i: a for i, a in articles.items() if homes[i] == number},
            replace(todo, kept={i: p for i, p in todo.kept.items() if homes[i] == number}),
            scope, unread, report, merge,
        )
    save_words_union(ix)
    report.articles = ix.doc_count()


def _no_progress(_size: int) -> AbstractContextManager[Advance]:
    return nullcontext(lambda size, articles: None)


def _pool(
    workers: int, todo: rawkeys.ReadPlan, lock: int, counter: SharedCounter
) -> AbstractContextManager[Executor | None]:
    """Worker processes for reading (and writing a full build), or none when there is too
    little to do: starting them would cost more than they save."""
    # A full build's tasks are read as they are taken (records not known ahead): go by bytes.
    known = isinstance(todo.tasks, list)
    enough = todo.records >= PARALLEL_RECORDS if known else todo.size >= PARALLEL_BYTES
    if workers < 2 or not enough:
        return nullcontext()
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(lock, counter))


def _start_worker(lock: int, counter: SharedCounter) -> None:
    """A worker starts as every worker does (`start_worker`) and counts what it reads in
    `counter`, for progress."""
    start_worker(lock)
    install(counter.add)


def _read_stream(
    todo: rawkeys.ReadPlan, report: ReindexReport, pool: Executor | None, workers: int, progress: Progress
) -> Iterator[Article]:
    """Read and clean what is left to read, in input order, as the articles are taken; the
    first article with a given id wins. Tasks go to the workers a few at a time, so only
    those in flight are held in memory."""
    seen: dict[str, str] = {}  # article id -> the path it was first read from
    ledger = Ledger(todo, report.rejected)
    count = 0
    with progress(todo.size) as advance:
        for task, (found, read) in ordered_results(pool, read_task, todo.tasks, window=2 * workers):
            ledger.take(task, read)
            fresh = []
            for article in found:
                if article.id in seen:
                    report.rejected.append(Rejected(article.path, f"same URL as {seen[article.id]}"))
                else:
                    seen[article.id] = article.path
                    fresh.append(article)
            count += len(fresh)
            advance(rawkeys.task_size(task), count)
            yield from fresh
        ledger.close()


def _update(
    ix: Index, indexed: dict[str, tuple[str, str, bytes]], articles: dict[str, Article],
    todo: rawkeys.ReadPlan, scope: list[str], unread: set[str], report: ReindexReport,
    merge: TieredMerge,
) -> None:
    spelling = SpellingWords()
    try:
        writer = TermWriter(ix)
        try:
            _add_new_fields(writer, ix)
            for article_id, article in articles.items():
                old = indexed.get(article_id)
                if old is None:
                    writer.add_document(**to_document(article, rawkeys.key_of(todo.keys, article.path)))
                    spelling.add(article.body)
                    report.added += 1
                elif old[0] != article.fingerprint:
                    writer.update_document(**to_document(article, rawkeys.key_of(todo.keys, article.path)))
                    spelling.add(article.body)
                    report.updated += 1
                else:
                    report.unchanged += 1
            report.unchanged += sum(1 for article_id in todo.kept if article_id not in articles)
            for article_id, (_, path, _) in indexed.items():
                # An input (or one record of it) that could not be read keeps its old articles.
                source_file = indexed_articles.input_of(path)
                gone = article_id not in articles and article_id not in todo.kept
                unreadable = path in unread or source_file in unread
                if gone and not unreadable and indexed_articles.within(source_file, scope):
                    writer.delete_by_term("id", article_id)
                    report.deleted += 1
            # Before the commit, so no reader sees an article whose words are not offered yet.
            spelling.save(ix.storage, merge=True)
            writer.commit(mergetype=merge)
        except BaseException:
            if not writer.is_closed:  # a failed commit has closed it
                writer.cancel()
            raise
    except BaseException as error:
        remove_unlisted_files(ix)  # what a failed commit wrote
        if isinstance(error, OSError):
            raise IndexWriteFailed(error, "adding to the index", Path(ix.storage.folder)) from error
        raise
    report.articles = ix.doc_count()


def _add_new_fields(writer: Any, ix: Index) -> None:
    """An index made by an older newsdesk gains the fields added since; its unchanged
    articles get their values at their next change or a --full rebuild."""
    for name, fieldtype in build_schema().items():
        if name not in ix.schema:
            writer.add_field(name, fieldtype)
