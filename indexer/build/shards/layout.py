"""A sharded generation: N complete Whoosh indexes in `shard-NN/` folders of one generation.

    gen-<time>/SHARDS          the number of shards (a generation without it is one index)
    gen-<time>/shard-00/ ...   one complete Whoosh index each
    gen-<time>/spelling-words.txt   the union of the shards' words, for did-you-mean

An article's shard follows from its id alone (a stable hash), so an incremental reindex
finds a changed article's old copy in the shard its new one goes to.

Searching reads every shard's segments through one Whoosh MultiReader: document counts,
document frequencies and field lengths are then sums over all shards, the global statistics
Elasticsearch's dfs_query_then_fetch gathers before scoring, so a sharded index ranks as one
index holding the same segments would. No merge step is needed in one process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader

from indexer.build.tally import hash64
from indexer.schema import spelling
from indexer.whooshext.mapped import MappedStorage
from indexer.whooshext.readers import open_reader

SHARDS_FILE = "SHARDS"
MAX_SHARDS = 256


def shard_of(article_id: str, count: int) -> int:
    """The shard (0..count-1) an article with this id belongs to."""
    return hash64(article_id) % count if count > 1 else 0


def shard_folder(generation: Path, number: int) -> Path:
    return generation / f"shard-{number:02d}"


def shard_count(generation: Path) -> int | None:
    """The number of shards of a generation, or None when it is one plain index."""
    try:
        return int((generation / SHARDS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def mark_sharded(generation: Path, count: int) -> list[Path]:
    """Declare `generation` (not live yet) sharded in `count`; its shard folders, made."""
    (generation / SHARDS_FILE).write_text(f"{count}\n", encoding="utf-8")
    folders = [shard_folder(generation, n) for n in range(count)]
    for folder in folders:
        folder.mkdir()
    return folders


class ShardedIndex:
    """The shards of one generation, read as one index (what the search side and the
    update's bookkeeping need of a Whoosh FileIndex: reader, counts, schema, storage).

    Opened for searching, a shard that cannot be read is left out (`failed` says which and
    why) and the others answer: `shards` holds those that opened, `numbers` their numbers."""

    def __init__(self, generation: Path, shards: list[FileIndex], numbers: list[int] | None = None,
                 failed: dict[int, str] | None = None) -> None:
        self.generation = generation
        self.shards = shards
        self.numbers = numbers if numbers is not None else list(range(len(shards)))
        self.failed = failed or {}
        self.total = len(self.numbers) + len(self.failed)
        self.partial = False  # set by open_sharded(partial=True)
        self.schema = shards[0].schema
        # The generation's own folder: its spelling-words.txt is the union of the shards'.
        self.storage = MappedStorage(str(generation))
        self.indexname = shards[0].indexname

    def latest_generation(self) -> tuple[int | None, ...]:
        """Each shard's latest commit, None for one left out or no longer readable (a reader
        of a shard that went away since is then out of date, and reopened without it)."""
        found: dict[int, int | None] = dict.fromkeys(self.failed)
        for number, shard in zip(self.numbers, self.shards):
            try:
                found[number] = shard.latest_generation()
            except Exception:  # its folder removed or damaged since it was opened
                found[number] = None
        return tuple(found[number] for number in sorted(found))

    def reader(self, **_ignored: Any) -> IndexReader:
        """Every shard's segments in one MultiReader, whose statistics are the global ones.
        Opened partial, a shard whose segments cannot be read (a damaged or missing segment
        file) is moved to `failed` and the others are read."""
        leaves = []
        for number, shard in list(zip(self.numbers, self.shards)):
            try:
                opened = open_reader(shard)
            except Exception as error:
                if not self.partial:
                    raise
                self.failed[number] = str(unreadable_shard(self.generation, number, error))
                place = self.numbers.index(number)
                del self.numbers[place], self.shards[place]
                continue
            # A shard without documents (few articles, many shards) opens as an EmptyReader,
            # which has no columns: it is left out.
            leaves += [leaf for leaf, _ in opened.leaf_readers() if not isinstance(leaf, EmptyReader)]
        if not self.shards:
            raise ShardUnreadable(f"no shard of {self.generation.name} can be read: {self.failed[min(self.failed)]}")
        if not leaves:
            return EmptyReader(self.schema)
        return MultiReader(leaves, generation=self.latest_generation())  # type: ignore[arg-type]

    def doc_count(self) -> int:
        return sum(shard.doc_count() for shard in self.shards)

    def doc_count_all(self) -> int:
        return sum(shard.doc_count_all() for shard in self.shards)

    def close(self) -> None:
        for shard in self.shards:
            shard.close()


def open_sharded(generation: Path, count: int, *, partial: bool = False) -> ShardedIndex:
    """Open the shards of a generation; a missing or unreadable shard raises, naming it, or
    with `partial` (for searching) is left out, unless no shard can be read."""
    shards, numbers, failed = [], [], {}
    for number in range(count):
        try:
            shards.append(open_shard(generation, number))
            numbers.append(number)
        except ShardUnreadable as error:
            if not partial:
                raise
            failed[number] = str(error)
    if not shards:
        raise ShardUnreadable(f"no shard of {generation.name} can be read: {failed[0]}")
    opened = ShardedIndex(generation, shards, numbers, failed)
    opened.partial = partial
    return opened


def open_shard(generation: Path, number: int) -> FileIndex:
    """One shard of a generation as a Whoosh index; ShardUnreadable, naming it, when it cannot be read."""
    try:
        return MappedStorage(str(shard_folder(generation, number))).open_index()
    except Exception as error:  # Whoosh raises many kinds on damaged or missing files
        raise unreadable_shard(generation, number, error) from error


def unreadable_shard(generation: Path, number: int, error: Exception) -> ShardUnreadable:
    return ShardUnreadable(f"shard {number} ({shard_folder(generation, number).name}) cannot be read: {error}")


class ShardsRefused(Exception):
    """A sharded reindex that cannot go ahead as asked; the message says why and what to run."""


class ShardUnreadable(Exception):
    """One shard of the live generation is missing or damaged; the message names it."""


def save_words_union(index: ShardedIndex) -> None:
    """The generation's words file: the union of its shards' (did-you-mean offers a word
    any shard holds, ranked by its frequency over all shards)."""
    spelling.save_union(index.storage, [shard.storage for shard in index.shards])
