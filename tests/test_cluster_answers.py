"""Searching 4 shards on a real Dask cluster (a `dask scheduler` and two `dask worker`
processes on 127.0.0.1) answers as one index holding the same articles, also where the
query's words are chosen by the index's statistics: the recency boost (by the newest
article of every shard), long descriptions (their rarest words kept), capped wildcards and
fuzzy terms (their most common words kept). Checked on a slice of allsides and on TIME, for
the perf benchmark's query mix and those kinds; both skip without the shared corpora."""

import gzip
import json
import re
from dataclasses import asdict

import pytest
from real_data import allsides_lines
from test_cluster_build import Cluster
from test_cluster_serve import copies_by_id
from test_indexer_shards import SHARDS, TIME_IR, without_last_ties

from bench.perf.pages import MIX
from indexer import SearchRequest, SearchService, reindex
from indexer.present.coverage import CoverageOptions
from indexer.scatter import ClusterSearchService
from indexer.search.description import MAX_WORDS

pytest.importorskip("distributed")

WILDCARDS = ["co*", "re*", "pres*", "electoin~", "trump* OR sen*"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        running.add_worker()
        running.add_worker()
        running.wait_for_workers(2)
        yield running
    finally:
        running.stop()


def answer(service, params):
    result = asdict(service.search(SearchRequest.from_params(params)))
    result.pop("took_ms")
    return result.pop("shards"), without_last_ties(copies_by_id(result, params))


def assert_same_answers(tmp_path, cluster, inputs, asked):
    reindex(tmp_path / "one", inputs, workers=2)
    reindex(tmp_path / "four", inputs, shards=SHARDS, workers=2)
    one, four = SearchService(tmp_path / "one"), ClusterSearchService(tmp_path / "four", cluster.address, timeout=60)
    whole = {"total": SHARDS, "answered": SHARDS, "failed": 0}
    for params in asked:
        expected = answer(one, params)[1]
        shards, found = answer(four, params)
        assert shards == whole, params
        assert found == expected, params
    return one, four


def assert_same_views(one, four, queries):
    """What `serve --cluster` reads of the shared index folder in the web process (coverage,
    distinctive words, who reported first, stories, export, more like this) is one index's."""
    for q in queries:
        request = SearchRequest(q=q)
        assert asdict(four.coverage(request, CoverageOptions(interval="month"))) == asdict(
            one.coverage(request, CoverageOptions(interval="month"))), q
        assert asdict(four.terms(request)) == asdict(one.terms(request)), q
        assert asdict(four.first(request)) == asdict(one.first(request)), q
        rows = [sorted(asdict(service.export(request))["rows"], key=lambda row: (-row["score"], row["id"]))
                for service in (one, four)]
        assert rows[0] == rows[1], q
        for hit in one.search(request).hits[:3]:
            assert asdict(four.story(hit.id)) == asdict(one.story(hit.id)), hit.id
            assert asdict(four.article_view(hit.id)) == asdict(one.article_view(hit.id)), hit.id


def descriptions(bodies):
    """Long descriptions: the first words of articles, more different words than are kept."""
    found = [" ".join(body.split()[:150]) for body in bodies]
    return [text for text in found if len(set(re.findall(r"\w+", text.lower()))) > MAX_WORDS + 20]


def test_allsides_slice_answers_as_one_index_on_the_cluster(tmp_path, cluster):
    lines = allsides_lines(40000, 125)
    if not lines:
        pytest.skip("the allsides-news corpus is not beside this checkout")
    (tmp_path / "slice.jsonl").write_text("".join(lines), encoding="utf-8")
    records = [json.loads(line) for line in lines]
    long = descriptions(record.get("body") or "" for record in records[::40])[:4]
    short = [title for record in records[::30] if len((title := record.get("title") or "").split()) >= 7][:4]
    assert len(long) >= 3 and len(short) >= 3
    asked = [query.params() for query in MIX] + [{"q": query.q, "recency": "true"} for query in MIX[:6]]
    asked += [{"q": q} for q in [*long, *short, *WILDCARDS]] + [{"q": q, "per_page": "30"} for q in long[:1]]
    one, four = assert_same_answers(tmp_path, cluster, [tmp_path / "slice.jsonl"], asked)
    assert_same_views(one, four, ["election", "trump -biden", "border wall"])
    # The kinds are there: a description cut to its rarest words, a capped wildcard.
    notices = [notice for q in [*long, "co*"] for notice in one.search(SearchRequest(q=q)).notices]
    assert any("rarest" in notice for notice in notices) and any("most common" in notice for notice in notices)


@pytest.mark.skipif(not TIME_IR.is_dir(), reason="the TIME collection (shared corpora) is absent")
def test_time_collection_answers_as_one_index_on_the_cluster(tmp_path, cluster):
    feed = tmp_path / "time.jsonl"
    bodies = []
    with gzip.open(TIME_IR / "docs.jsonl.gz", "rt", encoding="utf-8") as docs, feed.open("w") as out:
        for line in docs:
            doc = json.loads(line)
            bodies.append(doc["body"])
            out.write(json.dumps({"url": f"https://time.example/{doc['id']}", "body": doc["body"],
                                  "source": "TIME", "published": doc["date"]}) + "\n")
    queries = [json.loads(line)["text"] for line in (TIME_IR / "queries.jsonl").read_text().splitlines() if line]
    asked = [{"q": q} for q in queries[::2]] + [{"q": q, "recency": "true"} for q in queries[1:20:2]]
    asked += [{"q": q} for q in [*descriptions(bodies[::60])[:4], *WILDCARDS]]
    asked += [{"q": "soviet", "sort": "newest"}, {"q": "kennedy", "page": "2", "per_page": "5"}]
    assert_same_answers(tmp_path, cluster, [feed], asked)
