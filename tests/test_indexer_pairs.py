"""Pairs of common words (indexer/schema/pairs.py): a two-word phrase read from its pair's
postings finds exactly the articles, and counts exactly the words, that its positions do;
segments written without pairs, and merges of them with new ones, are read right."""

import json
import random
from itertools import product

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.query import Phrase

from indexer import IndexStore, SearchRequest, SearchService, reindex
from indexer.build.merging import TieredMerge
from indexer.schema.pairs import COMMON_WORDS
from indexer.whooshext import phrases
from indexer.whooshext.phrases import FastPhrase, phrase_docs_arrays

WORDS = COMMON_WORDS[:12] + ["harbour", "ferry", "kilo-kilo", "council"]


def write_articles(path, count, seed):
    """Articles of common words and a few others side by side, hyphenated names included."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 120)))
            out.write(json.dumps({"title": f"Story {seed}-{n}", "body": body, "url": f"https://p.example/{seed}/{n}",
                                  "source": "Pair Post", "date": "2024-05-01"}) + "\n")
    return path


def open_searcher(index):
    return whoosh_index.open_dir(str(IndexStore(index).require_live_generation())).searcher()


def pair_terms(searcher):
    field = searcher.schema["body_pairs"]
    analyzer = searcher.schema["body"].analyzer
    words = sorted({t for w in COMMON_WORDS[:12] for t in analyzer.word_terms(w)} & field.pair_words)
    return [(a.encode(), b.encode()) for a, b in product(words, words)]


def assert_pairs_equal_positions(searcher):
    """For every segment holding pairs: each pair's articles and counts equal the positions'."""
    compared = 0
    decode = searcher.schema["body"].format.decode_joined
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        for words in pair_terms(searcher):
            if not all(("body", w) in reader for w in words):
                continue
            kept = phrases._pairs_field(searcher.schema, reader, "body", list(words))
            assert kept is not None
            got = phrases._pair_postings(reader, *kept, list(words), None)
            want = phrase_docs_arrays(reader, "body", list(words), decode)
            assert list(got.docs) == list(want.docs), words
            assert all(np.array_equal(a, b) for a, b in zip(got.counts, want.counts)), words
            compared += bool(len(want.docs))
    return compared


def assert_phrases_as_whoosh(searcher):
    """Two-word phrases of common words find what Whoosh's own span check finds."""
    checked = 0
    for a, b in pair_terms(searcher)[:60]:
        words = [a.decode(), b.decode()]
        expected = set(searcher.docs_for_query(Phrase("body", words)))
        phrases._KEPT.clear()
        assert set(searcher.docs_for_query(FastPhrase("body", words))) == expected, words
        checked += bool(expected)
    return checked


def test_pairs_equal_positions_across_segments_deletions_and_merges(tmp_path):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    lines = write_articles(feeds / "a.jsonl", 300, seed=1).read_text("utf-8").splitlines(keepends=True)
    reindex(tmp_path / "index", [feeds], segment_articles=100, workers=2)
    # Every third article rewritten (deleted from its segment, added to a new one).
    changed = write_articles(tmp_path / "changed.jsonl", 300, seed=2).read_text("utf-8").splitlines(keepends=True)
    rewritten = [line if n % 3 else changed[n].replace("/2/", "/1/") for n, line in enumerate(lines)]
    (feeds / "a.jsonl").write_text("".join(rewritten), "utf-8")
    reindex(tmp_path / "index", [feeds], merge=TieredMerge(per_tier=1000))
    with open_searcher(tmp_path / "index") as searcher:
        assert searcher.reader().has_deletions() and len(list(searcher.leaf_searchers())) == 4
        assert assert_pairs_equal_positions(searcher) > 50
        assert assert_phrases_as_whoosh(searcher) > 20
    write_articles(feeds / "b.jsonl", 30, seed=3)
    reindex(tmp_path / "index", [feeds], merge=TieredMerge(full=1000, per_tier=2))  # all merged
    with open_searcher(tmp_path / "index") as searcher:
        assert len(list(searcher.leaf_searchers())) == 1
        assert assert_pairs_equal_positions(searcher) > 50
        assert assert_phrases_as_whoosh(searcher) > 20


def test_segments_written_without_pairs_are_read_from_positions(tmp_path, monkeypatch):
    from indexer.build import store
    from indexer.schema.fields import build_schema

    def older_schema():  # an index made before the pairs were kept
        schema = build_schema()
        schema.remove("body_pairs")
        return schema

    feeds = tmp_path / "feeds"
    feeds.mkdir()
    write_articles(feeds / "a.jsonl", 200, seed=3)
    with monkeypatch.context() as patch:
        patch.setattr(store, "build_schema", older_schema)
        reindex(tmp_path / "index", [feeds])
    write_articles(feeds / "b.jsonl", 40, seed=4)
    reindex(tmp_path / "index", [feeds], merge=TieredMerge(per_tier=1000))  # no merge: a new segment
    with open_searcher(tmp_path / "index") as searcher:
        marked = [phrases._pairs_field(searcher.schema, leaf.reader(), "body", [b"but", b"but"]) is not None
                  for leaf, _ in searcher.leaf_searchers()]
        assert marked == [False, True]
        assert assert_phrases_as_whoosh(searcher) > 20
    # Merged with a new segment, the old articles get their pairs.
    write_articles(feeds / "c.jsonl", 40, seed=5)
    reindex(tmp_path / "index", [feeds], merge=TieredMerge(full=100_000, per_tier=2))
    with open_searcher(tmp_path / "index") as searcher:
        assert len(list(searcher.leaf_searchers())) == 1
        assert assert_pairs_equal_positions(searcher) > 50
        assert assert_phrases_as_whoosh(searcher) > 20
    found = SearchService(tmp_path / "index").search(SearchRequest(q='"but said"'))
    assert found.total > 0


@pytest.mark.parametrize("words", [["said", "said"], ["was", "who"]])
def test_a_repeated_or_common_pair_counts_each_word_in_the_article(tmp_path, words):
    body = f"{words[0]} {words[1]} {words[0]} harbour {words[1]}"
    feed = tmp_path / "a.jsonl"
    # English, as a text of five words is too short to be told (unknown: analysed unstemmed).
    record = {"title": "t", "body": body, "url": "https://p.example/x", "language": "en"}
    feed.write_text(json.dumps(record) + "\n", "utf-8")
    reindex(tmp_path / "index", [feed])
    with open_searcher(tmp_path / "index") as searcher:
        reader = next(iter(searcher.leaf_searchers()))[0].reader()
        analyzer = searcher.schema["body"].analyzer
        terms = [analyzer.word_terms(w)[0].encode() for w in words]
        found = phrases._pair_postings(reader, *phrases._pairs_field(searcher.schema, reader, "body", terms), terms, None)
        assert list(found.docs) == [0]
        assert [int(c[0]) for c in found.counts] == [body.split().count(word) for word in words]
