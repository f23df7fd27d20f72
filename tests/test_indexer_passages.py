"""Highlighted passages: whole sentences around the matches, phrases marked as phrases, HTML-safe."""

import json
import re

import pytest

from indexer import SearchRequest, SearchService, reindex
from indexer.present.passages import PASSAGE_CHARS, PASSAGES_PER_HIT, sentence_starts

BODY = (
    "Officials met in Vientiane on Monday. The ministry praised the Marxist ideology of the old cadres. "
    "Mr. Sisoulith spoke about ideology in general terms, and the crowd listened. "
    "Nothing else happened that week in the capital, according to several reports. "
    "Later, the troops returned to their barracks near the river. "
    "Analysts said the <script>alert(1)</script> banner & slogans were new. "
    + "Filler sentence about the weather and the harvest. " * 30
    + "At the very end, the troops were thanked again by the President."
)


def test_sentence_starts():
    text = "One. Two words here! Mr. Smith said “three.” Four? \n\nFive"
    starts = sentence_starts(text)
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]
    assert pieces == ["One.", "Two words here!", "Mr. Smith said “three.”", "Four?", "Five"]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("passages")
    feed = folder / "feed.jsonl"
    record = {"url": "https://p.example/1", "source": "P", "title": "Troops & ideology in <Laos>", "body": BODY}
    feed.write_text(json.dumps(record), "utf-8")
    reindex(folder / "index", [feed])
    return SearchService(folder / "index")


def hit(service, q):
    result = service.search(SearchRequest(q=q))
    assert result.total == 1, q
    return result.hits[0]


def plain(passage):
    return re.sub(r"</?mark>", "", passage).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_passages_are_whole_sentences(service):
    passages = hit(service, "barracks").highlights
    assert len(passages) == 1
    text = plain(passages[0])
    assert text.startswith("Later, the troops returned") or text.startswith("Nothing else happened")
    assert text.endswith(".")
    assert len(text) <= PASSAGE_CHARS + 2


def test_up_to_three_passages_in_text_order(service):
    passages = hit(service, "troops OR ideology OR banner").highlights
    assert len(passages) == PASSAGES_PER_HIT
    positions = [BODY.index(plain(p).lstrip("… ").split(" ")[0] + " ") for p in passages]
    assert positions == sorted(positions)


def test_a_phrase_is_marked_only_where_it_occurs(service):
    body = " ".join(hit(service, '"Marxist ideology"').highlights)
    assert "<mark>Marxist ideology</mark>" in body
    assert "about <mark>ideology</mark>" not in body
    # the same word typed alone is marked wherever it occurs
    assert "about <mark>ideology</mark>" in " ".join(hit(service, "ideology").highlights)


def test_stemmed_matches_are_marked_as_written(service):
    assert "<mark>troops</mark>" in " ".join(hit(service, "troop").highlights)


def test_title_is_marked_and_escaped(service):
    found = hit(service, "ideology")
    assert found.title_highlight == "Troops &amp; <mark>ideology</mark> in &lt;Laos&gt;"
    assert hit(service, "barracks").title_highlight == "Troops &amp; ideology in &lt;Laos&gt;"


def test_passages_are_escaped(service):
    passage = " ".join(hit(service, "banner").highlights)
    assert "<script>" not in passage and "&lt;script&gt;" in passage and "&amp; slogans" in passage
    assert set(re.findall(r"</?(\w+)", passage)) == {"mark"}
