"""`newsdesk optimize`: the live index's segments merged into fewer, in a new generation.

An update never merges full segments (indexer/build/merging.py), so an index grown by many
updates keeps every segment it was given, with the articles deleted or replaced in them.
Optimizing merges runs of consecutive segments into segments of up to `segment_articles`
live articles, leaving the deleted ones out, in a new generation written beside the live
one, which keeps serving meanwhile; the new one is then published at once. The runs are
merged by worker processes, each into a segment of its own, a term at a time
(`merge_segments`, indexer/whooshext/segments.py), so a merged segment can be far larger
than a full build's; the writer lock is held throughout, as a reindex holds it.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from indexer.build.parallel import SEGMENT_ARTICLES
from indexer.build.shards.layout import ShardsRefused, shard_count
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
    segment_articles: int = OPTIMIZED_ARTICLES,
) -> OptimizeReport:
    """Merge the live index's segments into as few as `segment_articles` allows, in a new
    generation published when complete (a segment that would merge with no other and has
    no deleted article is linked into it as it is). Raises ReindexBusy when a reindex (or
    another optimize) is writing the index, unless `wait`; IndexWriteFailed when writing
    fails (a full disk), the live index unchanged."""
    store = IndexStore(index_dir)
    with store.writing(wait=wait) as lock:
        live = store.require_live_generation()
        if shard_count(live) is not None:
            raise ShardsRefused(
                f"the index at {store.root} is sharded, which optimize does not merge yet; "
                "`newsdesk reindex --full` rebuilds it with compact segments"
            )
        with store.open().reader() as reader:
            segments = {leaf.segment().segment_id(): leaf.segment() for leaf, _ in reader.leaf_readers()}
        articles = sum(segment.doc_count() for segment in segments.values())
        dropped = sum(segment.deleted_count() for segment in segments.values())
        runs = _runs([(name, segment.doc_count()) for name, segment in segments.items()], segment_articles)
        merged = [run for run in runs if len(run) > 1 or segments[run[0]].has_deletions()]
        if not merged and len(runs) == len(segments):
            return OptimizeReport(len(segments), len(segments), articles, 0)  # nothing to merge
        try:
            # Merged segments are of the kind they were written as: the version stays.
            folder, ix = store.create_generation(generation_version(live))
        except OSError as error:
            raise IndexWriteFailed(error, "writing the new index", store.root) from error
        pool = ProcessPoolExecutor(workers, initializer=start_worker, initargs=(lock,)) if workers > 1 else None
        try:
            with pool or nullcontext():
                merge = partial(_merge_run, str(live), str(folder))
                written = {tuple(run): new for run, new in ordered_results(pool, merge, merged, window=workers)}
            kept = [written[tuple(run)] if tuple(run) in written else _linked(segments[run[0]], live, folder)
                    for run in runs]
            kept = [segment for segment in kept if segment is not None]
            commit_segments(ix, kept)
            if (live / WORDS_FILE).exists():
                shutil.copyfile(live / WORDS_FILE, folder / WORDS_FILE)
            if ix.doc_count() != articles:
                raise RuntimeError(f"optimized index holds {ix.doc_count()} articles, expected {articles}")
            store.publish(folder)
        except BaseException as error:
            if store.live_generation() != folder:
                store.discard(folder)
            if isinstance(error, OSError):
                raise IndexWriteFailed(error, "writing the new index", folder) from error
            raise
    return OptimizeReport(len(segments), len(kept), articles, dropped)


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


def _merge_run(live: str, folder: str, run: list[str]) -> Any | None:
    """The segments `run` of the live index merged into one segment of the new one (in a
    worker process, or in this one)."""
    storage = MappedStorage(live)
    source = storage.open_index()
    writer = share_writer(MappedStorage(folder).open_index())
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
