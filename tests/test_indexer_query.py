"""The query language end to end through the search service, on real on-disk indexes."""

import pytest

from indexer import SearchRequest, SearchService
from indexer.search.description import MAX_WORDS
from indexer.search.query import MAX_EXPANSIONS, MAX_TERMS


@pytest.fixture(scope="module")
def service(sample_index):
    return SearchService(sample_index)


def search(service, q, **params):
    return service.search(SearchRequest(q=q, **params))


def ids(result):
    return {hit.id for hit in result.hits}


def test_or_finds_either_word(service):
    either = search(service, "Thongloun OR UNITED24")
    assert either.total >= search(service, "Thongloun").total + 0
    assert ids(search(service, "Thongloun")) <= ids(either)
    assert search(service, "Thongloun OR zzzzqx").total == search(service, "Thongloun").total


def test_exclusion_removes_articles(service):
    with_word = ids(search(service, "Thongloun"))
    assert with_word
    kursk = ids(search(service, "Kursk"))
    assert ids(search(service, "Kursk -Thongloun")) == kursk - with_word
    assert ids(search(service, "Kursk NOT Thongloun")) == kursk - with_word
    assert ids(search(service, '-"Marxist ideology" Kursk')) == kursk - ids(search(service, '"Marxist ideology"'))


def test_only_an_exclusion_lists_the_rest(service):
    assert ids(search(service, "-Thongloun")) == ids(search(service, "")) - ids(search(service, "Thongloun"))


def test_brackets_group(service):
    grouped = search(service, "(Thongloun OR Marxist) Kursk")
    assert ids(grouped) == ids(search(service, "Thongloun Kursk")) | ids(search(service, "Marxist Kursk"))


def test_prefix_and_fuzzy(service):
    assert search(service, "Thongl*").total == search(service, "Thongloun").total == 1
    assert search(service, "Thonglun~").total == 1
    assert search(service, "Thongloun~0").total == 1
    hit = search(service, "Thongl*").hits[0]
    assert "<mark>Thongloun</mark>" in " ".join(hit.highlights)


def test_field_terms(service):
    titled = search(service, "title:Troops")
    assert titled.total >= 1 and all("troop" in hit.title.lower() for hit in titled.hits)
    assert search(service, "title:Thongloun").total == 0  # only in the text
    assert [h.source for h in search(service, "source:dagens Kursk").hits] == ["Dagens"]
    assert search(service, "source:nowhere Kursk").total == 0
    assert any("nowhere" in n for n in search(service, "source:nowhere Kursk").notices)


def test_dates_in_the_query_narrow_like_the_parameters(service):
    in_query = search(service, "Kursk date:2025-07")
    assert ids(in_query) == ids(search(service, "Kursk", since=date_of("2025-07-01"), until=date_of("2025-07-31")))
    assert in_query.total == 2
    assert search(service, "Kursk since:2025-07-18").total == 1
    # the narrower of query and parameter wins
    assert search(service, "Kursk until:2025-07-17", since=date_of("2025-07-18")).total == 0
    bad = search(service, "Kursk date:soon")
    assert bad.total == 5 and any("date:soon" in n for n in bad.notices)
    assert search(service, "since:2025-07").total == 2  # dates alone list that period


def date_of(text):
    from datetime import date

    return date.fromisoformat(text)


def test_upper_case_operators_in_a_capitals_query_are_words(service):
    # All capitals: three words, "or" among them (a page of one is full: no any-word fill).
    assert search(service, "LAOS OR THONGLOUN", per_page=1).total == 1
    assert search(service, "laos or thongloun", per_page=1).total == 1
    assert search(service, "laos OR thongloun").total == 5


@pytest.mark.parametrize(
    "q, notice",
    [
        ('"Marxist ideology', "closing quote"),
        ("(Thongloun OR Marxist", "closing bracket"),
        ("*hongloun", "start of a word"),
        ("a*", "at least 2 letters"),
        ("the", "no searchable words"),
        (" OR ".join(f"w{n}" for n in range(MAX_TERMS + 5)), f"first {MAX_TERMS} terms"),
        (" ".join(f"w{n}" for n in range(MAX_TERMS + 5)), f"the {MAX_WORDS} rarest"),
    ],
)
def test_simplified_queries_say_so(service, q, notice):
    result = search(service, q)
    assert any(notice in n for n in result.notices), result.notices


def test_a_long_query_with_no_complete_match_falls_back_to_any_word(service):
    result = search(service, "Thongloun Kursk demining zzzzqx")
    assert result.total >= 1
    assert any("No article contains all of the words" in n for n in result.notices)
    assert ids(search(service, "Thongloun")) <= ids(result)


def test_two_words_with_too_few_complete_matches_are_filled_up_too(service):
    result = search(service, "Thongloun zzzzqx")
    assert ids(result) == ids(search(service, "Thongloun"))
    assert any("No article contains all of the words" in n for n in result.notices)


def test_too_few_complete_matches_are_followed_by_partial_ones(service):
    # a page of one is full with the one complete match: nothing is added
    complete = search(service, "Thongloun Kursk Laos", per_page=1)
    assert complete.total == 1 and complete.notices == []
    result = search(service, "Thongloun Kursk Laos")
    assert result.total == 5
    assert result.hits[0].id == complete.hits[0].id  # the complete match leads
    assert any("Only 1 article contains all of the words" in n for n in result.notices)


def test_a_long_plain_query_is_ranked_as_a_description(service):
    result = search(service, "what did the president of laos say about sending troops to kursk")
    assert result.total == 5
    assert any("read as a description" in n for n in result.notices)


def test_suggestion_keeps_the_query_syntax(service):
    result = search(service, '"Marxist ideolgy" -Kursk')
    assert result.total == 0
    assert result.suggestion == '"Marxist ideology" -Kursk'


def test_suggestion_is_never_applied(service):
    result = search(service, "Thonglon")
    assert result.total == 0 and result.hits == []


@pytest.fixture(scope="module")
def varied(varied_index):
    return SearchService(varied_index)


def test_wildcards_are_capped_and_say_so(varied):
    result = search(varied, "zzword*")
    assert result.total == 1
    assert any(f"the {MAX_EXPANSIONS} most common" in n for n in result.notices)


def test_copies_fold_into_the_best_ranked_hit(varied):
    # A page of four: the four complete matches fill it, nothing is added holding one word.
    folded = search(varied, "convoy grain", per_page=4)
    shown = search(varied, "convoy grain", collapse=False, per_page=4)
    assert shown.total == folded.total == 4  # total counts articles, copies included
    assert len(shown.hits) == 4
    assert len(folded.hits) == 2
    wire_hit = next(h for h in folded.hits if h.duplicates)
    sources = {wire_hit.source, *(c.source for c in wire_hit.duplicates)}
    assert sources == {"Alpha", "Beta", "Gamma"}
    assert all(c.id and c.title for c in wire_hit.duplicates)


def test_copies_listed_are_those_that_match_the_filters(varied):
    result = search(varied, "convoy grain", sources=("Alpha", "Beta"))
    assert len(result.hits) == 1
    assert {c.source for c in result.hits[0].duplicates} | {result.hits[0].source} == {"Alpha", "Beta"}


def test_article_view_lists_copies_and_similar_articles(varied):
    hit = search(varied, "convoy analysis", collapse=False).hits[0]
    assert hit.source == "Delta"
    view = varied.article_view(hit.id)
    assert view.duplicates == []
    wire = search(varied, 'source:Alpha').hits[0]
    wire_view = varied.article_view(wire.id)
    assert {c.source for c in wire_view.duplicates} == {"Beta", "Gamma"}
    similar_ids = {s.id for s in wire_view.similar}
    assert wire.id not in similar_ids
    assert not similar_ids & {c.id for c in wire_view.duplicates}  # copies are not repeated
    assert any(s.source == "Delta" for s in wire_view.similar)
    assert varied.article_view("nope") is None


def test_recency_boost_prefers_newer_articles(varied):
    plain = search(varied, "convoy", collapse=False)
    recent = search(varied, "convoy", collapse=False, recency=True)
    assert {h.id for h in plain.hits} == {h.id for h in recent.hits}
    oldest = next(h for h in plain.hits if h.source == "Epsilon")
    rank = [h.id for h in recent.hits].index(oldest.id)
    assert rank == len(recent.hits) - 1
    assert all(r.score <= p.score for p in plain.hits for r in recent.hits if r.id == p.id)


def test_wildcards_share_one_budget_per_query(varied):
    result = search(varied, " OR ".join(["zzword*"] * 5))
    assert result.total == 1
    assert any("many wildcards" in n for n in result.notices)


def test_an_index_made_before_signatures_still_updates_and_answers(tmp_path, monkeypatch):
    import shutil

    from corpus import samples_path
    from indexer import reindex
    from indexer.build import parallel, store
    from indexer.schema.documents import to_document
    from indexer.schema.fields import build_schema

    def old_schema():
        schema = build_schema()
        for name in ("dupsig", "dupbands", "rawkey"):
            schema.remove(name)
        return schema

    corpus = shutil.copytree(samples_path(), tmp_path / "corpus")
    with monkeypatch.context() as patch:
        patch.setattr(store, "build_schema", old_schema)
        patch.setattr(parallel, "to_document",
                      lambda a, key=b"": {k: v for k, v in to_document(a).items() if k not in ("dupsig", "dupbands")})
        reindex(tmp_path / "index", [corpus])
    service = SearchService(tmp_path / "index")
    assert len(search(service, "Kursk").hits) == 5
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text("utf-8").replace(" Kursk", " Kursk region", 1), "utf-8")
    assert reindex(tmp_path / "index", [corpus]).updated == 1
    service = SearchService(tmp_path / "index")
    result = search(service, "Kursk")
    assert len(result.hits) == 5 and all(hit.duplicates == [] for hit in result.hits)
    assert search(service, "Kursk", recency=True).total == 5
    view = service.article_view(result.hits[0].id)
    assert view is not None and view.duplicates == []
