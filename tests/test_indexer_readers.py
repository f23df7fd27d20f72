"""Readers that decode a posting block's document numbers alone read what Whoosh reads.

Checked on real indexes on disk with Whoosh's pickled blocks, as newsdesk wrote them before
blocks laid out as arrays (tests/test_indexer_blocks.py): several segments with updates and
deletions, and a slice of real articles when the corpus is beside the checkout.
"""

import pytest
from real_data import allsides_lines
from synthetic import write_export
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from corpus.ingestion import ingest
from indexer import SearchService
from indexer.schema.documents import to_document
from indexer.schema.fields import build_schema
from indexer.whooshext.blocks import NewsCodec
from indexer.whooshext.readers import IdsFirstMatcher, open_reader

FIELDS = ("title", "body", "source", "dupbands", "author")


def open_index(index_dir):
    return whoosh_index.open_dir(str(index_dir))


def postings(matcher):
    """Every posting stepped through as Whoosh's matchers are: id, weight and value."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


@pytest.fixture(scope="module", params=[(700, 2), (40000, 125)], ids=["synthetic", "allsides"])
def index_dir(request, tmp_path_factory):
    """An index written by Whoosh's writer with its pickled blocks: one segment, then a
    second with updates that delete articles of the first."""
    folder = tmp_path_factory.mktemp("pickled")
    count, step = request.param
    if count == 700:
        write_export(folder / "export.jsonl", count, seed=1)
    else:
        lines = allsides_lines(count, step)
        if not lines:
            pytest.skip("the allsides-news corpus is not beside this checkout")
        (folder / "export.jsonl").write_text("".join(lines), encoding="utf-8")
    docs = [to_document(a) for outcome in ingest([folder / "export.jsonl"]) for a in outcome.articles]
    (folder / "index").mkdir()
    ix = whoosh_index.create_in(str(folder / "index"), build_schema())
    first, second = docs[: len(docs) * 5 // 6], docs[len(docs) * 5 // 6 :]
    for part, updates in ((first, []), (second, first[:: 7])):
        writer = ix.writer(codec=W3Codec())
        for doc in part:
            writer.add_document(**doc)
        for doc in updates:
            writer.update_document(**doc)
        writer.commit(merge=False)
    return folder / "index"


def test_the_same_segments_deletions_and_generation(index_dir):
    ix = open_index(index_dir)
    with open_reader(ix) as ours, ix.reader() as whooshs:
        assert ours.generation() == whooshs.generation()
        assert ours.doc_count_all() == whooshs.doc_count_all()
        assert ours.doc_count() == whooshs.doc_count()
        assert [r.segment().segid for r, _ in ours.leaf_readers()] == [
            r.segment().segid for r, _ in whooshs.leaf_readers()
        ]
        assert list(ours.all_doc_ids()) == list(whooshs.all_doc_ids())


def test_every_terms_ids_weights_and_values_as_whoosh_reads_them(index_dir):
    ix = open_index(index_dir)
    fast = short = rare = 0
    with open_reader(ix) as ours, ix.reader() as whooshs:
        for (leaf, _), (whoosh_leaf, _) in zip(ours.leaf_readers(), whooshs.leaf_readers(), strict=True):
            for field in FIELDS:
                for term in leaf.lexicon(field):
                    # all_ids (block by block) and stepping with weights and values, as
                    # scoring and highlighting read them after the numbers alone.
                    assert list(leaf.postings(field, term).all_ids()) == list(
                        whoosh_leaf.postings(field, term).all_ids()), (field, term)
                    assert postings(leaf.postings(field, term)) == postings(
                        whoosh_leaf.postings(field, term)), (field, term)
                    rare += leaf.doc_frequency(field, term) <= 3
                    matcher = leaf.postings(field, term)
                    matcher = getattr(matcher, "child", matcher)  # under the deletions filter
                    while isinstance(matcher, IdsFirstMatcher) and matcher.is_active():
                        if matcher._ids_alone() is None:
                            short += 1
                        else:
                            fast += 1
                        matcher._next_block()
    # Both kinds of block were met: numbers read alone, and small blocks (a word in three
    # articles or fewer) left to Whoosh.
    assert fast > 0
    assert short > 0 or rare == 0


def test_skipping_lands_where_whooshs_reader_does(index_dir):
    ix = open_index(index_dir)
    with open_reader(ix) as ours, ix.reader() as whooshs:
        term = max(ours.lexicon("body"), key=lambda t: ours.doc_frequency("body", t))
        for target in range(0, ours.doc_count_all(), 37):
            a, b = ours.postings("body", term), whooshs.postings("body", term)
            a.skip_to(target)
            b.skip_to(target)
            assert a.is_active() == b.is_active()
            if a.is_active():
                assert (a.id(), a.value()) == (b.id(), b.value())


def test_the_service_reads_through_the_codec(updated_index):
    service = SearchService(updated_index)
    searcher = service._open().searcher
    assert all(isinstance(leaf.codec(), NewsCodec) for leaf, _ in searcher.reader().leaf_readers())
    assert searcher.up_to_date()
