"""Where an index lives on disk: generations, the pointer to the live one, the writer lock.

Layout of an index folder:

    CURRENT               name of the live generation, replaced atomically
    gen-<time>/           one complete Whoosh index per full build, and its
                          spelling-words.txt (indexer/schema/spelling.py); or, built
                          with shards, one index per shard (indexer/build/shards/layout.py);
                          and VERSION, the schema version it was written with (none: 1)
    reindex.lock          held (an OS file lock) by the one process writing

A full rebuild (or an optimize) writes a new generation beside the live one and then
swaps CURRENT, so readers never see an empty or half-built index: they keep answering from
the old generation until the new one is complete. Incremental updates commit into the live
generation; Whoosh commits are atomic for readers. A write that fails (a full disk) leaves
the live generation as it was: what was written of the new one is removed.

A generation of an older schema version (indexer/schema/fields.py) is read as it was
written; updates are not added to it: the next reindex rebuilds it in full (`outdated`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.index import Index, clean_files

from indexer.build.shards.layout import ShardedIndex, mark_sharded, open_sharded, shard_count
from indexer.schema.fields import SCHEMA_CHANGES, SCHEMA_VERSION, build_schema
from indexer.whooshext.mapped import MappedStorage

DEFAULT_INDEX_DIR = Path("newsdesk-data/index")
POINTER = "CURRENT"
LOCK = "reindex.lock"
VERSION_FILE = "VERSION"


class IndexMissing(Exception):
    """There is no usable index; the message says what to run."""


class IndexUnreadable(IndexMissing):
    """The index exists but is damaged or cannot be read; the message says what to run."""


class ReindexBusy(Exception):
    """Another process is writing this index."""


class IndexWriteFailed(Exception):
    """Writing to the index failed (a full disk, say); the live generation is unchanged and
    what was written of the new one is removed. The message says so in one line."""

    def __init__(self, error: OSError, doing: str, folder: Path) -> None:
        reason = (error.strerror or str(error) or type(error).__name__).lower()
        super().__init__(f"{reason} while {doing} at {folder}; the live index is unchanged")


class IndexStore:
    """One index folder and its generations."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def live_generation(self) -> Path | None:
        """The folder of the live generation, or None when there is no usable index."""
        try:
            return self.require_live_generation()
        except IndexMissing:
            return None

    def require_live_generation(self) -> Path:
        """The live generation's folder; raises IndexMissing, with what to run, when none.

        A damaged index (unreadable table of contents) raises IndexUnreadable, which says so.
        """
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            name = ""
        except OSError as error:
            raise self.unreadable(error) from None
        folder = self.root / name
        try:
            exists = bool(name) and (shard_count(folder) is not None or whoosh_index.exists_in(str(folder)))
        except Exception as error:  # Whoosh raises many kinds on damaged files
            raise self.unreadable(error) from None
        if not exists:
            raise IndexMissing(f"no index at {self.root}; run `newsdesk reindex`")
        return folder

    def open(self, *, partial: bool = False, populate: bool = False) -> Index | ShardedIndex:
        """Open the live generation for reading or updating (a sharded one as one index;
        with `partial`, for searching, without the shards that cannot be read; with
        `populate`, an index in the page cache mapped whole at once, `MappedStorage`)."""
        folder = self.require_live_generation()
        try:
            count = shard_count(folder)
            if count is not None:
                return open_sharded(folder, count, partial=partial)
            return MappedStorage(str(folder), populate=populate).open_index()
        except Exception as error:
            raise self.unreadable(error) from None

    def unreadable(self, error: Exception) -> IndexUnreadable:
        """The IndexUnreadable for a failure to read the index, saying what to run."""
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return IndexUnreadable(
            f"index at {self.root} cannot be read ({reason}); run `newsdesk reindex --full`"
        )

    def schema_version(self) -> int | None:
        """The schema version the live generation was written with; None without an index."""
        folder = self.live_generation()
        return None if folder is None else generation_version(folder)

    def outdated(self) -> str | None:
        """Why the live index is not of this newsdesk's schema version, in words ("the index
        at ... was written with schema version 1; this newsdesk writes 2 (...)"); None when
        it is (or there is none)."""
        version = self.schema_version()
        if version is None or version == SCHEMA_VERSION:
            return None
        return (f"the index at {self.root} was written with schema version {version}; this newsdesk "
                f"writes version {SCHEMA_VERSION} ({SCHEMA_CHANGES.get(SCHEMA_VERSION, '')})")

    def create_generation(self, version: int = SCHEMA_VERSION) -> tuple[Path, Index]:
        """A new, empty generation folder that is not live yet, of schema `version`
        (another than this newsdesk's only for an optimize of an older one)."""
        folder = self._new_folder(version)
        return folder, MappedStorage(str(folder)).create_index(_schema(version))

    def _new_folder(self, version: int) -> Path:
        # Names sort by creation time, which is the order pruning relies on.
        folder = self.root / f"gen-{datetime.now():%Y%m%dT%H%M%S.%f}"
        folder.mkdir(parents=True)
        (folder / VERSION_FILE).write_text(f"{version}\n", encoding="utf-8")
        return folder

    def create_sharded_generation(self, count: int, version: int = SCHEMA_VERSION) -> tuple[Path, list[Index]]:
        """A new, empty generation of `count` shards, each an empty index of schema
        `version` (as `create_generation`); not live yet."""
        folder = self._new_folder(version)
        return folder, [MappedStorage(str(shard)).create_index(_schema(version))
                        for shard in mark_sharded(folder, count)]

    def publish(self, folder: Path) -> None:
        """Make a complete generation the live one, at once, then drop old generations."""
        previous = self.live_generation()
        pointer = self.root / POINTER
        tmp = pointer.with_name(POINTER + ".tmp")
        tmp.write_text(folder.name + "\n", encoding="utf-8")
        os.replace(tmp, pointer)
        self._prune(keep={folder.name} | ({previous.name} if previous else set()))

    def discard(self, folder: Path) -> None:
        """Remove a generation that was never published (a failed build)."""
        shutil.rmtree(folder, ignore_errors=True)

    def _prune(self, keep: set[str]) -> None:
        # Keeps the generation that was live until now: a reader that resolved the pointer
        # a moment ago may still be opening it. Everything else goes, including half-built
        # generations of a reindex that was killed (the writer lock is ours, so no other
        # build is running).
        for folder in self.root.glob("gen-*"):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def writing(self, *, wait: bool = False) -> Iterator[int]:
        """Hold the writer lock for a reindex; refuse at once when another holds it, or wait.
        Gives the lock's file descriptor, which worker processes forked meanwhile must close.

        An OS lock, not a lock file: it dies with its process (and with every copy of its
        descriptor), so a killed reindex never leaves a stale lock behind.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise ReindexBusy(
                    f"another reindex is writing {self.root}; wait for it to finish "
                    "(or pass --wait)"
                ) from None
            try:
                yield handle.fileno()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def size_bytes(self) -> int:
        """Bytes on disk of the live generation."""
        folder = self.live_generation()
        if folder is None:
            return 0
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def generation_version(folder: Path) -> int:
    """The schema version a generation was written with: 1 for one written before versions
    were recorded, 0 for one whose record cannot be read (rebuilt like any older one)."""
    try:
        return int((folder / VERSION_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 1
    except (OSError, ValueError):
        return 0


def remove_unlisted_files(ix: Index) -> None:
    """Remove the segment files that the index's table of contents does not list: what a
    failed commit wrote (a later commit would remove them too, but a full disk stays full)."""
    with ix.reader() as reader:
        listed = [leaf.segment() for leaf, _ in reader.leaf_readers()]
    clean_files(ix.storage, ix.indexname, ix.latest_generation(), [s for s in listed if s is not None])


def _schema(version: int) -> Schema:
    """The schema of a new generation of `version` (this newsdesk's, or an older one for an
    optimize, which merges an older index as it was written)."""
    return build_schema() if version == SCHEMA_VERSION else build_schema(version)
