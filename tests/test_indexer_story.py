"""The story view (indexer/present/story.py) on real on-disk indexes: the copies are the set the
search page folds, whichever member is asked; times as who reported first tells them; word
changes of headline and first paragraph against the earliest copy; a story of one said
plainly; only the story's own articles read from the stored documents."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wire_corpus import LONE, WIRE, wire_records

from indexer import SearchRequest, SearchService, reindex
from indexer.present.story import Segment, first_paragraph, word_changes


@pytest.fixture(scope="module")
def wire(wire_index):
    return SearchService(wire_index)


def _id_of(service, source):
    return service.search(SearchRequest(q=f"source:{source}", collapse=False)).hits[0].id


def test_the_story_lists_every_copy_earliest_first_whichever_member_is_asked(wire):
    for asked in ("Alpha", "Beta", "Gamma", "Delta"):
        story = wire.story(_id_of(wire, asked))
        assert story.id == _id_of(wire, asked)
        assert [(c.source, c.precision, c.at, c.lag) for c in story.copies] == [
            ("Alpha", "time", "2025-06-01T09:00:00Z", "+0 h"),
            ("Beta", "time", "2025-06-01T12:00:00Z", "+3 h"),  # 14:00 at +02:00
            ("Gamma", "date only", "2025-06-02", "+1 day"),  # never given a time
            ("Delta", None, None, None),  # no date: last, no lag
        ]
        assert (story.articles, story.outlets, story.undated) == (4, 4, 1)
        assert story.earliest == _id_of(wire, "Alpha")
        assert story.notices == ["1 of 4 articles has no date: they are listed last, without a lag."]
    # Each copy keeps the date as its input gave it.
    assert wire.story(_id_of(wire, "Beta")).copies[1].published == "2025-06-01T14:00:00+02:00"


@pytest.mark.parametrize("q", ["", "convoy", "grain border"])
def test_the_story_is_the_set_the_search_page_folds(wire, q):
    result = wire.search(SearchRequest(q=q))
    folded = [hit for hit in result.hits if hit.duplicates]
    assert len(folded) == 1  # the wire story
    for hit in folded:
        story = wire.story(hit.id)
        assert {c.id for c in story.copies} == {hit.id, *(d.id for d in hit.duplicates)}


def test_what_each_copy_changed_against_the_earliest(wire):
    alpha, beta, gamma, delta = wire.story(_id_of(wire, "Gamma")).copies
    assert alpha.title_changes == [Segment("same", "Convoy crosses border")]
    assert alpha.first_paragraph == WIRE and not alpha.changed
    assert beta.title_changes == [Segment("deleted", "Convoy"), Segment("inserted", "Grain convoy"),
                                  Segment("same", "crosses"), Segment("deleted", "border")]
    assert beta.first_paragraph_changes == [Segment("inserted", "By Beta staff."), Segment("same", WIRE)]
    assert gamma.title == "Trucks <cross> at dawn & more"  # as written: the page escapes it
    assert [s.kind for s in gamma.first_paragraph_changes] == ["same", "deleted", "inserted", "same", "inserted"]
    assert [s.text for s in gamma.first_paragraph_changes][1:3] == ["forty", "40"]
    assert gamma.first_paragraph_changes[-1] == Segment("inserted", "Officials declined to comment.")
    assert beta.changed and gamma.changed and not delta.changed


def test_an_article_without_copies_is_a_story_of_one(wire):
    story = wire.story(_id_of(wire, "Omega"))
    assert (story.articles, story.outlets, story.earliest) == (1, 1, story.id)
    assert [(c.source, c.lag, c.first_paragraph, c.changed) for c in story.copies] == [
        ("Omega", "+0 days", LONE, False)]
    assert story.notices == ["This article has no copy under another outlet: the story is this article alone."]


def test_without_any_date_the_copies_are_compared_with_the_one_asked_about(tmp_path):
    records = [{"url": f"https://{name.lower()}.example/1", "source": name, "title": f"Convoy news {name}",
                "body": WIRE} for name in ("Alpha", "Beta", "Gamma")]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    reindex(tmp_path / "index", [tmp_path / "feed.jsonl"], workers=1)
    service = SearchService(tmp_path / "index")
    gamma = _id_of(service, "Gamma")
    story = service.story(gamma)
    assert (story.earliest, story.undated, story.copies[0].id) == (gamma, 3, gamma)
    assert [(c.precision, c.at, c.lag) for c in story.copies] == [(None, None, None)] * 3
    assert story.copies[1].title_changes == [Segment("same", "Convoy news"), Segment("deleted", "Gamma"),
                                             Segment("inserted", story.copies[1].source)]
    assert story.notices == ["No copy has a date: each is compared with the article asked about."]


def test_an_unknown_id_gives_none(wire):
    assert wire.story("no-such-id") is None


def test_only_the_storys_own_articles_are_read_from_the_stored_documents(tmp_path):
    """Among 400 other articles, the story reads its four and nothing else."""
    records = wire_records() + [
        {"url": f"https://other.example/{n}", "source": f"Outlet {n % 7}", "title": f"Other {n}",
         "body": f"Article {n} about harbour number {n} and its {n % 13} cranes, written for the index "
                 f"with enough words to be compared as a body: " + " ".join(f"w{n}x{k}" for k in range(45)),
         "published": f"2025-0{1 + n % 9}-1{n % 10}"}
        for n in range(400)]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    reindex(tmp_path / "index", [tmp_path / "feed.jsonl"], workers=1)
    service = SearchService(tmp_path / "index")
    asked = _id_of(service, "Beta")
    searcher = service._open().searcher
    read = []
    stored_fields = searcher.stored_fields
    searcher.stored_fields = lambda docnum: read.append(docnum) or stored_fields(docnum)
    story = service.story(asked)
    assert story.articles == 4
    assert sorted(read) == sorted(searcher.document_number(id=c.id) for c in story.copies)


def test_the_first_paragraph_skips_subheadings_and_spacing():
    assert first_paragraph("\n\n## Update\n\nThe  convoy\ncrossed.\n\nMore.") == "The convoy crossed."
    assert first_paragraph("") == ""


_WORDS = st.lists(st.sampled_from(["the", "convoy", "crossed", "40", "forty", "<b>", "&", "dawn"]), max_size=30)


@given(_WORDS, _WORDS)
def test_word_changes_rebuild_both_texts(old, new):
    segments = word_changes(" ".join(old), " ".join(new))
    assert " ".join(s.text for s in segments if s.kind != "inserted").split() == old
    assert " ".join(s.text for s in segments if s.kind != "deleted").split() == new
    assert all(s.text for s in segments)
    if old == new:
        assert all(s.kind == "same" for s in segments)
