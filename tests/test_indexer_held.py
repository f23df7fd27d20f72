"""Each article's terms kept per segment (indexer/schema/held.py) on real indexes: the same
terms as the postings hold, merged segments included, and distinctive words counted from them
as from the bodies; an index without them answers by reading the bodies."""

import numpy as np
import pytest
from schema_versions import indexing_version_2
from story_corpus import write_story_corpus

from indexer import SearchRequest, SearchService, optimize, reindex
from indexer.build.store import IndexStore
from indexer.present import written
from indexer.present.terms import TermsOptions
from indexer.schema.held import EXT, HeldSegment
from indexer.whooshext.mapped import segment_file


def segments_of(index):
    ix = IndexStore(index).open()
    with ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            data = segment_file(leaf, EXT)
            yield leaf, HeldSegment.parse(data) if data is not None else None


def assert_terms_are_the_postings(leaf, held):
    expected = {doc: set() for doc in range(leaf.doc_count_all())}
    for text in leaf.lexicon("body"):
        for doc in leaf.postings("body", text).all_ids():
            expected[doc].add(text.decode("utf-8"))
    for doc, terms in expected.items():
        numbers, _ = held.terms_of(np.array([doc]))
        assert {held.term(n) for n in numbers.tolist()} == terms


def test_each_articles_terms_are_those_its_postings_hold(story_index):
    for leaf, held in segments_of(story_index):
        assert held is not None
        assert_terms_are_the_postings(leaf, held)


def test_a_merged_segment_keeps_its_articles_terms_and_forms(tmp_path):
    index = tmp_path / "index"
    reindex(index, [write_story_corpus(tmp_path / "story.jsonl")], workers=1, segment_articles=10)
    assert len(list(segments_of(index))) == 3
    optimize(index, workers=1, segment_articles=1000)
    merged = 0
    for leaf, held in segments_of(index):  # read while the index is open
        merged += 1
        assert held is not None
        assert_terms_are_the_postings(leaf, held)
    assert merged == 1
    words = {w.term: w for w in SearchService(index).terms(SearchRequest(q="volcano")).words}
    assert (words["ash"].word, words["erupt"].word) == ("Ash", "eruptions")


def test_words_from_the_kept_terms_equal_those_from_the_bodies_read_again(story_index, monkeypatch):
    service = SearchService(story_index)
    kept = service.terms(SearchRequest(q="volcano"))
    outlets = service.terms(SearchRequest(q="eruption OR volcano OR crater"), TermsOptions(by="source"))
    # The same searches with the bodies read as before (the headlines read with them, as
    # the index holds them).
    reading = written.read_words
    monkeypatch.setattr(written, "held_words", lambda *args: None)
    monkeypatch.setattr("indexer.present.terms.held_words", lambda *args: None)
    monkeypatch.setattr("indexer.present.framing.held_words", lambda *args: None)
    read = SearchService(story_index).terms(SearchRequest(q="volcano"))
    assert reading is written.read_words
    assert [(w.term, w.matching, w.indexed) for w in kept.words] == [(w.term, w.matching, w.indexed)
                                                                     for w in read.words]
    assert [w.word for w in kept.words] == [w.word for w in read.words]
    again = SearchService(story_index).terms(SearchRequest(q="eruption OR volcano OR crater"),
                                             TermsOptions(by="source"))
    assert [[(w.term, w.matching, w.others) for w in o.words] for o in outlets.outlets] == \
        [[(w.term, w.matching, w.others) for w in o.words] for o in again.outlets]


def test_an_index_without_the_kept_terms_reads_the_bodies(tmp_path, monkeypatch):
    with indexing_version_2(monkeypatch):
        reindex(tmp_path / "index", [write_story_corpus(tmp_path / "story.jsonl")], workers=1)
    assert all(held is None for _, held in segments_of(tmp_path / "index"))
    words = {w.term: w for w in SearchService(tmp_path / "index").terms(SearchRequest(q="volcano")).words}
    assert (words["ash"].word, words["ash"].matching) == ("Ash", 6)
    assert words["erupt"].word == "eruptions"


@pytest.mark.parametrize("data", [b"", b"NDH0" + bytes(40)])
def test_a_file_of_another_kind_is_not_read(data):
    assert HeldSegment.parse(data) is None
