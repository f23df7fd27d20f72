"""`optimize`: fewer segments in a new generation, the same articles and answers, the writer lock."""

import pytest
from synthetic import write_feed
from whoosh import index as whoosh_index

from indexer import IndexStore, ReindexBusy, SearchRequest, SearchService, optimize, reindex
from indexer.build.merging import TieredMerge

QUERIES = ["", "baseword", "extra0a", "extra1a", "extra1b", "kalo*", "kalomi OR nesu", '"kalomi nesu"']


def segments(index):
    ix = whoosh_index.open_dir(str(IndexStore(index).require_live_generation()))
    with ix.reader() as reader:
        return [(leaf.doc_count(), leaf.doc_count_all()) for leaf, _ in reader.leaf_readers()]


def answers(index):
    service = SearchService(index)
    found = {}
    for q in QUERIES:
        result = service.search(SearchRequest(q=q, per_page=50))
        found[q] = (result.total, sorted(hit.id for hit in result.hits))
    return found


@pytest.fixture
def grown(tmp_path):
    """An index of four full segments of 60 articles, three of 10, one of them half deleted."""
    index = tmp_path / "index"
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    write_feed(feeds / "base.jsonl", 240, "baseword")
    reindex(index, [feeds], segment_articles=60)
    never = TieredMerge(per_tier=1000)
    for n in range(3):  # a segment of 10 articles each
        write_feed(feeds / f"extra{n}a.jsonl", 5, f"extra{n}a", seed=10 + n)
        write_feed(feeds / f"extra{n}b.jsonl", 5, f"extra{n}b", seed=20 + n)
        reindex(index, [feeds], merge=never)
    (feeds / "extra1b.jsonl").unlink()  # half of a segment is deleted
    reindex(index, [feeds], merge=never)
    return index


@pytest.mark.parametrize("workers", [1, 2])
def test_optimize_merges_segments_keeps_every_answer_and_drops_deleted_articles(grown, workers):
    before = segments(grown)
    assert len(before) == 7 and sum(live for live, _ in before) == 265
    expected = answers(grown)
    live = IndexStore(grown).require_live_generation()
    report = optimize(grown, workers=workers, segment_articles=130)
    assert (report.segments_before, report.articles, report.deleted_dropped) == (7, 265, 5)
    after = segments(grown)
    assert report.segments_after == len(after) < len(before)
    assert all(live == written for live, written in after), "no deleted article is left"
    assert sum(live for live, _ in after) == 265 and max(live for live, _ in after) <= 130
    assert IndexStore(grown).require_live_generation() != live, "a new generation"
    assert answers(grown) == expected


def test_an_optimized_index_is_optimized_again_at_no_cost_and_updates_go_on(grown):
    optimize(grown, segment_articles=1000)
    assert segments(grown) == [(265, 265)]
    live = IndexStore(grown).require_live_generation()
    report = optimize(grown, segment_articles=1000)
    assert (report.segments_before, report.segments_after) == (1, 1)
    assert IndexStore(grown).require_live_generation() == live, "nothing was written"
    feeds = grown.parent / "feeds"
    write_feed(feeds / "later.jsonl", 5, "laterword", seed=99)
    assert reindex(grown, [feeds]).articles == 270


def test_full_segments_without_deletions_are_linked_not_rewritten(grown):
    optimize(grown, segment_articles=60)
    after = segments(grown)
    # The four full segments stay as they were; the small ones are merged into one.
    assert after[:4] == [(60, 60)] * 4 and after[4:] == [(25, 25)]


def test_optimize_takes_the_writer_lock(grown):
    with IndexStore(grown).writing():
        with pytest.raises(ReindexBusy):
            optimize(grown)


def test_an_index_made_before_a_field_was_added_is_optimized_and_updated(grown, tmp_path):
    """An older newsdesk's index lacks a field the schema has since gained: its segments
    merge into the new schema's (the field left empty) instead of failing."""
    from whoosh.index import TOC

    live = IndexStore(grown).require_live_generation()
    storage = whoosh_index.open_dir(str(live)).storage
    toc = TOC.read(storage, "MAIN")
    toc.schema.remove("timed")  # as the index was before who-reported-first kept times
    toc.generation += 1
    toc.write(storage, "MAIN")
    assert "timed" not in whoosh_index.open_dir(str(live)).schema
    # An update merges the small segments (the field added to the index as it goes).
    write_feed(tmp_path / "feeds" / "later.jsonl", 5, "laterword", seed=40)
    small = len(segments(grown))
    reindex(grown, [tmp_path / "feeds"], merge=TieredMerge(full=50, per_tier=2))
    assert len(segments(grown)) < small
    before = answers(grown)
    report = optimize(grown)
    assert report.segments_after < report.segments_before
    assert answers(grown) == before
    assert "timed" in whoosh_index.open_dir(str(IndexStore(grown).require_live_generation())).schema


def test_merged_segments_score_as_the_same_articles_written_at_once(tmp_path):
    """A merge carries each field's total length over as the segments kept it: Whoosh added
    up the articles' rounded stored lengths, and the optimized index scored otherwise."""
    from corpus import samples_path

    reindex(tmp_path / "pieces", [samples_path()], segment_articles=2)
    reindex(tmp_path / "whole", [samples_path()])
    optimize(tmp_path / "pieces")
    assert len(segments(tmp_path / "pieces")) == 1

    def scored(index):
        service = SearchService(index)
        return {q: [(hit.id, hit.score) for hit in service.search(SearchRequest(q=q)).hits]
                for q in ["Kursk", "Laos troops", '"humanitarian demining"', "Russia -Laos"]}

    assert scored(tmp_path / "pieces") == scored(tmp_path / "whole")
