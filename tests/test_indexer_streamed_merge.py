"""The streamed merge (`merge_segments`, indexer/whooshext/segments.py) writes the segment
that Whoosh's in-memory merge (`add_reader` into the TermWriter pool) writes: the same
postings, lengths, stored fields and columns, byte for byte, with deleted articles, a
segment written before pairs were kept, and several sources."""

from test_indexer_pairs import (
    assert_pairs_equal_positions,
    assert_phrases_as_whoosh,
    open_searcher,
    write_articles,
)
from test_indexer_segments import contents, segment_files
from whoosh import index as whoosh_index

from indexer import IndexStore, optimize, reindex
from indexer.build import store
from indexer.build.merging import TieredMerge
from indexer.schema.fields import build_schema
from indexer.whooshext import segments
from indexer.whooshext.mapped import MappedStorage
from indexer.whooshext.segments import TermWriter, commit_segments, finish_segment, merge_segments


def older_schema():  # an index made before the pairs were kept
    schema = build_schema()
    schema.remove("body_pairs")
    return schema


def merged(folder, schema, leaves, streamed, every_so_often=None):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    writer = TermWriter(ix, compound=False)
    for leaf in leaves:
        for name, field in schema.items():  # as optimize: an older segment learns new fields
            if name not in leaf.schema:
                leaf.schema.add(name, field)
    if streamed:
        segment = merge_segments(writer, leaves, every_so_often)
    else:
        for leaf in leaves:
            writer.add_reader(leaf)
        segment = finish_segment(writer)
    writer.cancel()
    commit_segments(ix, [segment])
    return whoosh_index.open_dir(str(folder))


def columns(ix):
    with ix.reader() as reader:
        return {name: list(reader.column_reader(name)) for name, field in ix.schema.items()
                if field.column_type and reader.has_column(name)}


def test_streamed_merge_writes_the_segment_the_in_memory_merge_writes(tmp_path, monkeypatch):
    feeds, index = tmp_path / "feeds", tmp_path / "index"
    feeds.mkdir()
    write_articles(feeds / "a.jsonl", 150, seed=1)
    with monkeypatch.context() as patch:  # the first segment without pairs
        patch.setattr(store, "build_schema", older_schema)
        reindex(index, [feeds])
    write_articles(feeds / "b.jsonl", 700, seed=2)  # more, in segments of their own
    reindex(index, [feeds], merge=TieredMerge(per_tier=1000))
    write_articles(feeds / "c.jsonl", 90, seed=3)
    reindex(index, [feeds], merge=TieredMerge(per_tier=1000))
    lines = (feeds / "b.jsonl").read_text("utf-8").splitlines(keepends=True)
    (feeds / "b.jsonl").write_text("".join(lines[::3]), "utf-8")  # two thirds deleted
    lines = (feeds / "a.jsonl").read_text("utf-8").splitlines(keepends=True)
    (feeds / "a.jsonl").write_text("".join(lines[1:]), "utf-8")
    reindex(index, [feeds], merge=TieredMerge(per_tier=1000))
    storage = MappedStorage(str(IndexStore(index).require_live_generation()))
    live, pauses = storage.open_index(), []

    def release_pages():  # as optimize does, here after every term
        pauses.append(1)
        storage.release_pages()

    monkeypatch.setattr(segments, "TERMS_BETWEEN_PAUSES", 1)
    with live.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert len(leaves) >= 3 and sum(leaf.has_deletions() for leaf in leaves) >= 2
        assert [("body_pairs", b" ") in leaf for leaf in leaves][:2] == [False, True]
        ours = merged(tmp_path / "streamed", live.schema, leaves, streamed=True, every_so_often=release_pages)
        theirs = merged(tmp_path / "pooled", live.schema, leaves, streamed=False)
    assert len(pauses) > 1000  # once per source and per term
    mine, whoosh = contents(ours), contents(theirs)
    assert mine[0][("body_pairs", b" ")] and any(field == "body" for field, _ in mine[0])
    assert mine == whoosh
    assert columns(ours) == columns(theirs)
    assert ours.doc_count_all() == ours.doc_count() == 150 - 1 + 700 // 3 + 1 + 90
    # Block statistics and term infos too: every file of the segment is byte for byte equal.
    assert segment_files(tmp_path / "streamed") == segment_files(tmp_path / "pooled")


def test_optimize_merges_past_a_full_build_segment_and_gives_old_articles_their_pairs(tmp_path, monkeypatch):
    feeds, index = tmp_path / "feeds", tmp_path / "index"
    feeds.mkdir()
    write_articles(feeds / "a.jsonl", 120, seed=3)
    with monkeypatch.context() as patch:
        patch.setattr(store, "build_schema", older_schema)
        reindex(index, [feeds], segment_articles=50)
    write_articles(feeds / "b.jsonl", 150, seed=4)
    reindex(index, [feeds], segment_articles=50, merge=TieredMerge(full=10, per_tier=1000))
    report = optimize(index, workers=2, segment_articles=1000)
    assert (report.segments_before, report.segments_after, report.articles) == (4, 1, 270)
    with open_searcher(index) as searcher:
        assert ("body_pairs", b" ") in searcher.reader()
        assert searcher.reader().doc_frequency("body_pairs", b" ") == 270
        assert assert_pairs_equal_positions(searcher) > 50
        assert assert_phrases_as_whoosh(searcher) > 20
