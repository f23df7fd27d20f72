"""Saved searches on real on-disk indexes: what is new after a reindex, and the SQLite file
that keeps them (names, duplicates, versions, a damaged, locked or killed-mid-write file)."""

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from indexer import BadRequest, SearchRequest, SearchService, reindex
from indexer.build.merging import TieredMerge
from indexer.watches.saved import UnknownWatch, Watch, WatchBusy, WatchError
from indexer.watches.store import FILE, MIGRATIONS, Checkpoint, WatchExists, WatchStore


def article(n, title, body, source="Alpha"):
    return {"url": f"https://a.example/{n}", "source": source, "title": title, "body": body * 4,
            "published": f"2025-06-{n % 28 + 1:02d}"}


CONVOY = "The convoy crossed the border at dawn after a week of talks. "
WEATHER = "Rain and wind swept across the northern plains all day. "


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    rows = [article(n, f"Convoy {n}" if n % 2 else f"Weather {n}", CONVOY if n % 2 else WEATHER) for n in range(20)]
    (folder / "first.jsonl").write_text("\n".join(map(json.dumps, rows)), "utf-8")
    return folder


@pytest.fixture
def index_dir(tmp_path, inputs):
    reindex(tmp_path / "index", [inputs])
    return tmp_path / "index"


def add_input(inputs, name, *rows):
    (inputs / name).write_text("\n".join(map(json.dumps, rows)), "utf-8")


def new_titles(watches, name="convoy"):
    return [m.title for m in watches.status(name).matches]


def test_only_articles_added_after_saving_are_new(index_dir, inputs):
    watches = SearchService(index_dir).watches()
    watches.add("convoy", SearchRequest(q="convoy"))
    assert watches.statuses()[0].new == 0
    add_input(inputs, "second.jsonl", article(100, "Another convoy", "A second convoy reached the port. "),
              article(101, "Sunny", WEATHER))
    assert reindex(index_dir, [inputs]).added == 2
    [status] = watches.statuses()
    assert (status.watch.name, status.new) == ("convoy", 1)
    assert new_titles(watches) == ["Another convoy"]


def test_a_run_prints_each_match_once(index_dir, inputs):
    watches = SearchService(index_dir).watches()
    watches.add("convoy", SearchRequest(q="convoy"))
    add_input(inputs, "second.jsonl", article(100, "Another convoy", CONVOY))
    reindex(index_dir, [inputs])
    [news] = watches.run()
    assert [m.title for m in news.matches] == ["Another convoy"]
    assert [m.title for m in watches.run()[0].matches] == ["Another convoy"]  # not printed yet
    watches.printed(watches.run())
    assert watches.run()[0].matches == []
    assert new_titles(watches) == ["Another convoy"]  # the feed keeps it


def test_full_rebuilds_and_merges_keep_saved_searches_and_bring_back_nothing_old(index_dir, inputs):
    watches = SearchService(index_dir).watches()
    watches.add("convoy", SearchRequest(q="convoy"))
    reindex(index_dir, [inputs], full=True)  # a new generation: every segment is new
    assert watches.status("convoy").new == 0
    for n in range(3):  # small segments, then a commit merging them into its own
        add_input(inputs, f"more{n}.jsonl", article(200 + n, f"Weather {n}", WEATHER))
        reindex(index_dir, [inputs])
    add_input(inputs, "last.jsonl", article(300, "Late convoy", CONVOY))
    reindex(index_dir, [inputs], merge=TieredMerge(per_tier=2))
    assert new_titles(watches) == ["Late convoy"]
    assert (index_dir / FILE).exists() and not list(index_dir.glob(f"gen-*/{FILE}"))


def test_filters_are_kept_and_applied(index_dir, inputs):
    watches = SearchService(index_dir).watches()
    watches.add("beta-convoy", SearchRequest(q="convoy", sources=("Beta",), since=None))
    add_input(inputs, "second.jsonl", article(100, "Alpha convoy", CONVOY),
              article(101, "Beta convoy", CONVOY, source="Beta"))
    reindex(index_dir, [inputs])
    status = watches.status("beta-convoy")
    assert status.watch.sources == ("Beta",)
    assert [m.title for m in status.matches] == ["Beta convoy"]


@pytest.mark.parametrize("name", ["", "Convoy", "a b", "../x", "-x", "x-", "ü", "a" * 65, "x.atom"])
def test_names_must_be_safe_slugs(index_dir, name):
    with pytest.raises(BadRequest, match="lowercase letters, digits"):
        SearchService(index_dir).watches().add(name, SearchRequest(q="convoy"))


def test_a_duplicate_name_is_refused_and_the_first_kept(index_dir):
    watches = SearchService(index_dir).watches()
    watches.add("convoy", SearchRequest(q="convoy"))
    with pytest.raises(WatchExists, match="'convoy' exists already"):
        watches.add("convoy", SearchRequest(q="weather"))
    assert [s.watch.q for s in watches.statuses()] == ["convoy"]


def test_unknown_names_are_said(index_dir):
    watches = SearchService(index_dir).watches()
    for ask in (watches.remove, watches.status, lambda name: watches.run([name])):
        with pytest.raises(UnknownWatch, match="no saved search named 'nope'"):
            ask("nope")


def test_removing_forgets_the_search_and_what_it_found(index_dir, inputs):
    watches = SearchService(index_dir).watches()
    watches.add("convoy", SearchRequest(q="convoy"))
    watches.remove("convoy")
    watches.add("convoy", SearchRequest(q="weather"))
    assert watches.status("convoy").watch.q == "weather"


def test_a_damaged_file_is_reported_and_left_as_it_is(tmp_path):
    path = tmp_path / FILE
    path.write_bytes(b"not a database at all, but someone's notes" * 100)
    before = path.read_bytes()
    store = WatchStore(path)
    with pytest.raises(WatchError, match="cannot be read .*left as it is"):
        store.watches()
    with pytest.raises(WatchError, match="cannot be read"):
        store.add(Watch("x", "convoy"), Checkpoint("g", frozenset()), [])
    assert path.read_bytes() == before


def test_a_file_of_a_newer_version_is_refused(tmp_path):
    path = tmp_path / FILE
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(WatchError, match="newer newsdesk"):
        WatchStore(path).watches()


def test_migrations_bring_an_empty_file_to_the_latest_version(tmp_path):
    path = tmp_path / FILE
    sqlite3.connect(path).close()
    assert WatchStore(path).watches() == []
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def run_child(path, code):
    script = f"from indexer.watches.store import *\nfrom indexer.watches.saved import Watch\n" \
             f"store = WatchStore({str(path)!r})\n" + textwrap.dedent(code)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    return child


def test_a_locked_file_makes_a_write_wait_then_say_so(tmp_path):
    path = tmp_path / FILE
    WatchStore(path).add(Watch("first", "convoy"), Checkpoint("g", frozenset()), ["a"])
    holder = run_child(path, """
        import sqlite3, time
        db = sqlite3.connect(store.path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        print("writing", flush=True)
        time.sleep(60)
    """)
    try:
        with pytest.raises(WatchBusy, match="being written by another process .*try again"):
            WatchStore(path, busy_seconds=0.2).add(Watch("second", "x"), Checkpoint("g", frozenset()), [])
        assert [w.name for w in WatchStore(path).watches()] == ["first"]  # reading still works
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_process_killed_mid_write_loses_nothing_saved(tmp_path):
    path = tmp_path / FILE
    WatchStore(path).add(Watch("first", "convoy"), Checkpoint("g", frozenset()), ["a", "b"])
    writer = run_child(path, """
        import time
        def matched():  # the ids of a broad search, still being read when the process dies
            for n in range(100_000):
                if n == 50_000:
                    print("writing", flush=True)
                    time.sleep(60)
                yield f"id{n}"
        store.add(Watch("second", "everything"), Checkpoint("g", frozenset()), matched())
    """)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    store = WatchStore(path)
    assert [w.name for w in store.watches()] == ["first"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM seen").fetchone()[0] == 2
    store.add(Watch("second", "everything"), Checkpoint("g", frozenset()), ["c"])
    assert [w.name for w in store.watches()] == ["first", "second"]
