"""A sharded index with a shard missing or damaged, at start or while serving: the server
names the shard in its log, serves the other shards, and every answer says it is partial
(`shards` in the JSON, a notice on the page), never a 500; `serve --require-all-shards`
refuses to start instead, in one line naming the shard. Real indexes on disk, a real server."""

import shutil
import urllib.parse
from urllib.parse import quote

import pytest
from live_server import free_port, get_json, serving
from test_faults_index import page_text, run_cli

from corpus import samples_path
from indexer import IndexUnreadable, SearchRequest, SearchService, reindex
from indexer.build.shards.layout import shard_folder, shard_of
from indexer.build.store import IndexStore

pytestmark = pytest.mark.faults

SHARDS = 4
ALL = {"total": SHARDS, "answered": SHARDS, "failed": 0}


def four_shards(index):
    reindex(index, [samples_path()], shards=SHARDS)
    return IndexStore(index).require_live_generation()


def ids_matching(service, q):
    return [hit.id for hit in service.search(SearchRequest(q=q, per_page=100)).hits]


def damage_shard(generation, number):
    """Cut a segment of the shard short, as a disk error or a copy stopped halfway would."""
    for segment in shard_folder(generation, number).glob("*.seg"):
        with segment.open("r+b") as handle:
            handle.truncate(100)


def test_a_missing_shard_leaves_its_articles_out_and_says_so(tmp_path):
    generation = four_shards(tmp_path / "index")
    service = SearchService(tmp_path / "index")
    everything = ids_matching(service, "")
    assert service.search(SearchRequest(q="")).shards.failed == 0
    shutil.rmtree(shard_folder(generation, 2))
    answer = service.search(SearchRequest(q="", per_page=100))  # the same service: it notices
    assert (answer.shards.total, answer.shards.answered, answer.shards.failed) == (SHARDS, SHARDS - 1, 1)
    assert [hit.id for hit in answer.hits] == [i for i in everything if shard_of(i, SHARDS) != 2]
    assert answer.total == len(answer.hits) < len(everything)
    assert service.export(SearchRequest(q="")).shards == answer.shards
    # Writing needs every shard: an update refuses, naming it, and the partial index is kept.
    with pytest.raises(IndexUnreadable, match=r"shard 2 \(shard-02\)"):
        reindex(tmp_path / "index", [samples_path()])


def test_a_plain_index_is_one_shard_that_answered(tmp_path):
    reindex(tmp_path / "index", [samples_path()])
    shards = SearchService(tmp_path / "index").search(SearchRequest(q="Kursk")).shards
    assert (shards.total, shards.answered, shards.failed) == (1, 1, 0)


def test_the_server_serves_the_other_shards_and_marks_every_answer(tmp_path):
    index = tmp_path / "index"
    generation = four_shards(index)
    lost = [i for i in ids_matching(SearchService(index), "") if shard_of(i, SHARDS) == 1]
    damage_shard(generation, 1)
    log = tmp_path / "server.log"
    with serving(index, log, workers=1) as base:
        status, found = get_json(f"{base}/api/search?q=Kursk")
        assert status == 200 and found["shards"] == {"total": SHARDS, "answered": 3, "failed": 1}
        status, everything = get_json(f"{base}/api/search?q=&per_page=100")
        assert not {hit["id"] for hit in everything["hits"]} & set(lost)
        status, exported = get_json(f"{base}/api/export?format=json&q=Kursk")
        assert status == 200 and exported["shards"]["failed"] == 1
        status, page = page_text(f"{base}/search?q=Kursk")
        assert status == 200 and "Partial results: 1 of the index's" in page
        for path in ["/", "/api/coverage?q=Kursk", "/api/terms?q=Kursk", "/api/first?q=Kursk", "/api/compare?q=a&q=b",
                     "/api/sources", "/api/stats", "/healthz", "/search?q=Kursx", "/first?q=Kursk",
                     f"/api/articles/{quote(lost[0], safe='')}", f"/articles/{quote(lost[0], safe='')}"]:
            status, _ = page_text(base + path)
            assert status in (200, 404), path
        # Another shard goes while serving: the next answers leave it out too.
        shutil.rmtree(shard_folder(generation, 3))
        status, found = get_json(f"{base}/api/search?q={urllib.parse.quote('Kursk')}")
        assert status == 200 and found["shards"] == {"total": SHARDS, "answered": 2, "failed": 2}
    logged = log.read_text()
    assert "shard 1 (shard-01) cannot be read" in logged and "shard 3 (shard-03) cannot be read" in logged
    assert " 500 " not in logged


def test_serve_require_all_shards_refuses_naming_the_shard(tmp_path):
    index = tmp_path / "index"
    generation = four_shards(index)
    shutil.rmtree(shard_folder(generation, 2))
    code, _, err = run_cli("serve", "--require-all-shards", "--port", free_port(), index=index)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "shard 2 (shard-02) cannot be read" in err
    assert "--require-all-shards" in err


def test_a_whole_sharded_index_answers_with_every_shard(tmp_path):
    index = tmp_path / "index"
    four_shards(index)
    with serving(index, tmp_path / "server.log", workers=1) as base:
        assert get_json(f"{base}/api/search?q=Kursk")[1]["shards"] == ALL
