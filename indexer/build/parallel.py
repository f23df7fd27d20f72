"""A full build's segments: the read plan's tasks cut into shares as they stream in, and each
share read, cleaned, analysed and written as one segment by one process.

A worker process gets the raw lines of its share, not articles: reading, cleaning and
writing all happen where the segment is written, and only counts, hashes of the ids and
fingerprints, and rejections come back (indexer/build/full.py). The segment is written
with the in-memory term writer (indexer/whooshext/segments.py).
"""

from __future__ import annotations

import dataclasses
import gc
import os
from array import array
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Iterable, Iterator

from whoosh.filedb.filestore import FileStorage

from corpus import InputFile
from corpus.readers import jsonl
from indexer.build import rawkeys
from indexer.build.reading import TaskRead, read_task
from indexer.build.shards.layout import shard_of
from indexer.build.tally import hashes
from indexer.build.workers import count
from indexer.schema.documents import to_document
from indexer.schema.spelling import SpellingWords
from indexer.whooshext.segments import finish_segment, share_writer

# A segment's postings are held in memory until it is written (about 40 kB per news
# article, packed), by each worker: a bigger build writes several segments, each of at
# most this many records. Half as many halves the build's peak memory (2.1 GB -> 1.4 GB
# over the process tree for 37,554 articles with 2 workers) for twice the segments.
SEGMENT_ARTICLES = 10_000
# A segment is cut at this many bytes of raw records too, so that long articles keep
# memory bounded (ten thousand news articles hold about 60 million characters).
SEGMENT_BYTES = 100_000_000
# What a record costs to index besides its bytes (its stored fields, columns and
# signature), in bytes: the last shares are balanced on bytes plus this.
_RECORD_BYTES = 1000


@dataclass
class Written:
    """What writing one share gave, per shard of the new index (one for an index without
    shards): its segment (None when no article went to it), the hashes of its articles'
    ids and fingerprints in document order, and the name of its spelling words' file; and
    the account of reading each of the share's tasks."""

    segments: list[Any | None]
    ids: list[array]
    prints: list[array]
    words: list[str | None]
    reads: list[TaskRead]


def shares(
    tasks: Iterable[rawkeys.Task], workers: int, most: int = SEGMENT_ARTICLES
) -> Iterator[list[rawkeys.Task]]:
    """Full segments' worth of tasks as they come (a part split where a segment fills),
    then the rest in `workers` shares of about the same bytes, so that the last segments
    finish together. Tasks keep their order, and so documents keep the input's."""
    batch: list[rawkeys.Task] = []
    records = size = 0
    given = False
    for task in tasks:
        rest: rawkeys.Task | None = task
        while rest is not None:
            head, rest = _split(rest, most - records)
            batch.append(head)
            records += _records(head)
            size += _bytes(head)
            if records >= most or size >= SEGMENT_BYTES:
                yield batch
                batch, records, size, given = [], 0, 0, True
    if batch or not given:
        yield from _balanced(batch, workers)


def _records(task: rawkeys.Task) -> int:
    if isinstance(task, jsonl.Part):
        return sum(1 for line in task.lines if line.strip())
    return 1 if isinstance(task, InputFile) else 0


def _bytes(task: rawkeys.Task) -> int:
    if isinstance(task, jsonl.Part):
        return sum(map(len, task.lines))
    return rawkeys.task_size(task)


def _split(task: rawkeys.Task, records: int) -> tuple[rawkeys.Task, rawkeys.Task | None]:
    """The task's first `records` records (at least one), and the rest (None if none)."""
    if not isinstance(task, jsonl.Part) or _records(task) <= records:
        return task, None
    ends = accumulate(bool(line.strip()) for line in task.lines)
    cut = next(n for n, count in enumerate(ends, start=1) if count >= max(records, 1))
    return _slice(task, 0, cut), _slice(task, cut, len(task.lines))


def _slice(part: jsonl.Part, start: int, stop: int) -> jsonl.Part:
    """Lines start..stop of a part; its bytes on disk shared out so that slices add up."""
    total = len(part.lines)
    size = part.size * stop // total - part.size * start // total
    return dataclasses.replace(part, first=part.first + start, lines=part.lines[start:stop], size=size)


def _balanced(tasks: list[rawkeys.Task], workers: int) -> list[list[rawkeys.Task]]:
    """The tasks cut into as many contiguous shares as workers (fewer for fewer records),
    each about the same bytes: a worker's time goes with the text it indexes, so the
    shares finish together (equal counts of records did not)."""
    units = [(task, n) for task in tasks for n in range(len(task.lines) if isinstance(task, jsonl.Part) else 1)]
    if not units:
        return [[]]
    ends = list(accumulate(_unit_cost(task, n) for task, n in units))
    count = max(1, min(workers, sum(map(_records, tasks))))
    cuts = [0]
    for n in range(1, count):
        cut = bisect_left(ends, ends[-1] * n / count) + 1
        cuts.append(min(max(cut, cuts[-1] + 1), len(units) - (count - n)))
    cuts.append(len(units))
    return [_regroup(units[start:end]) for start, end in zip(cuts, cuts[1:])]


def _unit_cost(task: rawkeys.Task, line: int) -> int:
    if isinstance(task, jsonl.Part):
        raw = task.lines[line]
        return len(raw) + _RECORD_BYTES if raw.strip() else 0
    return _bytes(task) + _RECORD_BYTES * _records(task)


def _regroup(units: list[tuple[rawkeys.Task, int]]) -> list[rawkeys.Task]:
    """Runs of lines of one part back into parts."""
    found: list[rawkeys.Task] = []
    start = 0
    for n, (task, line) in enumerate(units):
        last = n + 1 == len(units) or units[n + 1][0] is not task
        if not last:
            continue
        if isinstance(task, jsonl.Part):
            found.append(_slice(task, units[start][1], line + 1))
        else:
            found.append(task)
        start = n + 1
    return found


@dataclass(frozen=True)
class Spilled:
    """A part whose lines wait in a file, at `offset` for `length` bytes: the reindexing
    process writes each share's lines there, rather than holding them while a worker
    writes the share's segment (`part` has no lines)."""

    part: jsonl.Part
    file: str
    offset: int
    length: int

    def load(self) -> jsonl.Part:
        with open(self.file, "rb") as handle:
            handle.seek(self.offset)
            return dataclasses.replace(self.part, lines=handle.read(self.length).split(b"\n"))


def spill(shares: Iterable[list[rawkeys.Task]], folder: str) -> Iterator[list[rawkeys.Task | Spilled]]:
    """The shares with their parts' lines written to one file per share in `folder`
    (removed by `write_share` once its segments are written)."""
    for number, share in enumerate(shares):
        path = os.path.join(folder, f"share-{number}.lines")
        spilled: list[rawkeys.Task | Spilled] = []
        with open(path, "wb") as handle:
            for task in share:
                if not isinstance(task, jsonl.Part):
                    spilled.append(task)
                    continue
                offset = handle.tell()
                handle.write(b"\n".join(task.lines))
                empty = dataclasses.replace(task, lines=[])
                spilled.append(Spilled(empty, path, offset, handle.tell() - offset))
        yield spilled


def write_share(folders: tuple[str, ...], indexname: str, share: list[rawkeys.Task | Spilled]) -> Written:
    """Read the tasks and write their articles as one segment of the new index in each
    of `folders` (its shards, or its one folder), each article in its shard's (in a worker
    process, or in this one); each segment's spelling words go to a file beside it."""
    indexes = [FileStorage(folder).open_index(indexname) for folder in folders]
    writers = [share_writer(ix) for ix in indexes]
    spellings = [SpellingWords() for _ in folders]
    ids: list[list[str]] = [[] for _ in folders]
    prints: list[list[str]] = [[] for _ in folders]
    reads = []
    with _no_cycle_collection():
        for task in _unspilled(share):
            articles, read = read_task(task)
            keys = rawkeys.record_keys(task) if articles else {}
            for article in articles:
                n = shard_of(article.id, len(folders))
                writers[n].add_document(**to_document(article, rawkeys.key_of(keys, article.path)))
                spellings[n].add(article.body)
                ids[n].append(article.id)
                prints[n].append(article.fingerprint)
            reads.append(read)
            count(rawkeys.task_size(task), read.articles)
        segments = [finish_segment(writer) for writer in writers]
    words: list[str | None] = []
    for ix, segment, spelling in zip(indexes, segments, spellings):
        words.append(None if segment is None else f"{segment.segment_id()}.words")
        if segment is not None:
            spelling.save_part(ix.storage, f"{segment.segment_id()}.words")
    _remove_spilled(share)
    return Written(segments, [hashes(i) for i in ids], [hashes(p) for p in prints], words, reads)


def _unspilled(share: list[rawkeys.Task | Spilled]) -> Iterator[rawkeys.Task]:
    """The share's tasks, each part's lines read as it comes."""
    for task in share:
        yield task.load() if isinstance(task, Spilled) else task


def _remove_spilled(share: list[rawkeys.Task | Spilled]) -> None:
    """The share's files, once its segments are written: a share run again (its Dask
    worker was lost before it was done) reads them again."""
    for file in {task.file for task in share if isinstance(task, Spilled)}:
        os.remove(file)


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
