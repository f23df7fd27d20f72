"""Long queries read as descriptions: any length up to the limit is answered, the words kept
are chosen by rarity and repeats, hyphenated words count by their parts, on a real index."""

import json

import pytest

from indexer import SearchRequest, SearchService, reindex
from indexer.schema.analysis import news_analyzer
from indexer.search.description import MAX_WORDS, describe, word_terms
from indexer.search.query import build_query
from indexer.search.request import MAX_QUERY_CHARS
from indexer.search.topk import candidates

FILLER = ("The council met on Monday and the members talked about the budget for the coming year, "
          "the roads, the schools and the parks of the town. ")
ARTICLES = {
    "budget": ("Town budget", FILLER * 3),
    "glacier": ("Glacier survey", FILLER + "A survey of the glacier found the ice retreating fast."),
    "shock": ("Wind tunnel", "The shock sound was measured in the tunnel at high speed."),
    "joined": ("Noise", "A shocksound study, written as one word."),
    "ferry": ("Harbour", FILLER + "The ferry to the island will run twice a day from June."),
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("described")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"url": f"https://t.example/{key}", "title": title, "body": body,
                                          "source": "Test"}) for key, (title, body) in ARTICLES.items()), "utf-8")
    reindex(folder / "index", [feed])
    return folder / "index"


@pytest.fixture(scope="module")
def service(index_dir):
    return SearchService(index_dir)


def keys(result):
    return [hit.url.rsplit("/", 1)[1] for hit in result.hits]


def test_a_query_of_ten_thousand_characters_is_answered_by_its_rare_words(service):
    unknown = " ".join(f"wordnotindexed{n}" for n in range(100)) + " "
    text = "council " + (unknown * 100)[: MAX_QUERY_CHARS - len("council  glacier")] + " glacier"
    assert len(text) == MAX_QUERY_CHARS
    result = service.search(SearchRequest(q=text))
    # The first 64 words by position are "council" and words no article holds: "glacier", at
    # the very end, is kept because it is rare, and ranks its article first.
    assert keys(result)[0] == "glacier"
    assert any(f"the {MAX_WORDS} rarest" in n for n in result.notices), result.notices
    assert any("read as a description" in n for n in result.notices), result.notices


def test_words_are_kept_by_rarity_times_repeats(index_dir):
    with SearchService(index_dir).store.open().searcher() as searcher:
        reader = searcher.reader()
        kept = describe(reader, ("title", "body"), ["nosuchword", "council", "ferry", "glacier"], limit=2)
        assert kept.distinct == 4
        # ferry and glacier are in one article each, council in three: glacier and ferry win,
        # and a word no article holds comes last.
        assert kept.counts == {"ferri": 1, "glacier": 1}  # as stemmed in the index
        repeated = describe(reader, ("title", "body"), ["council"] * 3 + ["ferry", "glacier"], limit=2)
        assert repeated.counts["council"] == 3  # said three times, it outweighs a rarer word


def test_a_repeated_word_counts_again(service):
    # glacier weighs more said once (it is in a headline too), ferry said three times more
    assert keys(service.search(SearchRequest(q="ferry glacier zzqa zzqb zzqc zzqd")))[0] == "glacier"
    assert keys(service.search(SearchRequest(q="ferry ferry ferry glacier zzqa zzqb")))[0] == "ferry"


def test_a_hyphenated_query_word_counts_by_its_parts_and_whole():
    assert word_terms(news_analyzer(), "shock-sound") == ["shock", "sound", "shocksound"]
    assert word_terms(news_analyzer(), "U.S.") == ["u", "s"]


def test_any_word_matching_finds_the_parts_of_a_hyphenated_word(service):
    result = service.search(SearchRequest(q="tunnel shock-sound measured speed noise study"))
    assert set(keys(result)[:2]) == {"shock", "joined"}


def test_two_words_are_filled_up_with_articles_holding_one(service):
    result = service.search(SearchRequest(q="glacier ferry"))
    assert set(keys(result)) == {"glacier", "ferry"}
    assert any("No article contains all of the words" in n for n in result.notices)


def test_a_description_is_scored_by_numpy_not_stepped_through_by_whoosh(service):
    from indexer.search.matches import matching_docs
    from indexer.whooshext.phrases import fast_phrases

    searcher = service._open().searcher
    built = build_query(searcher, "What is the survey of the glacier (in the town) telling us about ice?")
    assert built.description and built.loose is not None
    loose = fast_phrases(built.loose)
    assert candidates(searcher, loose, matching_docs(searcher, loose), 1) is not None
