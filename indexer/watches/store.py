"""The saved searches on disk: one SQLite file beside the index's generations.

It lives in the index folder, not in a generation, so full rebuilds and generation swaps
leave it alone. Every write is one transaction, so a process killed mid-write leaves the
file as it was before that write (SQLite's journal rolls it back on the next open); a damaged
or foreign file is reported, never replaced, and a write waits a while for another writer.
The schema's version is SQLite's user_version; MIGRATIONS[n] brings version n to n + 1.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from indexer.watches.saved import Match, UnknownWatch, Watch, WatchBusy, WatchError

FILE = "watches.sqlite3"
BUSY_SECONDS = 5.0  # a write waits this long for another process's write to finish
IN_BATCH = 500  # ids asked about in one query (SQLite allows 32,766 parameters)

MIGRATIONS = (
    # 1: saved searches; the articles each has matched (so an article merged into a new
    # segment is not new again); what each found after it was saved, oldest first.
    """
    CREATE TABLE watch (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        q TEXT NOT NULL,
        sources TEXT NOT NULL,          -- JSON list of outlets
        since TEXT,
        until TEXT,
        created TEXT NOT NULL,
        generation TEXT NOT NULL,       -- the index generation last looked at
        segments TEXT NOT NULL          -- JSON list of its segments already looked at
    );
    CREATE TABLE seen (
        watch INTEGER NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
        article TEXT NOT NULL,
        PRIMARY KEY (watch, article)
    ) WITHOUT ROWID;
    CREATE TABLE found (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        watch INTEGER NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
        article TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT,
        source TEXT,
        published TEXT,
        found TEXT NOT NULL,
        printed INTEGER NOT NULL DEFAULT 0  -- 1 once `watch run` has printed it
    );
    CREATE INDEX found_by_watch ON found (watch, printed, seq);
    """,
)


class WatchExists(ValueError):
    """A saved search of this name exists already."""

    def __init__(self, name: str) -> None:
        super().__init__(f"a saved search named {name!r} exists already; remove it first or choose another name")
        self.name = name


@dataclass(frozen=True)
class Checkpoint:
    """How far a saved search has looked: a generation and the segments of it already read."""

    generation: str
    segments: frozenset[str]


# (the saved search, its checkpoint, ids -> those of them it matched before)
#     -> (the new checkpoint, the new matches)
Look = Callable[[Watch, Checkpoint, Callable[[list[str]], set[str]]], tuple[Checkpoint, list[Match]]]


class WatchStore:
    """The saved searches of one index folder."""

    def __init__(self, path: Path | str, busy_seconds: float = BUSY_SECONDS) -> None:
        self.path = Path(path)
        self.busy_seconds = busy_seconds

    def add(self, watch: Watch, checkpoint: Checkpoint, matched: Iterable[str]) -> None:
        """Save `watch`, looked at up to `checkpoint`, having matched the ids `matched`."""
        with self._writing() as db:
            try:
                cursor = db.execute(
                    "INSERT INTO watch (name, q, sources, since, until, created, generation, segments)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (watch.name, watch.q, json.dumps(list(watch.sources)), watch.since, watch.until,
                     watch.created, checkpoint.generation, json.dumps(sorted(checkpoint.segments))),
                )
            except sqlite3.IntegrityError:
                raise WatchExists(watch.name) from None
            db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", ((cursor.lastrowid, i) for i in matched))

    def remove(self, name: str) -> None:
        with self._writing() as db:
            if db.execute("DELETE FROM watch WHERE name = ?", (name,)).rowcount == 0:
                raise UnknownWatch(name)

    def watches(self) -> list[Watch]:
        """Every saved search, by name."""
        with self._reading() as db:
            rows = db.execute(f"SELECT {_WATCH} FROM watch ORDER BY name")
            return [_watch(row) for row in rows]

    def watch(self, name: str) -> Watch:
        with self._reading() as db:
            row = db.execute(f"SELECT {_WATCH} FROM watch WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UnknownWatch(name)
        return _watch(row)

    def catch_up(self, name: str, look: Look) -> None:
        """Let `look` find what is new since the checkpoint, and keep it, in one transaction:
        two processes catching up at once take turns, and neither finds an article twice."""
        with self._writing() as db:
            row = db.execute(f"SELECT id, generation, segments, {_WATCH} FROM watch WHERE name = ?",
                             (name,)).fetchone()
            if row is None:
                raise UnknownWatch(name)
            key = row[0]
            before = Checkpoint(row[1], frozenset(json.loads(row[2])))
            after, found = look(_watch(row[3:]), before, lambda ids: _seen(db, key, ids))
            db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", ((key, m.id) for m in found))
            db.executemany(
                "INSERT INTO found (watch, article, title, url, source, published, found)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((key, m.id, m.title, m.url, m.source, m.published, m.found) for m in found),
            )
            if after != before:
                db.execute("UPDATE watch SET generation = ?, segments = ? WHERE id = ?",
                           (after.generation, json.dumps(sorted(after.segments)), key))

    def checkpoint(self, name: str) -> Checkpoint:
        """How far `name` has looked (read without waiting for a writer)."""
        with self._reading() as db:
            row = db.execute("SELECT generation, segments FROM watch WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UnknownWatch(name)
        return Checkpoint(row[0], frozenset(json.loads(row[1])))

    def unprinted(self, name: str) -> tuple[int, list[Match]]:
        """What `watch run` has not printed yet, oldest first, and the last one's number."""
        with self._reading() as db:
            rows = db.execute(_FOUND + " AND printed = 0 ORDER BY seq", (name,)).fetchall()
        return (rows[-1][0] if rows else 0), [Match(*row[1:]) for row in rows]

    def mark_printed(self, name: str, upto: int) -> None:
        """Mark what was found for `name` up to number `upto` as printed."""
        with self._writing() as db:
            db.execute("UPDATE found SET printed = 1 WHERE seq <= ? AND printed = 0"
                       " AND watch = (SELECT id FROM watch WHERE name = ?)", (upto, name))

    def counts(self) -> dict[str, int]:
        """name -> how many of its matches `watch run` has not printed yet."""
        with self._reading() as db:
            rows = db.execute("SELECT w.name, COUNT(f.seq) FROM watch w LEFT JOIN found f"
                              " ON f.watch = w.id AND f.printed = 0 GROUP BY w.id")
            return dict(rows.fetchall())

    def latest(self, name: str, limit: int) -> list[Match]:
        """What `name` found, the last found first (the newest published first among those
        found together)."""
        with self._reading() as db:
            rows = db.execute(_FOUND + " ORDER BY seq DESC LIMIT ?", (name, limit)).fetchall()
        rows.sort(key=lambda row: (row[6], row[5] or ""), reverse=True)
        return [Match(*row[1:]) for row in rows]

    # ---- connections ----

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        if not self.path.exists():  # nothing saved yet: read the empty schema, write nothing
            with self._open(sqlite3.connect(":memory:")) as db:
                yield db
            return
        with self._open(sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)) as db:
            yield db

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one write transaction, committed when the block ends."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WatchError(f"saved searches cannot be kept at {self.path} ({error.strerror})") from None
        with self._open(sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)) as db:
            with self._failures():
                db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                with self._failures():
                    db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    @contextmanager
    def _open(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        try:
            with self._failures():
                db.execute("PRAGMA foreign_keys = ON")
                self._migrate(db)
                yield db
        finally:
            db.close()

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise WatchError(f"saved searches at {self.path} were written by a newer newsdesk (schema "
                             f"version {version}; this one knows up to {len(MIGRATIONS)}); upgrade newsdesk")
        for number in range(version, len(MIGRATIONS)):
            db.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while this one waited for the lock.
                if db.execute("PRAGMA user_version").fetchone()[0] == number:
                    for statement in _statements(MIGRATIONS[number]):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """SQLite's errors as WatchError, saying what happened to which file."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise WatchBusy(f"saved searches at {self.path} are being written by another process "
                                f"(waited {self.busy_seconds:g} s); try again") from None
            raise WatchError(f"saved searches at {self.path} cannot be used ({error})") from None
        except sqlite3.DatabaseError as error:
            raise WatchError(f"saved searches at {self.path} cannot be read ({error}); the file is left "
                             "as it is: restore it from a backup, or move it away to start anew") from None


_WATCH = "name, q, sources, since, until, created"
_FOUND = ("SELECT seq, article, title, url, source, published, found FROM found"
          " WHERE watch = (SELECT id FROM watch WHERE name = ?)")


def _watch(row: tuple) -> Watch:
    name, q, sources, since, until, created = row
    return Watch(name=name, q=q, sources=tuple(json.loads(sources)), since=since, until=until, created=created)


def _seen(db: sqlite3.Connection, key: int, ids: list[str]) -> set[str]:
    """Those of `ids` the saved search `key` has matched before."""
    found: set[str] = set()
    for start in range(0, len(ids), IN_BATCH):
        batch = ids[start : start + IN_BATCH]
        marks = ",".join("?" * len(batch))
        rows = db.execute(f"SELECT article FROM seen WHERE watch = ? AND article IN ({marks})", (key, *batch))
        found.update(row[0] for row in rows)
    return found


def _statements(script: str) -> list[str]:
    """A migration's statements, one by one, so they run inside the migration's transaction
    (executescript would commit first)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
