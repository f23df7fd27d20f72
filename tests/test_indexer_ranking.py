"""Ranking configurations through the search service, on real on-disk indexes."""

import json

import pytest

from indexer import SearchRequest, SearchService, reindex
from indexer.search.ranking import MODELS, PRODUCT_RANKING, Ranking, recency_searcher

FILLER = "the committee met on monday and talked for hours about the weather and the roads"


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    """Articles that differ only in how often, and among how many words, "tariff" occurs,
    among others that never name it; "quota" is in every article, so it says nothing. One
    title for all: an untitled article's opening words would stand in for its headline."""
    folder = tmp_path_factory.mktemp("counted")
    bodies = {
        "once": f"tariff quota {FILLER}",
        "thrice": f"tariff tariff tariff quota {FILLER}",
        "once-long": f"tariff quota {FILLER} {FILLER} {FILLER} {FILLER}",
        "none": f"quota {FILLER}",
        "dated-old": f"embargo quota {FILLER}",
        "dated-new": f"embargo quota {FILLER}",
    }
    bodies.update({f"other{n}": f"quota {FILLER}" for n in range(20)})
    published = {"dated-old": "2025-01-01", "dated-new": "2025-06-01"}
    feed = folder / "feed.jsonl"
    feed.write_text("".join(
        json.dumps({"url": f"https://x.example/{name}", "title": "Committee notes", "body": body, "source": "X",
                    "published": published.get(name, "2025-03-01")}) + "\n"
        for name, body in bodies.items()), encoding="utf-8")
    reindex(folder / "index", [feed], full=True)
    return folder / "index"


def names(result):
    return [hit.url.rsplit("/", 1)[1] for hit in result.hits]


@pytest.mark.parametrize("ranking", [Ranking(model, c=c) for model in MODELS for c in (1.0, 4.0)])
def test_every_model_prefers_more_occurrences_in_a_shorter_article(counted, ranking):
    result = SearchService(counted, ranking).search(SearchRequest(q="tariff", collapse=False))
    assert names(result) == ["thrice", "once", "once-long"]
    assert result.hits[0].score > result.hits[1].score > result.hits[2].score > 0


@pytest.mark.parametrize("model", MODELS)
def test_a_word_in_every_article_counts_for_less_than_a_rarer_one(counted, model):
    service = SearchService(counted, Ranking(model))
    rare = service.search(SearchRequest(q="tariff", collapse=False)).hits
    common = service.search(SearchRequest(q="quota", collapse=False)).hits
    once = next(h.score for h in rare if h.url.endswith("/once"))
    assert max(h.score for h in common) < once


@pytest.mark.parametrize("model", MODELS)
def test_the_recency_boost_works_with_every_model(counted, model):
    service = SearchService(counted, Ranking(model))
    plain = service.search(SearchRequest(q="embargo", collapse=False))
    recent = service.search(SearchRequest(q="embargo", collapse=False, recency=True))
    assert plain.hits[0].score == pytest.approx(plain.hits[1].score)  # the same text scores the same
    assert names(recent) == ["dated-new", "dated-old"]
    assert recent.hits[1].score < recent.hits[0].score <= plain.hits[0].score


def test_the_description_cutoff_is_part_of_the_ranking(sample_index):
    q = "Thongloun Kursk Laos troops"  # four words: all must match, then any-word fills the page
    assert PRODUCT_RANKING.description_words > 4
    product = SearchService(sample_index).search(SearchRequest(q=q))
    assert any("contains all of the words" in n for n in product.notices)
    shorter = SearchService(sample_index, Ranking(description_words=3)).search(SearchRequest(q=q))
    assert any("read as a description" in n for n in shorter.notices)


def test_question_words_match_only_when_the_ranking_keeps_them(counted):
    q = "was anything about tariff decided here today"  # a description: ranked any-word
    dropped = SearchService(counted).search(SearchRequest(q=q, collapse=False))
    kept = SearchService(counted, Ranking(drop_question_words=False)).search(SearchRequest(q=q, collapse=False))
    assert sorted(names(dropped)) == ["once", "once-long", "thrice"]
    assert len(kept.hits) == 10 and kept.total == 26  # every article talks "about" the weather


def test_an_unknown_model_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown ranking model 'dfree'"):
        Ranking("dfree")


def test_a_headline_weight_of_nothing_is_refused():
    with pytest.raises(ValueError, match="more than 0"):
        Ranking("in_expb2", title_weight=0.0)


def test_labels_name_every_choice():
    assert PRODUCT_RANKING.label() == "in_expb2 c=1 title=0.1, desc>=6"
    assert Ranking().label() == "bm25 k1=1.5 b=0.75 title=1, desc>=6"
    assert (Ranking("in_expb2", c=2, drop_question_words=False).label()
            == "in_expb2 c=2 title=1, desc>=6, question words kept")


def test_the_recency_boost_reads_a_segments_numbers_as_that_segments(updated_index):
    """Whoosh's score facet (a sort keeping complete matches first) asks for an article's
    final score with a segment's searcher and the article's number in that segment; the
    collector asks with the whole index's. Both must find the same article's date."""
    searcher = recency_searcher(SearchService(updated_index)._open().searcher)
    boost = searcher.weighting
    leaves = list(searcher.leaf_searchers())
    assert len(leaves) > 1
    compared = set()
    for leaf, offset in leaves:
        for number in range(0, leaf.doc_count_all(), 5):
            whole = boost.final(searcher, offset + number, 1.0)
            assert boost.final(leaf, number, 1.0) == whole
            compared.add(whole)
    assert len(compared) > 2  # articles of different ages, so a wrong number would show


def test_an_untitled_article_is_searched_by_its_opening_words_as_its_headline(tmp_path):
    # A flattened story often opens with its section and headline; with no title of its own,
    # those words stand in for one (they weigh as a title's), and nothing shows a made-up title.
    opening = "ALLIES AFTER NASSAU the summit left europe asking what the accord means"
    deep = f"the summit left europe asking what the accord means {FILLER} and nassau came up"
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"url": f"https://x.example/{name}", "title": "", "body": body,
                                        "source": "X", "published": "2025-03-01"}) + "\n"
                            for name, body in {"opening": f"{opening} {FILLER}", "deep": deep}.items()),
                    encoding="utf-8")
    reindex(tmp_path / "index", [feed], full=True)
    service = SearchService(tmp_path / "index", PRODUCT_RANKING)
    assert names(service.search(SearchRequest(q="title:nassau"))) == ["opening"]
    found = service.search(SearchRequest(q="nassau", collapse=False))
    assert names(found) == ["opening", "deep"] and [hit.title for hit in found.hits] == ["", ""]


def test_a_stand_in_headline_is_a_headlines_length_in_any_script():
    from indexer.schema.documents import STAND_IN_HEADLINE_CHARS, stand_in_headline

    assert stand_in_headline("One two three.\n\nFour five") == "One two three. Four five"
    latin = stand_in_headline(" ".join(["extraordinarily"] * 15))
    assert len(latin) <= STAND_IN_HEADLINE_CHARS and latin.endswith("extraordinarily")
    chinese = "老挝与俄罗斯签署贸易协定" * 30  # no spaces to count words by
    assert stand_in_headline(chinese) == chinese[:STAND_IN_HEADLINE_CHARS]
