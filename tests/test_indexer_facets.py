"""Facet counts from cached columns equal Whoosh's groupedby counts on real indexes."""

import itertools

import pytest
from synthetic import WORDS, write_export
from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.query import DateRange, Every, Term

from indexer import IndexStore, reindex
from indexer.present.facets import count_values, facet_counts
from indexer.schema.documents import as_naive_utc
from indexer.search.matches import forget_matches, matching_docs
from indexer.search.query import build_query


def grouped(searcher, query, filter, field):
    facet = sorting.FieldFacet(field, maptype=sorting.Count)
    results = searcher.search(query, filter=filter, limit=1, groupedby={field: facet})
    return {str(k): v for k, v in results.groups(field).items()}


def check(index_dir, texts, filters):
    ix = whoosh_index.open_dir(str(IndexStore(index_dir).require_live_generation()))
    with ix.searcher() as searcher:
        for text, filter in itertools.product(texts, filters):
            query = build_query(searcher, text).query
            docs = searcher.search(query, filter=filter, limit=10).docs()
            assert matching_docs(searcher, query, filter) == docs
            assert matching_docs(searcher, query, filter) == docs  # kept, still right
            for field in ("source", "month"):
                expected = grouped(searcher, query, filter, field)
                assert dict(count_values(searcher, docs, field)) == expected, (text, filter, field)
                listed = facet_counts(searcher, docs, field)
                assert {f.value: f.count for f in listed} == {k: v for k, v in expected.items() if k}
                assert [f.count for f in listed] == sorted((f.count for f in listed), reverse=True)


def test_equal_to_groupedby_after_updates_and_deletes(updated_index):
    since = DateRange("published", as_naive_utc(__import__("datetime").date(2019, 1, 1)), None)
    check(updated_index, ["senate", '"border court"', "storm flood", ""],
          [None, Term("source", "Beta Post"), since])


def test_equal_to_groupedby_on_real_articles(allsides_index):
    check(allsides_index, ["president", "filibuster", "health care", '"supreme court"', ""],
          [None, Term("source", "CNN (Web News)")])


def test_kept_matches_follow_the_index(tmp_path):
    export = tmp_path / "a.jsonl"
    write_export(export, 50, seed=1)
    reindex(tmp_path / "index", [export])
    store = IndexStore(tmp_path / "index")
    query = Term("body", "senat")
    with store.open().searcher() as searcher:
        before = matching_docs(searcher, query)
        assert len(before) == sum(1 for _ in searcher.docs_for_query(query)) > 0
    write_export(export, 80, seed=1)
    reindex(tmp_path / "index", [export])
    with store.open().searcher() as searcher:  # a new reader: nothing kept from the old one
        assert len(matching_docs(searcher, query)) == sum(1 for _ in searcher.docs_for_query(query))
        assert len(matching_docs(searcher, query)) > len(before)
        forget_matches()
        assert len(matching_docs(searcher, query)) > len(before)


def test_every_article_is_every_live_document_number(updated_index, monkeypatch):
    from indexer.search import matches

    monkeypatch.setattr(matches._MATCHES, "entries", 1)  # query answers cannot push it out
    ix = whoosh_index.open_dir(str(IndexStore(updated_index).require_live_generation()))
    with ix.searcher() as searcher:
        assert searcher.reader().has_deletions() and len(list(searcher.leaf_searchers())) > 1
        want = frozenset(searcher.reader().all_doc_ids())
        everything = matching_docs(searcher, Every())
        assert everything == want
        for word in WORDS[:3]:
            matching_docs(searcher, Term("body", word))
        assert matching_docs(searcher, Every()) is everything


def test_kept_matches_stay_within_their_bounds(updated_index, monkeypatch):
    from indexer.search import matches

    monkeypatch.setattr(matches._MATCHES, "entries", 3)
    monkeypatch.setattr(matches._MATCHES, "budget", 1000)
    ix = whoosh_index.open_dir(str(IndexStore(updated_index).require_live_generation()))
    with ix.searcher() as searcher:
        for word in WORDS:
            query = Term("body", word)
            assert matching_docs(searcher, query) == frozenset(searcher.docs_for_query(query))
        kept = matches._MATCHES._readers[searcher.reader()]
        assert 1 <= len(kept) <= 3 and sum(map(len, kept.values())) <= 1000


@pytest.mark.parametrize("newest", [True, False])
def test_first_by_date_then_sorting_gives_the_same_hits(updated_index, newest):
    from indexer.search.ordering import first_by_date

    order = sorting.MultiFacet([sorting.FieldFacet("dated", reverse=True),
                                sorting.FieldFacet("published", reverse=newest)])
    ix = whoosh_index.open_dir(str(IndexStore(updated_index).require_live_generation()))
    with ix.searcher() as searcher:
        sizes = set()
        for text, limit in [("senate", 10), ("storm flood", 30), ("", 25), ("", 450), ('"border court"', 5),
                            ('"border court"', 60), ("senate", 200)]:
            query = build_query(searcher, text).query
            whole = searcher.search(query, limit=limit, sortedby=order)
            matched = matching_docs(searcher, query)
            first = first_by_date(searcher, matched, limit, newest=newest)
            picked = searcher.search(query, limit=limit, sortedby=order, filter=first)
            assert [h.docnum for h in picked] == [h.docnum for h in whole]
            assert len(whole) > limit  # the pick had to choose
            sizes.add(len(matched) ** 2 > limit * searcher.doc_count_all())
        assert sizes == {True, False}  # picked by walking the date order, and by sorting the matches
