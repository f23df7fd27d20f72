"""A searcher warmed ahead is the one the next request gets, with its per-reader work done,
and it sees what the last reindex wrote; a thread already up to date keeps its own."""

import threading
import time

import pytest
from synthetic import write_export

from indexer import SearchService, reindex
from indexer.kept import index_data
from indexer.search.request import SearchRequest
from indexer.warming import Warmer


def not_worked_out():
    raise AssertionError("the warmed reader should hold this already")


def assert_warm(searcher):
    reader = searcher.reader()
    for key in ("every", ("codes", "source"), ("codes", "month"), ("date order", True), "shared bands"):
        index_data(reader, key, not_worked_out)


@pytest.fixture
def corpus(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    write_export(exports / "a.jsonl", 300, seed=1)
    reindex(tmp_path / "index", [exports])
    return exports, tmp_path / "index"


def in_thread(work):
    """`work()` run in a thread of its own (a request's), its answer returned."""
    found = []
    thread = threading.Thread(target=lambda: found.append(work()))
    thread.start()
    thread.join()
    return found[0]


def test_the_next_thread_takes_the_warmed_searcher(corpus):
    exports, index_dir = corpus
    service = SearchService(index_dir)
    warmer = Warmer(service)
    assert warmer.warm()
    searcher = in_thread(lambda: service._open().searcher)
    assert_warm(searcher)
    assert not warmer.warm()  # nothing changed: nothing more to warm

    write_export(exports / "b.jsonl", 40, seed=5)
    reindex(index_dir, [exports])
    assert warmer.warm()
    total = in_thread(lambda: (service.search(SearchRequest()).total, assert_warm(service._open().searcher)))[0]
    assert total == 340


def test_a_thread_up_to_date_keeps_its_own_searcher(corpus):
    _, index_dir = corpus
    service = SearchService(index_dir)
    mine = service._open().searcher
    Warmer(service).warm()
    assert service._open().searcher is mine
    assert mine.up_to_date()


def test_without_an_index_there_is_nothing_to_warm(tmp_path):
    assert not Warmer(SearchService(tmp_path / "none")).warm()


def test_the_warming_thread_follows_reindexes(corpus):
    exports, index_dir = corpus
    service = SearchService(index_dir)
    warmer = Warmer(service, every=0.05)
    warmer.start()
    try:
        write_export(exports / "b.jsonl", 25, seed=9)
        reindex(index_dir, [exports])
        version = service.searchers.live_version()
        deadline = time.monotonic() + 60
        while warmer.last_warmed != version and time.monotonic() < deadline:
            time.sleep(0.05)
        assert warmer.last_warmed == version
    finally:
        warmer.stop()
    assert in_thread(lambda: service.search(SearchRequest()).total) == 325


def test_a_damaged_index_is_said_once(corpus, caplog):
    _, index_dir = corpus
    service = SearchService(index_dir)
    live = service.store.require_live_generation()
    for segment in live.glob("*.seg"):  # the segment's files cut short
        segment.write_bytes(segment.read_bytes()[:64])
    warmer = Warmer(service, every=0.02)
    warmer.start()
    time.sleep(0.5)
    warmer.stop()
    said = [record for record in caplog.records if record.name == "indexer.warming"]
    assert len(said) == 1 and said[0].levelname == "ERROR"


def test_a_sharded_index_is_warmed_too(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    write_export(exports / "a.jsonl", 120, seed=4)
    reindex(tmp_path / "index", [exports], shards=2)
    service = SearchService(tmp_path / "index")
    assert Warmer(service).warm()
    assert in_thread(lambda: (service.search(SearchRequest()).total, assert_warm(service._open().searcher)))[0] == 120
