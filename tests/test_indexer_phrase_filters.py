"""A phrase within a filter reads positions only in the articles the filter keeps
(`phrases_among`, indexer/whooshext/phrases.py): it matches exactly what Whoosh's own phrase
matches under the same filter, and ranks the same articles in the same order with the same
scores, on several segments with deleted articles and on real news."""

import json
from datetime import date

import numpy as np
from real_data import allsides_lines
from synthetic import SOURCES
from whoosh.query import And, Phrase

from bench.scale.unseen import draw
from indexer import SearchRequest, SearchService
from indexer.search.matches import filtered, forget_matches, matching_docs
from indexer.search.selection import select
from indexer.whooshext.phrases import fast_phrases

DEPTH = 10


def assert_same_as_whoosh(service, requests):
    """Each request's matched set and top DEPTH against Whoosh's phrase under the filter,
    every match scored; returns how many requests matched something."""
    searcher = service._open().searcher
    matched = 0
    for request in requests:
        forget_matches()
        chosen = select(searcher, request, DEPTH, service.ranking)
        filters = [f for f in (chosen.source_filter, chosen.date_filter) if f is not None]
        whooshs = And([chosen.built.query, *filters])  # Whoosh's own phrase, not FastPhrase
        expected = set(searcher.docs_for_query(whooshs))
        assert set(chosen.matched) == expected, request
        # The filter as Whoosh's filter, not a part of the query: it adds nothing to scores.
        hits = searcher.search(chosen.built.query, filter=And(filters), limit=None)
        ranked = sorted((-hit.score, hit.docnum) for hit in hits)[:DEPTH]
        got = [(-hit.score, hit.docnum) for hit in chosen.fetch(DEPTH)]
        assert [d for _, d in got] == [d for _, d in ranked], request
        assert np.allclose([s for s, _ in got], [s for s, _ in ranked], rtol=1e-12), request
        matched += bool(expected)
    return matched


def test_phrases_within_outlets_and_dates_on_segments_with_deletions(updated_index):
    service = SearchService(updated_index)
    bodies = [json.loads(line)["body"].split() for line in
              (updated_index.parent / "exports" / "a.jsonl").read_text("utf-8").splitlines()[:8]]
    phrases = [f'"{" ".join(body[n:n + size])}"' for body in bodies for n, size in ((2, 2), (5, 3))]
    requests = [SearchRequest(q=q, sources=(source,)) for q in phrases for source in SOURCES[:2]]
    requests += [SearchRequest(q=q, since=date(2019, 1, 1), until=date(2019, 12, 31)) for q in phrases]
    requests += [SearchRequest(q=q, sources=(SOURCES[2],), since=date(2018, 6, 1)) for q in phrases]
    searcher = service._open().searcher
    assert len(list(searcher.leaf_searchers())) > 1 and searcher.reader().has_deletions()
    assert assert_same_as_whoosh(service, requests) >= len(requests) // 2


def test_phrase_and_source_queries_drawn_from_real_news(allsides_index):
    articles = [json.loads(line) for line in allsides_lines(40000, 125)]
    queries = [q for q in draw(articles, per_kind=12, seed=3) if q.kind == "phrase + source"]
    requests = [SearchRequest(q=q.q, sources=(q.source,)) for q in queries]
    assert len(requests) >= 8
    assert assert_same_as_whoosh(SearchService(allsides_index), requests) == len(requests)


def test_a_narrowed_phrase_is_kept_apart_from_the_whole_one(updated_index):
    """Matched sets are kept per query: the phrase within an outlet must not answer for the
    phrase everywhere, nor for the phrase within another outlet."""
    service = SearchService(updated_index)
    searcher = service._open().searcher
    lines = (updated_index.parent / "exports" / "a.jsonl").read_text("utf-8").splitlines()
    written = next(json.loads(line)["body"].split()[2:4] for line in lines if json.loads(line)["source"] == SOURCES[0])
    words = [token.text for token in searcher.schema["body"].analyzer(" ".join(written))]  # as indexed
    phrase = fast_phrases(Phrase("body", words))
    outlets = [select(searcher, SearchRequest(q="x", sources=(s,)), 1, service.ranking).source_filter
               for s in SOURCES[:2]]
    forget_matches()
    within = [matching_docs(searcher, filtered(searcher, phrase, f), f) for f in outlets]
    everywhere = matching_docs(searcher, phrase)
    assert set(everywhere) == set(searcher.docs_for_query(Phrase("body", words)))
    assert set(within[0]) | set(within[1]) <= set(everywhere) and not set(within[0]) & set(within[1])
    assert len(everywhere) > len(within[0]) > 0
