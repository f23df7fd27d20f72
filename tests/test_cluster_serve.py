"""`newsdesk serve --cluster ADDRESS` on a real Dask cluster (a `dask scheduler` and two `dask
worker` processes on 127.0.0.1) over a 4-shard index of the samples, a slice of allsides and a
wire story run by 40 outlets: every answer of /api/search is the single index's (same hits in
the same order with the same scores, totals, facets, histogram, copies folded across shards);
a worker that stops answering, then dies, gives partial
answers that say so, never a 500, and the next answers are whole again."""

import json
import os
import signal
import subprocess
import time
from dataclasses import asdict
from urllib.parse import urlencode

import pytest
from live_server import answering, free_port, get_json
from live_server import newsdesk as newsdesk_process
from test_cluster_build import Cluster, inputs, newsdesk, wait_for  # noqa: F401 (inputs: a fixture)
from test_faults_index import page_text
from test_indexer_shards import SHARDS, without_last_ties
from wire_corpus import syndicated_records

from indexer import SearchRequest, SearchService, reindex
from indexer.build.shards.layout import shard_of

pytest.importorskip("distributed")

QUERIES = ["Kursk", "Laos troops", "election", '"White House"', "trump -biden", "immigration border", "Kursx",
           "economy sort:date", "troop*", "", "president said the economy was growing faster than expected"]
SETTINGS = [{"page": "2", "per_page": "4"}, {"sort": "oldest"}, {"duplicates": "show"}]
TIMEOUT = 20  # --shard-timeout: generous, for a busy machine; a stopped worker costs it once


COPIES = [{"q": "convoy"}, {"q": "grain convoy", "page": "2", "per_page": "4"}, {"q": "convoy", "sort": "oldest"},
          {"q": "convoy", "duplicates": "show"}, {"q": "convoy", "source": "Outlet 3"}]


def single_answer(service, params):
    result = asdict(service.search(SearchRequest.from_params(params)))
    result.pop("took_ms")
    result.pop("shards")
    return without_last_ties(copies_by_id(result, params))


def served_answer(base, params):
    status, found = get_json(f"{base}/api/search?{urlencode(params)}", timeout=120)
    assert status == 200, found
    found.pop("took_ms")
    found.pop("links")
    return found.pop("shards"), without_last_ties(copies_by_id(found, params))


def copies_by_id(result, params):
    """The answer with each hit's copies, and hits of equal score, in order of id: one index
    orders them by its numbers of documents, which shards number differently (the same
    articles, in another order). A date sort's hits are left in their order."""
    for hit in result["hits"]:
        hit["duplicates"] = sorted(hit["duplicates"], key=lambda copy: copy["id"])
    if params.get("sort", "relevance") == "relevance" and params.get("q", "").strip():
        result["hits"].sort(key=lambda hit: (-hit["score"], hit["id"]))
    return result


def test_serving_on_the_cluster_answers_as_one_index_and_marks_a_lost_worker(tmp_path, inputs):  # noqa: F811
    cluster = Cluster(tmp_path)
    try:
        cluster.add_worker()
        victim = cluster.add_worker()
        cluster.wait_for_workers(2)
        wire = tmp_path / "wire.jsonl"
        wire.write_text("".join(json.dumps(r) + "\n" for r in syndicated_records(40, 12)), "utf-8")
        inputs = [*inputs, wire]
        reindex(tmp_path / "one", inputs)
        one = SearchService(tmp_path / "one")
        reindex(tmp_path / "four", inputs, shards=SHARDS)
        # The wire story folds over every shard, and past the first hits read for a page.
        [story, *others] = one.search(SearchRequest(q="convoy")).hits
        assert len(story.duplicates) == 39 and len(others) == 9
        assert {shard_of(copy.id, SHARDS) for copy in story.duplicates} == set(range(SHARDS))
        log = tmp_path / "server.log"
        port = free_port()
        with open(log, "w") as out:
            server = newsdesk_process("serve", "--port", port, "--workers", 1, "--cluster", cluster.address,
                                      "--shard-timeout", TIMEOUT, index=tmp_path / "four", stdout=out,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        with answering(server, f"http://127.0.0.1:{port}", log) as base:
            whole = {"total": SHARDS, "answered": SHARDS, "failed": 0}
            # Every query as it comes; a few also paged, by date and with copies shown.
            asked = [{"q": q} for q in QUERIES] + [{"q": q, **setting} for q in QUERIES[:3] for setting in SETTINGS]
            asked += COPIES
            for params in asked:
                shards, found = served_answer(base, params)
                assert shards == whole, params
                assert found == single_answer(one, params), params
            status, page = page_text(f"{base}/search?q=Kursk")
            assert status == 200 and "Partial results" not in page

            # A worker stops answering: its shards are left out after the timeout, and said so.
            os.kill(victim.pid, signal.SIGSTOP)
            started = time.monotonic()
            shards, found = served_answer(base, {"q": "election"})
            assert time.monotonic() - started < 3 * TIMEOUT + 30
            assert shards["failed"] >= 1 and shards["answered"] >= 1, shards
            assert shards["answered"] + shards["failed"] == SHARDS
            assert found[0]["total"] < single_answer(one, {"q": "election"})[0]["total"]
            # Then it dies: the scheduler drops it and the next answers are whole again.
            os.kill(victim.pid, signal.SIGKILL)
            answers = []

            def whole_again():
                answers.append(served_answer(base, {"q": "election"}))
                return answers[-1][0] == whole

            wait_for(whole_again, 6 * TIMEOUT, "a whole answer from the remaining worker")
            assert answers[-1][1] == single_answer(one, {"q": "election"})
            status, page = page_text(f"{base}/search?q=election")
            assert status == 200
        logged = log.read_text()
        assert "left out of the answer" in logged and " 500 " not in logged
    finally:
        cluster.stop()


def test_serve_with_a_cluster_that_does_not_answer_is_one_line(tmp_path):
    port = free_port()
    started = time.monotonic()
    done = subprocess.run(newsdesk("--index", tmp_path / "index", "serve", "--cluster", f"tcp://127.0.0.1:{port}",
                                   "--port", free_port()), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert time.monotonic() - started < 60
    assert f"no Dask scheduler answers at tcp://127.0.0.1:{port}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "index").exists()  # nothing built for a server that cannot start
