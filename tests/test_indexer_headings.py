"""Subheadings kept from extraction to the page: marked in the stored body, never run into
the next sentence by a passage, shown as headings on the article page, invisible to search."""

import json
import re
from pathlib import Path

import pytest

from indexer import SearchRequest, SearchService, reindex
from webapp import create_app

GOLD = json.loads((Path(__file__).parent / "data" / "gold.json").read_text(encoding="utf-8"))
HEADINGS = [heading for labels in GOLD.values() for heading in labels["headings"]]
SENTENCE = "The council voted on Tuesday to rebuild the old bridge before the winter floods arrive."
PAGE = f"""<html><head><title>Bridge to be rebuilt</title></head><body><article>
<h1>Bridge to be rebuilt</h1><p>{SENTENCE}</p>
<h2>What happens next</h2><p>Engineers said the work would take four months, and the crossing stays open.</p>
<h3>Costs for the town</h3><p>The bill is large, and the town will pay it over ten years, the mayor said.</p>
</article></body></html>"""


def plain(passage):
    return re.sub(r"</?mark>", "", passage)


@pytest.fixture(scope="module")
def page_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("headings")
    (folder / "pages").mkdir()
    (folder / "pages" / "bridge.html").write_text(PAGE, "utf-8")
    reindex(folder / "index", [folder / "pages"])
    return folder / "index"


def test_a_sample_passage_never_runs_the_heading_into_the_next_sentence(sample_index):
    service = SearchService(sample_index)
    for q in ("USSR", "collapsed", "Laos-Russia", "trade", "deals"):
        for hit in service.search(SearchRequest(q=q, per_page=10)).hits:
            for passage in map(plain, hit.highlights):
                assert "Trade Deals When" not in passage, (q, passage)
                assert "##" not in passage, (q, passage)


@pytest.mark.parametrize("q", ["Laos", "Russia", "troops", "humanitarian", "cover", "relationship", "cost"])
def test_no_passage_holds_a_heading_and_another_sentence(sample_index, q):
    for hit in SearchService(sample_index).search(SearchRequest(q=q, per_page=10)).hits:
        for passage in map(plain, hit.highlights):
            for heading in HEADINGS:
                # A heading matched alone is a passage of its own, with nothing before or after.
                assert heading not in passage or passage == heading, (heading, passage)


def test_the_sample_article_page_shows_its_subheadings(sample_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(sample_index)}).test_client()
    found = client.get("/api/search", query_string={"q": '"Laos-Russia Trade Deals"'}).get_json()
    [hit] = found["hits"]
    text = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert "<h2>Laos-Russia Trade Deals</h2>" in text
    assert "<h2>The Cost of Loyalty</h2>" in text
    assert "## " not in text
    # With the search's words marked, the headings stay headings.
    marked = client.get(f"/articles/{hit['id']}", query_string={"q": "trade"}).get_data(as_text=True)
    assert "<h2>Laos-Russia <mark>Trade</mark> Deals</h2>" in marked


def test_an_html_page_keeps_its_h2_and_h3(page_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(page_index)}).test_client()
    [hit] = client.get("/api/search", query_string={"q": "bridge"}).get_json()["hits"]
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    assert article["body"].split("\n\n") == [
        SENTENCE,
        "## What happens next",
        "Engineers said the work would take four months, and the crossing stays open.",
        "## Costs for the town",
        "The bill is large, and the town will pay it over ten years, the mayor said.",
    ]
    page = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert "<h2>What happens next</h2>" in page and "<h2>Costs for the town</h2>" in page


def test_the_mark_is_no_word_and_headings_are_searchable(page_index):
    service = SearchService(page_index)
    assert service.search(SearchRequest(q="#")).total == 0
    [hit] = service.search(SearchRequest(q="costs")).hits
    assert [plain(p) for p in hit.highlights] == ["Costs for the town"]
    # A short sentence takes its neighbour along, but not a heading after it.
    [hit] = service.search(SearchRequest(q="engineers")).hits
    assert [plain(p) for p in hit.highlights] == [
        "Engineers said the work would take four months, and the crossing stays open."]
