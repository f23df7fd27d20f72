"""Distinctive words (SearchService.terms) on a real index of a corpus whose words were placed
in counted articles (story_corpus.py): the counts, G² as Dunning defines it, the words left
out, the commonest written form, sampling, and the sets too small to say anything about."""

import json
import math
from datetime import date

import numpy as np
import pytest
from story_corpus import VOLCANO, story_records, write_story_corpus

from indexer import BadRequest, SearchRequest, SearchService, reindex
from indexer.present import terms
from indexer.present.terms import MIN_ARTICLES, TermsOptions, g2
from indexer.search.matches import forget_matches


@pytest.fixture(scope="module")
def service(story_index):
    return SearchService(story_index)


def by_term(found):
    return {w.term: w for w in found.words}


def dunning(k11, k12, k21, k22):
    """G² in Dunning's (1993) entropy form: 2 (sum k ln k - rows - columns + N ln N)."""
    def h(*counts):
        return sum(k * math.log(k) for k in counts if k)
    rows, columns = (k11 + k12, k21 + k22), (k11 + k21, k12 + k22)
    return 2 * (h(k11, k12, k21, k22) - h(*rows) - h(*columns) + h(sum(rows)))


def test_the_storys_words_come_with_exact_counts_in_their_commonest_form(service):
    found = service.terms(SearchRequest(q="volcano"))
    assert (found.matching, found.indexed, found.sampled) == (VOLCANO, 30, VOLCANO)
    words = by_term(found)
    assert (words["lava"].word, words["lava"].matching, words["lava"].indexed) == ("lava", 8, 9)
    assert (words["erupt"].word, words["erupt"].matching, words["erupt"].indexed) == ("eruptions", 8, 8)
    assert (words["ash"].word, words["ash"].matching) == ("Ash", 6)
    assert words["maunaloa"].word == "Mauna-Loa" and words["mauna"].word == "Mauna"


def test_scores_are_dunnings_g2_and_rank_the_words(service):
    found = service.terms(SearchRequest(q="volcano"))
    for w in found.words:
        expected = dunning(w.matching, found.matching - w.matching, w.indexed - w.matching,
                           found.indexed - found.matching - (w.indexed - w.matching))
        assert w.score == pytest.approx(expected, abs=0.01)
    scores = [w.score for w in found.words]
    assert scores == sorted(scores, reverse=True)
    # Held by every matching article, lava is held by one article outside too: it ranks lower.
    assert by_term(found)["slope"].score > by_term(found)["lava"].score > by_term(found)["ash"].score


def test_g2_matches_the_entropy_form_for_any_table():
    rng = np.random.default_rng(3)
    for _ in range(50):
        n1, n2 = rng.integers(1, 1000, 2)
        a, c = rng.integers(0, n1 + 1), rng.integers(0, n2 + 1)
        got = g2(np.array([float(a)]), float(n1), np.array([float(c)]), float(n2))[0]
        assert got == pytest.approx(dunning(a, n1 - a, c, n2 - c), abs=1e-6)


def test_the_query_numbers_rare_and_common_words_are_left_out(service):
    words = by_term(service.terms(SearchRequest(q="volcano")))
    assert "volcano" not in words  # the query's own
    assert "2025" not in words  # a number
    assert "evacu" not in words and "resid" not in words  # in two matching articles only
    assert "said" not in words and "dai" not in words and "day" not in words  # as common outside
    assert all(w.matching >= MIN_ARTICLES for w in words.values())
    phrase = by_term(service.terms(SearchRequest(q='"sent lava"')))
    assert "sent" not in phrase and "lava" not in phrase and "slope" in phrase


def test_an_outlet_alone_tells_its_own_words(service):
    found = service.terms(SearchRequest(sources=("Alpha",)))  # the odd-numbered eruption articles
    assert found.matching == 4
    assert (by_term(found)["magma"].word, by_term(found)["magma"].matching) == ("Magma", 4)
    # Alpha's alone, its headline's "continue" too: the body field holds the headline.
    assert found.words[0].term in {"continu", "crater", "magma", "rose", "under"}


def test_a_sample_counts_the_words_of_the_articles_read(service):
    found = service.terms(SearchRequest(q="volcano"), TermsOptions(sample=5))
    assert found.sampled == 5 and found.matching == VOLCANO
    assert "random sample of 5 of the 8 matching articles" in found.notices[-1]
    assert (by_term(found)["lava"].matching, by_term(found)["lava"].indexed) == (5, 9)
    # Outside the set: the index's 9 less the set's 8 estimated from the sample (5 of 5 read).
    expected = dunning(5, 0, 1, 21)
    assert by_term(found)["lava"].score == pytest.approx(expected, abs=0.01)
    forget_matches()  # not the kept answer: the same sample is drawn again
    again = service.terms(SearchRequest(q="volcano"), TermsOptions(sample=5))
    assert again == found and again is not found


@pytest.mark.parametrize(("request_", "said"), [
    (SearchRequest(q="nosuchword"), "at least 3 matching articles; no article matches."),
    (SearchRequest(q="volcano", since=date(2025, 3, 1), until=date(2025, 3, 1)),
     "at least 3 matching articles; only 1 matches."),
    (SearchRequest(q="volcano", sources=("Nowhere",)), "No article is from an outlet named “Nowhere”."),
    (SearchRequest(q=""), "Every article matches, so there is nothing to tell them from"),
])
def test_sets_too_small_or_whole_give_no_words_and_say_why(service, request_, said):
    found = service.terms(request_)
    assert found.words == []
    assert any(said in notice for notice in found.notices), found.notices


def test_articles_deleted_by_an_update_are_not_counted(tmp_path, monkeypatch):
    corpus = tmp_path / "story.jsonl"
    write_story_corpus(corpus)
    reindex(tmp_path / "index", [corpus], workers=1)
    kept = [r for r in story_records() if r["url"] not in ("https://volcano.example/6", "https://volcano.example/7")]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in kept), "utf-8")
    assert reindex(tmp_path / "index", [corpus]).deleted == 2
    lava = by_term(SearchService(tmp_path / "index").terms(SearchRequest(q="volcano")))["lava"]
    assert (lava.matching, lava.indexed) == (6, 7)
    # Many deleted articles: each word's whole list read instead of each article looked for.
    monkeypatch.setattr(terms, "_LOOKED_FOR", 1)
    forget_matches()
    again = by_term(SearchService(tmp_path / "index").terms(SearchRequest(q="volcano")))["lava"]
    assert again == lava


def test_options_are_checked():
    assert TermsOptions.from_params({}).top == 25
    assert TermsOptions.from_params({"top": ["7"]}).top == 7
    for bad in (["0"], ["101"], ["x"], ["²"], ["3", "4"]):
        with pytest.raises(BadRequest):
            TermsOptions.from_params({"top": bad})


def test_each_outlet_gives_the_words_it_writes_more_than_the_other_outlets(service):
    found = service.terms(SearchRequest(q="volcano"), TermsOptions(by="source"))
    assert found.by == "source"
    assert found.words == service.terms(SearchRequest(q="volcano")).words  # the set's words as without
    alpha, beta = found.outlets
    # Alpha holds the odd-numbered eruption articles, Beta the even: magma rose under the crater in
    # Alpha's four only; ash, Mauna-Loa and the evacuation are as frequent in both. Each outlet's
    # headline is its own too ("Eruptions continue at the volcano", "Volcano erupts near Hilo"):
    # the body field holds the headline.
    assert (alpha.source, alpha.matching, alpha.sampled, alpha.compared) == ("Alpha", 4, 4, 4)
    assert {w.term for w in alpha.words} == {"continu", "crater", "magma", "rose", "under"}
    for w in alpha.words:
        assert (w.matching, w.others) == (4, 0)
        assert w.score == pytest.approx(dunning(4, 0, 0, 4), abs=0.01)
    assert {w.word for w in alpha.words} >= {"Magma", "crater"}
    assert beta.source == "Beta" and "hilo" in {w.term for w in beta.words} <= {"hilo", "near"}


def test_outlet_words_need_two_outlets_and_stay_out_unless_asked(service):
    alone = service.terms(SearchRequest(q="volcano", sources=("Alpha",)), TermsOptions(by="source"))
    assert alone.outlets == []
    assert any("one outlet (Alpha)" in notice for notice in alone.notices)
    assert service.terms(SearchRequest(q="volcano")).outlets == []
    # Every article: no set's words to tell, but the outlets still compare with each other.
    everything = service.terms(SearchRequest(q=""), TermsOptions(by="source"))
    assert everything.words == [] and len(everything.outlets) == 4
    gamma = next(o for o in everything.outlets if o.source == "Gamma")
    assert (gamma.matching, gamma.compared) == (11, 30 - 11)
    words = {o.source: {w.term for w in o.words} for o in everything.outlets}
    assert words["Gamma"] == words["Delta"] and "bank" in words["Gamma"]  # the markets' articles alike
    assert "magma" in words["Alpha"] and "magma" not in words["Beta"] | words["Gamma"]


def test_a_sample_per_outlet_is_said(service):
    found = service.terms(SearchRequest(q="volcano"), TermsOptions(by="source", outlet_sample=3))
    assert [(o.matching, o.sampled, o.compared) for o in found.outlets] == [(4, 3, 3), (4, 3, 3)]
    assert any("random sample of 3 of its matching articles" in notice for notice in found.notices)
    assert all(w.matching <= 3 and w.others <= 3 for o in found.outlets for w in o.words)


def test_the_split_is_checked():
    assert TermsOptions.from_params({"by": ["source"]}).by == "source"
    assert TermsOptions.from_params({"by": [""]}).by == "none"
    for bad in (["outlet"], ["source", "none"]):
        with pytest.raises(BadRequest):
            TermsOptions.from_params({"by": bad})
