"""Each article's terms kept per segment (indexer/schema/held.py) on real indexes: the same
terms as the postings hold, merged segments included, and distinctive words counted from them
as from the bodies; an index without them answers by reading the bodies."""

import contextlib
import json

import numpy as np
import pytest
from schema_versions import indexing_version_2, indexing_version_3
from story_corpus import write_story_corpus

from indexer import SearchRequest, SearchService, optimize, reindex
from indexer.build.store import IndexStore
from indexer.present import written
from indexer.present.terms import TermsOptions
from indexer.schema.held import EXT, HeldSegment, term_hash
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
    # Each term's articles, as the term dictionary counts them.
    hashes = np.array([term_hash(text) for text in leaf.lexicon("body")], np.uint64)
    assert held.frequencies(hashes).tolist() == [leaf.doc_frequency("body", t) for t in leaf.lexicon("body")]
    assert held.frequencies(np.array([term_hash(b"never-written")], np.uint64)).tolist() == [0]
    for doc, terms in expected.items():
        numbers, _ = held.terms_of(np.array([doc]))
        assert {held.term(n) for n in numbers.tolist()} == terms


def test_each_articles_terms_are_those_its_postings_hold(story_index):
    for leaf, held in segments_of(story_index):
        assert held is not None
        assert_terms_are_the_postings(leaf, held)


def test_postings_counted_and_turned_around_a_few_at_a_time_give_the_same_terms(tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.schema.held._TURNED_ARTICLES", 3)  # 30 articles: 10 blocks
    monkeypatch.setattr("indexer.schema.held._COUNTED_POSTINGS", 7)  # and their postings counted in parts
    reindex(tmp_path / "index", [write_story_corpus(tmp_path / "story.jsonl")], workers=1)
    for leaf, held in segments_of(tmp_path / "index"):
        assert held is not None and leaf.doc_count_all() == 30
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


@pytest.mark.parametrize("kept", [True, False], ids=["terms kept", "version 3: bodies read"])
def test_each_word_is_shown_as_its_own_language_writes_it(tmp_path, monkeypatch, kept):
    """A German article's "Häuser" is the German stem "haus"; read as English it would be
    "häuser", another term. Four German articles on houses among English ones."""
    german = ["Die Häuser am Fluss wurden nach dem Hochwasser geräumt, und viele Familien verloren ihre Häuser.",
              "In der Stadt stehen viele Häuser leer, sagte der Bürgermeister am Montag vor dem Rathaus.",
              "Die Preise für Häuser und Wohnungen steigen weiter, berichtet die Bank in ihrem Bericht.",
              "Nach dem Sturm waren die Dächer vieler Häuser beschädigt, die Feuerwehr half den Bewohnern."]
    english = ["The council met on Monday to discuss the budget for roads and schools in the city.",
               "Rain is expected over the weekend, forecasters said, with storms in the north."] * 3
    records = [{"title": f"Bericht {n}", "body": body, "source": "Zeitung", "language": "de",
                "url": f"https://de.example/{n}", "date": "2025-05-01"} for n, body in enumerate(german)]
    records += [{"title": f"Report {n}", "body": body, "source": "Paper", "language": "en",
                 "url": f"https://en.example/{n}", "date": "2025-05-02"} for n, body in enumerate(english)]
    corpus = tmp_path / "mixed.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    with indexing_version_3(monkeypatch) if not kept else contextlib.nullcontext():
        reindex(tmp_path / "index", [corpus], workers=1)
    assert all((held is not None) == kept for _, held in segments_of(tmp_path / "index"))
    found = SearchService(tmp_path / "index").terms(SearchRequest(languages=("de",)))
    words = {w.term: w for w in found.words}
    assert (words["haus"].word, words["haus"].matching, words["haus"].indexed) == ("Häuser", 4, 4)


@pytest.mark.parametrize("data", [b"", b"NDH0" + bytes(40)])
def test_a_file_of_another_kind_is_not_read(data):
    assert HeldSegment.parse(data) is None


def test_a_word_is_spelt_the_same_whatever_order_the_articles_were_indexed_in(tmp_path):
    # Two articles write "meddled", two "meddling": a shown word's form is read in
    # SPELT_FROM of them, chosen by id among equals, not by document number (shards
    # number the same articles otherwise).
    forms = ["meddled", "meddled", "meddling", "meddling"]
    matching = [{"url": f"https://news.example/volcano-{n}", "title": f"Volcano report {n}", "language": "en",
                 "body": f"The volcano erupted again. Officials said foreign agents {form} in the response."}
                for n, form in enumerate(forms)]
    others = [{"url": f"https://news.example/harbour-{n}", "title": f"Harbour report {n}", "language": "en",
               "body": "The harbour reopened after the storm, and the ferries sailed on time."} for n in range(6)]
    spelt = []
    for name, records in (("forward", matching + others), ("reversed", (matching + others)[::-1])):
        feed = tmp_path / f"{name}.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        reindex(tmp_path / name, [feed], workers=1)
        words = {w.term: w.word for w in SearchService(tmp_path / name).terms(SearchRequest(q="volcano")).words}
        spelt.append(words["meddl"])
    assert spelt[0] == spelt[1] and spelt[0] in ("meddled", "meddling")
