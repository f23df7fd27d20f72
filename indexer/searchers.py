"""Searchers of the live index, one per thread, each kept until the index changes.

Opening a searcher is expensive, and so is much of what a search works out per reader and
keeps while it lives (indexer/kept.py), so each thread reuses its searcher until the index
changes: a new generation (full rebuild) or a new commit (incremental update).
Searcher.refresh() is not used: it returns stale documents after updates.

A searcher may also be opened and warmed ahead, in another thread (indexer/warming.py), and
handed over: the next thread that needs a new one takes it instead of opening its own.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from indexer.build.shards.layout import ShardedIndex
from indexer.build.store import IndexStore
from indexer.whooshext.readers import open_reader

log = logging.getLogger(__name__)


@dataclass
class Opened:
    """A searcher and the generation folder it reads; of a sharded index, how many shards
    it has and why each one left out could not be read (its number -> the reason)."""

    folder: Path
    searcher: Searcher
    shards: int = 1
    failed: dict[int, str] = field(default_factory=dict)


class Searchers:
    """Each thread's searcher of the live index in `store`, scoring with `weighting()`."""

    def __init__(self, store: IndexStore, weighting: Callable[[], WeightingModel]) -> None:
        self.store = store
        self.weighting = weighting
        self._local = threading.local()
        self._warmed: Opened | None = None
        self._lock = threading.Lock()  # a warmed searcher goes to one thread, once
        self._logged: set[str] = set()  # each shard left out is logged once, not by every thread
        self.populate = False  # map an unsharded index whole when opening it (its pages in memory)

    def current(self) -> Opened:
        """This thread's searcher, opened again (or taken warmed) when the index changed."""
        folder = self.store.require_live_generation()
        mine: Opened | None = getattr(self._local, "open", None)
        with self._lock:
            warmed, self._warmed = self._warmed, None
        if mine and mine.folder == folder and mine.searcher.up_to_date():
            if warmed:  # asked before warming ended: this thread's own stays
                warmed.searcher.close()
            return mine
        if mine:
            mine.searcher.close()
        if not (warmed and warmed.folder == folder and warmed.searcher.up_to_date()):
            if warmed:
                warmed.searcher.close()
            warmed = self._open(folder)
        self._local.open = warmed
        return warmed

    def _open(self, folder: Path) -> Opened:
        ix = self.store.open(partial=True, populate=self.populate)
        try:
            reader = ix.reader() if isinstance(ix, ShardedIndex) else open_reader(ix)
            searcher = Searcher(reader, fromindex=ix, weighting=self.weighting())
        except Exception as error:  # a damaged segment: say so, as for a damaged table of contents
            raise self.store.unreadable(error) from None
        if not isinstance(ix, ShardedIndex):
            return Opened(folder, searcher)
        for _, reason in sorted(ix.failed.items()):
            if f"{folder}/{reason}" not in self._logged:
                self._logged.add(f"{folder}/{reason}")
                log.warning("%s: answering from the other %d of %d shards", reason, ix.total - len(ix.failed),
                            ix.total)
        return Opened(folder, searcher, ix.total, dict(ix.failed))

    def warm(self, ask: Callable[[], object]) -> None:
        """Run `ask` (searches that use `current`) on a searcher opened for it, then hand that
        searcher, with all it worked out, to the next thread needing a new one. This
        thread's own searcher is left as it was."""
        own = getattr(self._local, "open", None)
        self._local.open = None
        try:
            ask()
            warmed = self._local.open
        except BaseException:
            if self._local.open:
                self._local.open.searcher.close()
            raise
        finally:
            self._local.open = own
        with self._lock:
            replaced, self._warmed = self._warmed, warmed
        if replaced:
            replaced.searcher.close()

    def live_version(self) -> tuple[Path, object] | None:
        """The live generation's folder and its latest commit (one per shard of a sharded
        index); None without a usable index."""
        folder = self.store.live_generation()
        return None if folder is None else (folder, self.store.open().latest_generation())
