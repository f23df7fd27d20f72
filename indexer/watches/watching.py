"""Saved searches and what is new for them, without reading the whole index again.

What the index knows about when an article arrived: an incremental reindex commits its new
and changed articles as a new segment of the live generation (and may merge small segments
into it), and a full rebuild or optimize writes a new generation. So each saved search keeps
a checkpoint, the generation and the segments it has looked at: catching up runs its search
on the segments not looked at only, a few hundred articles after a small reindex however
large the index. A segment made by a merge also holds articles looked at before; those the
search matched then are in its `seen` list and are not new again. After a new generation
every segment is new to it, and the `seen` list keeps old matches from coming back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.search.matches import column_values
from indexer.search.ranking import Ranking
from indexer.search.request import SearchRequest
from indexer.search.selection import matched_set
from indexer.watches.saved import Match, UnknownWatch, Watch, WatchStatus, checked_name
from indexer.watches.store import FILE, Checkpoint, WatchExists, WatchStore

# The live generation's folder name and a searcher on it.
Opener = Callable[[], tuple[str, Searcher]]
FEED_ENTRIES = 50  # matches a feed (and a saved search's JSON) shows, the last found first


@dataclass(frozen=True)
class News:
    """What one saved search found that `watch run` has not printed, oldest first."""

    watch: Watch
    matches: list[Match]
    upto: int  # the last one's number in the store (0 when none)


class Watches:
    """The saved searches of one index, answered from the live index."""

    def __init__(self, index_dir: Path | str, open_index: Opener, ranking: Ranking) -> None:
        self.store = WatchStore(Path(index_dir) / FILE)
        self._open_index = open_index
        self._ranking = ranking

    def add(self, name: str, request: SearchRequest) -> WatchStatus:
        """Save `request` as `name`: what it matches now is known, and only what comes later
        is new. Raises WatchExists for a name taken, BadRequest for a name not a slug."""
        watch = Watch.of(checked_name(name), request, created=_now())
        if name in {w.name for w in self.store.watches()}:
            raise WatchExists(name)  # before reading what it matches (the insert checks again)
        generation, searcher = self._open_index()
        matched = [i for _, i in _matched_ids(searcher, watch, self._ranking)]
        self.store.add(watch, Checkpoint(generation, _segments(searcher.reader())), matched)
        return WatchStatus(watch, new=0)

    def remove(self, name: str) -> None:
        """Forget a saved search and what it found; UnknownWatch when there is none."""
        self.store.remove(name)

    def statuses(self) -> list[WatchStatus]:
        """Every saved search with its number of new matches, by name."""
        watches = self.store.watches()
        for watch in watches:
            try:
                self.catch_up(watch.name)
            except UnknownWatch:  # removed by another process meanwhile
                pass
        counts = self.store.counts()
        return [WatchStatus(watch, counts[watch.name]) for watch in watches if watch.name in counts]

    def status(self, name: str, matches: int = FEED_ENTRIES) -> WatchStatus:
        """One saved search, its number of new matches and the `matches` last found."""
        watch = self.store.watch(name)
        self.catch_up(name)
        return WatchStatus(watch, self.store.counts().get(name, 0), self.store.latest(name, matches))

    def run(self, names: list[str] | None = None) -> list[News]:
        """What each saved search (or those named) found since the last run, oldest first.
        They count as printed only once passed to `printed`: a run killed before that prints
        the same matches again rather than losing them."""
        watches = [self.store.watch(name) for name in names] if names else self.store.watches()
        news = []
        for watch in watches:
            self.catch_up(watch.name)
            upto, found = self.store.unprinted(watch.name)
            news.append(News(watch, found, upto))
        return news

    def printed(self, news: list[News]) -> None:
        """Mark what a `run` returned as printed: the next run starts after it."""
        for one in news:
            if one.upto:
                self.store.mark_printed(one.watch.name, one.upto)

    def catch_up(self, name: str) -> None:
        """Find the articles added since `name` last looked, and keep those it matches."""
        generation, searcher = self._open_index()
        now = Checkpoint(generation, _segments(searcher.reader()))
        if self.store.checkpoint(name) == now:
            return  # nothing added since: no write, no waiting for another writer

        def look(watch: Watch, before: Checkpoint, seen: Callable[[list[str]], set[str]]
                 ) -> tuple[Checkpoint, list[Match]]:
            if now == before:  # another process caught up meanwhile
                return before, []
            same = before.generation == generation
            found: list[Match] = []
            for leaf in _leaves(searcher.reader()):
                if same and leaf.segment().segment_id() in before.segments:
                    continue
                part = Searcher(leaf, closereader=False)
                matched = _matched_ids(part, watch, self._ranking)
                old = seen([i for _, i in matched])
                found += [_match(part, docnum, i) for docnum, i in matched if i not in old]
            return now, found

        self.store.catch_up(name, look)


def _matched_ids(searcher: Searcher, watch: Watch, ranking: Ranking) -> list[tuple[int, str]]:
    """The document number and id of every article the saved search matches."""
    matched, _ = matched_set(searcher, watch.request(), ranking)
    ids = column_values(searcher, "id")
    return [(n, ids[n]) for n in matched]


def _leaves(reader: IndexReader) -> list[IndexReader]:
    return [leaf for leaf, _ in reader.leaf_readers() if leaf.segment() is not None]


def _segments(reader: IndexReader) -> frozenset[str]:
    return frozenset(leaf.segment().segment_id() for leaf in _leaves(reader))


def _match(searcher: Searcher, docnum: int, article_id: str) -> Match:
    stored = searcher.stored_fields(docnum)
    return Match(id=article_id, title=stored.get("title", ""), url=stored.get("url") or None,
                 source=stored.get("source") or None, published=stored.get("published_text"), found=_now())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
