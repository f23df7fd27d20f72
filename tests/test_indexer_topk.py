"""Top-k by numpy scoring equals exhaustive scoring: every match scored by Whoosh, sorted.

The pruned path (indexer/search/topk.py) picks candidates with numpy and lets Whoosh rank
only those; the reference here scores every article the query and filters match with
Whoosh and sorts by score, then document number. Same articles, same order, same scores.
"""

import json

import numpy as np
import pytest
from real_data import SHARED, allsides_lines
from synthetic import WORDS

from bench.ranking import index_collection, load
from bench.scale.unseen import draw
from indexer import SearchRequest, SearchService, reindex
from indexer.search.matches import forget_matches
from indexer.search.readings import blended
from indexer.search.selection import _within, select
from indexer.whooshext import arrays

TIME = SHARED / "corpora" / "time-ir"
DEPTH = 10


def exhaustive(searcher, chosen, limit):
    # With the statistics the search scores with: a word read differently in the index's
    # languages counts as one word (indexer/search/readings.py).
    searcher = blended(searcher, chosen.built.blends)
    hits = searcher.search(_within(chosen.query, chosen.matched, chosen.source_filter), limit=None)
    return sorted((-hit.score, hit.docnum) for hit in hits)[:limit]


def assert_same_top(service, requests, limit=DEPTH):
    searcher = service._open().searcher
    compared = 0
    for request in requests:
        forget_matches()
        chosen = select(searcher, request, limit, service.ranking)
        if request.sort != "relevance" or not chosen.built.has_terms or not chosen.matched:
            continue
        got = [(-hit.score, hit.docnum) for hit in chosen.fetch(limit)]
        expected = exhaustive(searcher, chosen, limit)
        assert [d for _, d in got] == [d for _, d in expected], request.q
        assert np.allclose([s for s, _ in got], [s for s, _ in expected], rtol=1e-12), request.q
        compared += 1
    return compared


def test_synthetic_queries_of_every_shape(updated_index):
    words = WORDS[:40]
    bodies = [json.loads(line)["body"].split() for line in
              (updated_index.parent / "exports" / "a.jsonl").read_text("utf-8").splitlines()[:10]]
    texts = (
        words[:12]
        + [f"{a} {b}" for a, b in zip(words[:10], words[10:20])]
        + [f'"{body[3]} {body[4]}"' for body in bodies]  # phrases that occur
        + [f"{a} OR {b}" for a, b in zip(words[:6], words[30:36])]
        + [f"{a} -{b}" for a, b in zip(words[:6], words[6:12])]
        + [" ".join(words[n : n + 8]) for n in range(0, 24, 8)]  # read as a description
    )
    service = SearchService(updated_index)
    requests = [SearchRequest(q=text) for text in texts]
    requests += [SearchRequest(q=text, sources=("Beta Post",)) for text in texts[:10]]
    assert assert_same_top(service, requests) >= 40
    assert assert_same_top(service, requests[:10], limit=50) == 10


def test_a_phrase_words_weights_from_its_positions_equal_its_postings(updated_index):
    from indexer.search.matches import matching_docs
    from indexer.search.topk import _in_phrase, _leaves, _places, _postings
    from indexer.whooshext.phrases import FastPhrase

    bodies = [json.loads(line)["body"].split() for line in
              (updated_index.parent / "exports" / "a.jsonl").read_text("utf-8").splitlines()[:12]]
    service = SearchService(updated_index)
    searcher = service._open().searcher
    compared = 0
    for body in bodies:
        chosen = select(searcher, SearchRequest(q=f'"{body[3]} {body[4]} {body[5]}"'), DEPTH, service.ranking)
        for leaf in _leaves(chosen.query, 1.0, None) or []:
            if not isinstance(leaf.within, FastPhrase):
                continue
            among = _places(matching_docs(searcher, leaf.within))
            matched = _places(chosen.matched)
            want = [np.concatenate(part) for part in zip(*_postings(searcher, leaf, matched, among))]
            got = [np.concatenate(part) for part in zip(*_in_phrase(searcher, leaf, matched))]
            assert len(want) == len(got) and all(np.array_equal(a, b) for a, b in zip(got, want)), leaf
            compared += bool(want)
    assert compared >= 20  # three words each, in the titles and bodies that hold the phrase


def test_time_collection(tmp_path):
    if not TIME.exists():
        pytest.skip("the TIME collection is not beside this checkout")
    docs, queries, _ = load(TIME)
    service = SearchService(index_collection(docs, tmp_path))
    assert assert_same_top(service, [SearchRequest(q=q["text"]) for q in queries]) >= 80


def test_two_hundred_allsides_queries(tmp_path):
    lines = allsides_lines(37_554, 12)
    if not lines:
        pytest.skip("the allsides-news corpus is not beside this checkout")
    (tmp_path / "slice.jsonl").write_text("".join(lines), "utf-8")
    reindex(tmp_path / "index", [tmp_path / "slice.jsonl"], workers=2)
    queries = [q for q in draw([json.loads(line) for line in lines], per_kind=50, seed=5) if not q.newest]
    requests = [SearchRequest(q=q.q, sources=(q.source,) if q.source else ()) for q in queries][:200]
    assert len(requests) == 200
    service = SearchService(tmp_path / "index")
    assert assert_same_top(service, requests) >= 190
    # Lists of several blocks, first numbers of one, two and four bytes.
    assert assert_same_postings(service, 3000) > 10_000


def test_the_candidates_are_ranked_by_the_words_they_hold(updated_index):
    from whoosh.query import Term

    from indexer.search.docsets import DocSet
    from indexer.search.matches import matching_docs
    from indexer.search.topk import best_candidates

    service = SearchService(updated_index)
    searcher = service._open().searcher
    chosen = select(searcher, SearchRequest(q=" ".join(WORDS)), DEPTH, service.ranking)
    assert chosen.built.description and len(chosen.matched) > DEPTH
    found = best_candidates(searcher, chosen.query, chosen.matched, DEPTH)
    among = DocSet.of(found.docs)
    words = set(chosen.query.iter_all_terms())
    held = {(f, t) for f, t in words if matching_docs(searcher, Term(f, t)) & among}
    assert set(found.query.iter_all_terms()) == held < words


def test_posting_arrays_equal_whooshs_matcher(updated_index):
    assert assert_same_postings(SearchService(updated_index), 300) > 40


def assert_same_postings(service, per_field):
    """Every posting list of the first `per_field` words of each field read by
    indexer/whooshext/arrays.py, deleted articles left out, equals what Whoosh's matcher
    steps through."""
    searcher = service._open().searcher
    checked = 0
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        gone = set(arrays.deleted(reader).tolist())
        for field in ("title", "body"):
            for text in list(reader.lexicon(field))[:per_field]:
                ids, weights = arrays.postings(reader, field, text)
                found = [(d, w) for d, w in zip(ids.tolist(), weights.tolist()) if d not in gone]
                matcher = reader.postings(field, text)
                expected = []
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
                assert found == expected, (field, text)
                checked += 1
    return checked


def test_field_lengths_read_whole_are_whooshs_per_article(updated_index, sample_index):
    for index_dir in (updated_index, sample_index):
        searcher = SearchService(index_dir)._open().searcher
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            for field in ("title", "body", "source"):
                expected = [reader.doc_field_length(doc, field) or 1 for doc in range(reader.doc_count_all())]
                assert arrays.field_lengths(reader, field).tolist() == expected, field


def test_columns_read_as_arrays_are_whooshs_values(updated_index, sample_index, varied_index):
    from indexer.search.matches import column_codes, column_numbers, column_values
    from indexer.whooshext.columns import byte_strings, numbers, whole_column
    for index_dir in (updated_index, sample_index, varied_index):
        searcher = SearchService(index_dir)._open().searcher
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert all(numbers(leaf, "published") is not None for leaf in leaves)
        stored = list(whole_column(searcher.reader(), "published", translate=False))
        assert column_numbers(searcher, "published").tolist() == stored
        for field in ("source", "month", "id", "dated"):
            assert all(byte_strings(leaf, field) is not None for leaf in leaves)
            expected = [v.decode("utf-8") if isinstance(v, bytes) else v
                        for v in whole_column(searcher.reader(), field)]
            assert column_values(searcher, field) == expected, field
            distinct, codes = column_codes(searcher, field)
            assert distinct == sorted(set(expected)), field
            assert [distinct[code] for code in codes] == expected, field


@pytest.mark.parametrize("shape", ["random", "few values", "rising", "falling", "one value"])
def test_the_smallest_and_largest_picked_within_a_samples_bound_are_a_sorts(shape):
    from indexer.search.docsets import smallest

    rng = np.random.default_rng(7)
    size = 50_000  # past the sample's size, so the values are cut at its bound first
    values = {"random": rng.random(size), "few values": rng.integers(0, 5, size).astype(np.float64),
              "rising": np.arange(size, dtype=np.float64), "falling": np.arange(size, 0, -1, dtype=np.float64),
              "one value": np.ones(size)}[shape]
    for n in (1, 10, 100, 3000, 10_000, size, size + 1):
        assert np.array_equal(np.sort(smallest(values, n)), np.sort(values)[:n])
        assert np.array_equal(np.sort(smallest(values, n, largest=True)), np.sort(values)[::-1][:n][::-1])
    assert len(smallest(values, 0)) == 0
