"""The tiered merge policy: an update merges small segments, never a full one, and bounded work."""

from synthetic import write_feed
from whoosh import index as whoosh_index

from indexer import IndexStore, SearchRequest, SearchService, reindex
from indexer.build.merging import Size, TieredMerge

POLICY = TieredMerge()


def sizes(*lives):
    return [Size(live, live) for live in lives]


def test_full_segments_are_never_merged_however_many():
    assert POLICY.chosen(sizes(*[10_000] * 100)) == []
    assert POLICY.chosen(sizes(*[5_000] * 30, 10_000)) == []


def test_a_tier_is_merged_only_once_it_holds_too_many_segments():
    few = sizes(*[10_000] * 40, *[300] * (POLICY.per_tier - 1))
    assert POLICY.chosen(few) == []
    many = sizes(*[10_000] * 40, *[300] * POLICY.per_tier)
    assert POLICY.chosen(many) == list(range(40, 40 + POLICY.per_tier))


def test_one_merge_per_commit_of_at_most_the_bounded_articles_smallest_first():
    # Twelve segments of 1,000-4,900 articles: one tier; the smallest that fit are merged.
    lives = [4_900, 1_000, 4_000, 1_500, 3_000, 2_000, 4_500, 2_500, 3_500, 1_200, 4_800, 4_700]
    chosen = POLICY.chosen(sizes(*lives))
    assert sum(lives[n] for n in chosen) <= POLICY.merge_articles
    assert sorted(lives[n] for n in chosen) == [1_000, 1_200, 1_500, 2_000, 2_500]
    # The smaller tier goes first: it is cheaper, and only one merge is done.
    both = sizes(*lives, *[50] * POLICY.per_tier)
    assert POLICY.chosen(both) == list(range(len(lives), len(lives) + POLICY.per_tier))


def test_deleted_articles_count_as_work_but_not_as_size():
    # A full-build segment with most articles deleted is small by what it holds, but
    # reading it costs all it wrote: merging it with others would exceed the bound.
    segments = [Size(400, 10_000)] + [Size(400, 400)] * POLICY.per_tier
    chosen = POLICY.chosen(segments)
    assert 0 not in chosen and len(chosen) == POLICY.per_tier
    assert POLICY.chosen([Size(0, 300)] * 20) == [], "empty segments are dropped, not merged"


def segments(index):
    ix = whoosh_index.open_dir(str(IndexStore(index).require_live_generation()))
    with ix.reader() as reader:
        return {leaf.segment().segment_id(): leaf.doc_count() for leaf, _ in reader.leaf_readers()}


def test_many_small_updates_merge_the_small_segments_and_keep_the_full_ones(tmp_path):
    index = tmp_path / "index"
    # Full-build segments of 60 articles; updates of 4 articles each, in their own folders.
    policy = TieredMerge(full=50, merge_articles=60, tier_floor=10, per_tier=3)
    reindex(index, [write_feed(tmp_path / "base.jsonl", 240, "baseword")], segment_articles=60)
    full = segments(index)
    assert sorted(full.values()) == [60] * 4
    total, most = 240, 0
    for n in range(12):
        folder = tmp_path / f"day{n}"
        folder.mkdir()
        write_feed(folder / "new.jsonl", 4, f"day{n}word", seed=n)
        report = reindex(index, [folder], merge=policy)
        total += 4
        assert (report.added, report.articles) == (4, total)
        now = segments(index)
        assert full.items() <= now.items(), "full segments are never rewritten by an update"
        small = [count for segment, count in now.items() if segment not in full]
        assert len(small) <= policy.per_tier, small
        most = max(most, max(small))
    assert most > 4, "small segments were merged together"
    service = SearchService(index)
    assert service.search(SearchRequest(q="")).total == total
    for n in range(12):
        assert service.search(SearchRequest(q=f"day{n}word")).total == 4
