"""A sharded index (`reindex --shards N`) answers as one index holding the same articles:
same top 10 in the same order with the same scores, totals, facets, coverage, did-you-mean.
Checked on the samples, a slice of allsides and the TIME collection (those two skip without
the shared corpora), on real indexes on disk."""

import gzip
import json
import re
from dataclasses import asdict

import pytest
from real_data import SHARED, allsides_lines

from corpus import samples_path
from indexer import SearchRequest, SearchService, ShardsRefused, optimize, reindex
from indexer.build.shards.layout import shard_count, shard_of
from indexer.build.store import IndexStore
from indexer.present.coverage import CoverageOptions

TIME_IR = SHARED / "corpora" / "time-ir"
SHARDS = 4


def answer(service, q, **params):
    """What a search page shows, less the time it took and how many shards answered (all)."""
    result = asdict(service.search(SearchRequest(q=q, **params)))
    result.pop("took_ms")
    assert result.pop("shards")["failed"] == 0
    return result


def coverage(service, q):
    return asdict(service.coverage(SearchRequest(q=q), CoverageOptions(interval="month")))


def both(tmp_path, inputs, **kwargs):
    """The same inputs indexed once as one index and once as SHARDS shards."""
    one = reindex(tmp_path / "one", inputs, **kwargs)
    four = reindex(tmp_path / "four", inputs, shards=SHARDS, **kwargs)
    assert four.articles == one.articles
    assert shard_count(IndexStore(tmp_path / "four").require_live_generation()) == SHARDS
    return SearchService(tmp_path / "one"), SearchService(tmp_path / "four")


def without_last_ties(result):
    """The answer with its hits split: those scoring above the page's last score, in
    order, and the scores of the rest. Whoosh orders equal scores by document number,
    which the shards number differently (so does Elasticsearch, by shard): articles
    tied at the bottom of a page may be others, of the same score."""
    hits = result.pop("hits")
    last = hits[-1]["score"] if hits else None
    return result, [h for h in hits if h["score"] != last], [h["score"] for h in hits if h["score"] == last]


def assert_same_answers(single, sharded, queries):
    for q in queries:
        assert without_last_ties(answer(sharded, q)) == without_last_ties(answer(single, q)), q
    assert sharded.stats().articles == single.stats().articles


def test_the_shard_of_an_article_follows_from_its_id_alone():
    ids = [f"https://example.com/{n}" for n in range(400)]
    shards = [shard_of(i, SHARDS) for i in ids]
    assert shards == [shard_of(i, SHARDS) for i in ids]
    assert set(shards) == set(range(SHARDS))  # 400 ids spread over every shard
    assert {shard_of(i, 1) for i in ids} == {0}


def test_samples_answer_as_one_index(tmp_path):
    single, sharded = both(tmp_path, [samples_path()])
    queries = ["Kursk", "Laos troops", '"Marxist ideology"', "Russia -Laos", "Kursx", "troop*", "Thongloun Kursk"]
    assert_same_answers(single, sharded, queries)
    assert answer(sharded, "Kursx")["suggestion"] == answer(single, "Kursx")["suggestion"] is not None
    assert coverage(sharded, "Kursk") == coverage(single, "Kursk")
    assert sharded.sources() == single.sources()


def test_allsides_slice_answers_as_one_index(tmp_path):
    lines = allsides_lines(40000, 125)
    if not lines:
        pytest.skip("the allsides-news corpus is not beside this checkout")
    (tmp_path / "slice.jsonl").write_text("".join(lines), encoding="utf-8")
    single, sharded = both(tmp_path, [tmp_path / "slice.jsonl"], workers=2)
    titles = [json.loads(line).get("title") or "" for line in lines[::10]]
    queries = [" ".join(re.findall(r"\w+", title)[:3]) for title in titles if title]
    queries += ['"White House"', "trump -biden", "election sort:date", "immigration border"]
    assert len(queries) > 30
    assert_same_answers(single, sharded, queries)
    assert coverage(sharded, "election") == coverage(single, "election")


@pytest.mark.skipif(not TIME_IR.is_dir(), reason="the TIME collection (shared corpora) is absent")
def test_time_collection_top_ten_is_the_same_over_four_shards(tmp_path):
    feed = tmp_path / "time.jsonl"
    with gzip.open(TIME_IR / "docs.jsonl.gz", "rt", encoding="utf-8") as docs, feed.open("w") as out:
        for line in docs:
            doc = json.loads(line)
            out.write(json.dumps({"url": f"https://time.example/{doc['id']}", "body": doc["body"],
                                  "source": "TIME", "published": doc["date"]}) + "\n")
    single, sharded = both(tmp_path, [feed])
    queries = [json.loads(line)["text"] for line in (TIME_IR / "queries.jsonl").read_text().splitlines() if line]
    assert len(queries) == 83
    assert_same_answers(single, sharded, queries)


def write_feed(path, bodies):
    path.write_text("".join(json.dumps({"url": f"https://news.example/{n}", "title": f"Story {n}",
                                        "body": body, "source": f"Outlet {n % 3}"}) + "\n"
                            for n, body in bodies.items()), encoding="utf-8")


def test_an_update_replaces_a_changed_article_in_its_own_shard(tmp_path):
    bodies = {n: f"Article {n} tells of harbour cranes and port number {n} in some detail." for n in range(40)}
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, bodies)
    both(tmp_path, [feed])
    bodies[7] = "Article 7 now tells of a lighthouse keeper instead."
    del bodies[30]
    write_feed(feed, bodies)
    one = reindex(tmp_path / "one", [feed])
    four = reindex(tmp_path / "four", [feed])
    assert (four.updated, four.deleted, four.articles) == (one.updated, one.deleted, one.articles) == (1, 1, 39)
    single, sharded = SearchService(tmp_path / "one"), SearchService(tmp_path / "four")
    [changed] = answer(sharded, "lighthouse")["hits"]
    ix = IndexStore(tmp_path / "four").open()
    assert len(ix.shards) == SHARDS
    holding = []  # the shards holding the changed article: its own, once
    for number, shard in enumerate(ix.shards):
        with shard.searcher() as searcher:
            holding += [number] * sum(1 for _ in searcher.documents(id=changed["id"]))
    assert holding == [shard_of(changed["id"], SHARDS)]
    assert_same_answers(single, sharded, ["lighthouse", "harbour cranes", "port", "lighthuose"])
    assert answer(sharded, "lighthouse")["total"] == 1


def test_an_update_cannot_change_the_shard_count_and_the_index_is_kept(tmp_path):
    reindex(tmp_path / "four", [samples_path()], shards=SHARDS)
    with pytest.raises(ShardsRefused, match="has 4 shard.*--full --shards 2"):
        reindex(tmp_path / "four", [samples_path()], shards=2)
    assert reindex(tmp_path / "four", [samples_path()], shards=2, full=True).articles == 5
    assert shard_count(IndexStore(tmp_path / "four").require_live_generation()) == 2


def shard_segments(index):
    """Each shard's segments, as (live articles, written articles)."""
    found = []
    for shard in IndexStore(index).open().shards:
        with shard.reader() as reader:
            found.append([(leaf.doc_count(), leaf.doc_count_all()) for leaf, _ in reader.leaf_readers()])
    return found


@pytest.mark.parametrize("workers", [1, 2])
def test_optimize_merges_each_shards_segments_and_it_still_answers_as_one_index(tmp_path, workers):
    bodies = {n: f"Article {n} tells of harbour cranes, port {n} and lighthouse {n % 7}." for n in range(120)}
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, bodies)
    both(tmp_path, [feed], segment_articles=20)  # six shares, each a small segment in every shard
    bodies[5] = "Article 5 now tells of a lighthouse keeper instead."
    del bodies[9]
    write_feed(feed, bodies)
    reindex(tmp_path / "one", [feed])
    reindex(tmp_path / "four", [feed])
    before = shard_segments(tmp_path / "four")
    assert all(len(segments) >= 6 for segments in before)
    live = IndexStore(tmp_path / "four").require_live_generation()

    report = optimize(tmp_path / "four", workers=workers)

    assert (report.segments_before, report.segments_after) == (sum(map(len, before)), SHARDS)
    assert (report.articles, report.deleted_dropped) == (119, 2)  # article 9, and 5's old copy
    generation = IndexStore(tmp_path / "four").require_live_generation()
    assert generation != live and shard_count(generation) == SHARDS
    assert all(len(segments) == 1 and segments[0][0] == segments[0][1] for segments in shard_segments(tmp_path / "four"))
    optimize(tmp_path / "one")  # dropping deleted articles changes the statistics scores use
    single, sharded = SearchService(tmp_path / "one"), SearchService(tmp_path / "four")
    assert_same_answers(single, sharded, ["harbour", "lighthouse keeper", "cranes -keeper", '"port 12"', "lighthuose"])
    assert answer(sharded, "lighthuose")["suggestion"] == answer(single, "lighthuose")["suggestion"] is not None
    # Updates go on in the optimized shards, each article in its own.
    bodies[1] = "Article 1 now tells of a ferry."
    write_feed(feed, bodies)
    assert reindex(tmp_path / "four", [feed]).updated == 1
    assert answer(SearchService(tmp_path / "four"), "ferry")["total"] == 1
