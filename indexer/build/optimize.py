"""`newsdesk optimize`: the live index's segments merged into fewer, in a new generation.

An update never merges full segments (indexer/build/merging.py), so an index grown by many
updates keeps every segment it was given, with the articles deleted or replaced in them.
Optimizing merges runs of consecutive segments into segments of up to `segment_articles`
live articles, leaving the deleted ones out, in a new generation written beside the live
one, which keeps serving meanwhile; the new one is then published at once. The runs are
merged by worker processes, each into a segment of its own, a term at a time
(`merge_segments`, indexer/whooshext/segments.py), so a merged segment can be far larger
than a full build's; the writer lock is held throughout, as a reindex holds it.

A sharded index has each shard's segments merged so, all shards' runs handed to the same
workers, or with `--cluster` to a Dask cluster's (indexer/build/shards/cluster.py): a full
build writes a segment into every shard per share, so many shards hold many small segments.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from whoosh.reading import EmptyReader

from indexer.build.parallel import SEGMENT_ARTICLES
from indexer.build.shards.cluster import cluster_pool
from indexer.build.shards.layout import shard_count, shard_folder
from indexer.build.store import IndexStore, IndexWriteFailed, generation_version
from indexer.build.workers import ordered_results, start_worker
from indexer.schema.spelling import WORDS_FILE
from indexer.whooshext.mapped import MappedStorage
from indexer.whooshext.segments import commit_segments, merge_segments, share_writer

# Live articles of an optimized segment, at most. A merge holds one term's postings at a
# time, but Whoosh's hash table of the segment's terms (a tuple a term, held until the
# segment is written) grows with it: merging 150,000 scale articles into one segment peaked
# at 850 MB of heap (~18 terms an article, dupbands and ids). At this bound a worker holds
# about two thirds of that and a million articles make 10 segments: a search pays 0.4-0.9 ms
# per segment, where a full build's 100 cost it 40-90 ms.
OPTIMIZED_ARTICLES = 10 * SEGMENT_ARTICLES


@dataclass
class OptimizeReport:
    segments_before: int
    segments_after: int
    articles: int
    deleted_dropped: int  # articles marked deleted, left out of the new segments

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def optimize(
    index_dir: Path | str, *, workers: int = 1, wait: bool = False,
    segment_articles: int = OPTIMIZED_ARTICLES, cluster: str | None = None,
) -> OptimizeReport:
    """Merge the live index's segments into as few as `segment_articles` allows, in a new
    generation published when complete (a segment that would merge with no other and has
    no deleted article is linked into it as it is); a sharded index has each shard's
    segments merged so. The merges run in `workers` processes, or with `cluster` (a Dask
    scheduler's address) on that cluster's workers, which must see the index folder.
    Raises ReindexBusy when a reindex (or another optimize) is writing the index, unless
    `wait`; IndexWriteFailed when writing fails (a full disk), the live index unchanged;
    ClusterUnavailable, saying why, before anything is written."""
    store = IndexStore(index_dir)
    with ExitStack() as stack:
        remote = stack.enter_context(cluster_pool(cluster)) if cluster else None
        lock = stack.enter_context(store.writing(wait=wait))
        live = store.require_live_generation()
        shards = shard_count(live)
        parts = [_Part.of(folder, segment_articles) for folder in _part_folders(live, shards)]
        before = sum(len(part.segments) for part in parts)
        articles = sum(part.articles for part in parts)
        tasks = [(number, tuple(run)) for number, part in enumerate(parts) for run in part.merged]
        if not tasks and all(len(part.runs) == len(part.segments) for part in parts):
            return OptimizeReport(before, before, articles, 0)  # nothing to merge
        try:
            # Merged segments are of the kind they were written as: the version stays.
            if shards is None:
                folder, ix = store.create_generation(generation_version(live))
                indexes = [ix]
            else:
                folder, indexes = store.create_sharded_generation(shards, generation_version(live))
        except OSError as error:
            raise IndexWriteFailed(error, "writing the new index", store.root) from error
        try:
            local = _local_pool(workers, lock) if remote is None else None
            pool, window = remote if remote is not None else (local, workers)
            with local or nullcontext():
                merge = partial(_merge_run, [str(p.folder) for p in parts], [ix.storage.folder for ix in indexes])
                written = dict(ordered_results(pool, merge, tasks, window=window))
            kept = 0
            for number, (part, ix) in enumerate(zip(parts, indexes)):
                segments = [written[(number, tuple(run))] if (number, tuple(run)) in written
                            else _linked(part.segments[run[0]], part.folder, Path(ix.storage.folder))
                            for run in part.runs]
                segments = [segment for segment in segments if segment is not None]
                commit_segments(ix, segments)
                kept += len(segments)
                _copy_words(part.folder, Path(ix.storage.folder))
            if shards is not None:
                _copy_words(live, folder)  # the union of the shards' words
            held = sum(ix.doc_count() for ix in indexes)
            if held != articles:
                raise RuntimeError(f"optimized index holds {held} articles, expected {articles}")
            store.publish(folder)
        except BaseException as error:
            if remote is not None:  # workers may still be writing into the folder
                remote[0].shutdown(cancel_futures=True)
            if store.live_generation() != folder:
                store.discard(folder)
            if isinstance(error, OSError):
                raise IndexWriteFailed(error, "writing the new index", folder) from error
            raise
    return OptimizeReport(before, kept, articles, sum(part.deleted for part in parts))


@dataclass
class _Part:
    """One index of the live generation (the whole, or a shard): its segments by id and
    how they are gathered into runs, those that are merged among them."""

    folder: Path
    segments: dict[str, Any]
    runs: list[list[str]]
    merged: list[list[str]]

    @classmethod
    def of(cls, folder: Path, segment_articles: int) -> _Part:
        with MappedStorage(str(folder)).open_index().reader() as reader:
            segments = {leaf.segment().segment_id(): leaf.segment() for leaf, _ in reader.leaf_readers()
                        if not isinstance(leaf, EmptyReader)}
        runs = _runs([(name, segment.doc_count()) for name, segment in segments.items()], segment_articles)
        merged = [run for run in runs if len(run) > 1 or segments[run[0]].has_deletions()]
        return cls(folder, segments, runs, merged)

    @property
    def articles(self) -> int:
        return sum(segment.doc_count() for segment in self.segments.values())

    @property
    def deleted(self) -> int:
        return sum(segment.deleted_count() for segment in self.segments.values())


def _part_folders(live: Path, shards: int | None) -> list[Path]:
    return [live] if shards is None else [shard_folder(live, number) for number in range(shards)]


def _local_pool(workers: int, lock: int) -> ProcessPoolExecutor | None:
    return ProcessPoolExecutor(workers, initializer=start_worker, initargs=(lock,)) if workers > 1 else None


def _copy_words(live: Path, folder: Path) -> None:
    if (live / WORDS_FILE).exists():
        shutil.copyfile(live / WORDS_FILE, folder / WORDS_FILE)


def _linked(segment: Any, live: Path, folder: Path) -> Any:
    """A segment of the live generation, unchanged, in the new one: its files hard-linked
    (no copy, no space), or copied where links cannot be made."""
    for path in live.glob(f"{segment.segment_id()}.*"):
        try:
            os.link(path, folder / path.name)
        except OSError:
            shutil.copyfile(path, folder / path.name)
    return segment


def _runs(sizes: list[tuple[str, int]], most: int) -> list[list[str]]:
    """Consecutive segments (their ids) gathered while their live articles fit in `most`;
    segments without a live article are left out."""
    runs: list[list[str]] = []
    held = most
    for segment_id, live_count in sizes:
        if not live_count:
            continue
        if held + live_count > most:
            runs.append([])
            held = 0
        runs[-1].append(segment_id)
        held += live_count
    return runs


def _merge_run(lives: list[str], folders: list[str], task: tuple[int, tuple[str, ...]]) -> Any | None:
    """The segments of a run of one index of the live generation (its place in `lives`)
    merged into one segment of the same index of the new one (`folders`), in a worker
    process, on a cluster's worker, or in this one."""
    number, run = task
    storage = MappedStorage(lives[number])
    source = storage.open_index()
    writer = share_writer(MappedStorage(folders[number]).open_index())
    try:
        with source.reader() as reader:
            leaves = {leaf.segment().segment_id(): leaf for leaf, _ in reader.leaf_readers()}
            for segment_id in run:
                _learn_new_fields(leaves[segment_id].schema, writer.schema)
            # Each page of the sources is read once: let go of it as the merge goes on.
            return merge_segments(writer, [leaves[segment_id] for segment_id in run],
                                  every_so_often=storage.release_pages)
    except BaseException:
        writer.cancel()
        raise


def _learn_new_fields(old: Any, new: Any) -> None:
    """An index made by an older newsdesk lacks the fields added since: its reader learns
    them (in memory), so that the merge leaves them empty instead of failing on them."""
    for name, field in new.items():
        if name not in old:
            old.add(name, field)
