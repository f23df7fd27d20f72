"""The story view through its three faces on the wire story: /api/stories/<id>, the
/stories/<id> page (linked from the folded copies of a search, from who reported first of a
story and from an article's copies) and `newsdesk story`; all from the one service method."""

import json

import pytest
from bs4 import BeautifulSoup

from webapp.cli import cli


def _id_of(client, source):
    return client.get(f"/api/search?q=source:{source}&duplicates=show").get_json()["hits"][0]["id"]


def _soup(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_api_answers_the_story_of_any_member(wire_client):
    beta = _id_of(wire_client, "Beta")
    answer = wire_client.get(f"/api/stories/{beta}").get_json()
    assert (answer["id"], answer["articles"], answer["outlets"], answer["undated"]) == (beta, 4, 4, 1)
    assert [c["source"] for c in answer["copies"]] == ["Alpha", "Beta", "Gamma", "Delta"]
    assert answer["earliest"] == _id_of(wire_client, "Alpha")
    assert answer["copies"][1]["title_changes"] == [
        {"kind": "deleted", "text": "Convoy"}, {"kind": "inserted", "text": "Grain convoy"},
        {"kind": "same", "text": "crosses"}, {"kind": "deleted", "text": "border"}]


@pytest.mark.parametrize("address", ["/api/stories/no-such-id", "/api/stories/%3Cscript%3E"])
def test_an_unknown_id_gets_404_with_the_json_error_shape(client, address):
    response = client.get(address)
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "not_found" and error["message"].startswith("no article with id ")


def test_the_page_shows_every_copy_and_each_ones_changes_as_escaped_ins_and_del(wire_client):
    gamma = _id_of(wire_client, "Gamma")
    answer = wire_client.get(f"/api/stories/{gamma}").get_json()
    page = _soup(wire_client, f"/stories/{gamma}")
    rows = page.select("table.story-table tbody tr")
    assert [row["data-id"] for row in rows] == [c["id"] for c in answer["copies"]]
    assert [[td.get_text(" ", strip=True) for td in row.select("td")][:3] for row in rows] == [
        ["+0 h", "2025-06-01 09:00", "time"], ["+3 h", "2025-06-01 12:00", "time"],
        ["+1 day", "2025-06-02", "date only"], ["", "no date", "no date"]]
    assert "1 of 4 articles has no date" in page.select_one("ul.notices").get_text()
    copies = {article["data-id"]: article for article in page.select("section.story-changes article.story-copy")}
    changed = copies[gamma]
    headline, opening = changed.select("dd.diff")
    # The headline's markup characters are text, never markup: the <ins> holds them escaped.
    assert [tag.get_text() for tag in headline.select("ins")] == ["Trucks <cross> at dawn & more"]
    assert "&lt;cross&gt; at dawn &amp; more" in str(headline) and headline.select("cross") == []
    assert [tag.get_text() for tag in headline.select("del")] == ["Convoy crosses border"]
    assert [tag.get_text() for tag in opening.select("del")] == ["forty"]
    assert [tag.get_text() for tag in opening.select("ins")] == ["40", "Officials declined to comment."]
    assert "earliest copy" in copies[answer["earliest"]].select_one("p.base").get_text()
    delta = copies[_id_of(wire_client, "Delta")]
    assert "same headline and first paragraph" in delta.get_text() and not delta.select("ins, del")


def test_a_story_of_one_is_said_plainly(wire_client):
    omega = _id_of(wire_client, "Omega")
    page = _soup(wire_client, f"/stories/{omega}")
    assert "no copy under another outlet" in page.select_one("ul.notices").get_text()
    assert len(page.select("table.story-table tbody tr")) == 1
    assert page.select("section.story-changes") == []


def test_an_unknown_id_gets_a_clear_page(client):
    response = client.get("/stories/no-such-id")
    assert response.status_code == 404
    assert "There is no article with id “no-such-id”." in response.get_data(as_text=True)


def test_the_search_pages_fold_leads_to_the_same_copies(wire_client):
    results = _soup(wire_client, "/search?q=convoy")
    fold = results.select_one("details.copies")
    folded = {a["href"].split("?")[0].rsplit("/", 1)[1] for a in fold.select("ul a, ol a")
              if "/articles/" in a["href"]}
    link = fold.select_one("a.story-link")["href"]
    hit = link.rsplit("/", 1)[1]
    assert link == f"/stories/{hit}"
    story = _soup(wire_client, link)
    assert {row["data-id"] for row in story.select("table.story-table tbody tr")} == {hit, *folded}


def test_who_reported_first_and_the_article_link_to_it(wire_client):
    alpha = _id_of(wire_client, "Alpha")
    first = _soup(wire_client, f"/first?story={alpha}")
    assert first.select_one("a.story-link")["href"] == f"/stories/{alpha}"
    assert _soup(wire_client, "/first?q=convoy").select_one("a.story-link") is None  # a search: no story
    article = _soup(wire_client, f"/articles/{alpha}")
    assert article.select_one("section.copies a.story-link")["href"] == f"/stories/{alpha}"
    story = _soup(wire_client, f"/stories/{alpha}")
    assert story.select_one("a.who-first")["href"] == f"/first?story={alpha}"


def _run(runner, index, *args, code=0):
    result = runner.invoke(cli, ["--index", str(index), *args], prog_name="newsdesk")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def test_the_command_prints_the_copies_their_changes_and_the_api_document(runner, wire_index, wire_client):
    beta = _id_of(wire_client, "Beta")
    result = _run(runner, wire_index, "story", beta)
    text = result.stdout.splitlines()
    assert text[0].split() == ["outlet", "after", "earliest", "published", "(UTC)", "known", "id", "headline"]
    assert text[1].split()[:5] == ["Alpha", "+0", "h", "2025-06-01", "09:00"]
    assert text[4].split()[:4] == ["Delta", "no", "date", "no"]
    assert text[5] == "4 articles under 4 outlets."
    assert "  headline: [-Convoy-] {+Grain convoy+} crosses [-border-]" in text
    assert "first paragraph: The ministry said on Tuesday that the convoy of [-forty-] {+40+} trucks" in " ".join(
        result.stdout.split())
    assert "1 of 4 articles has no date" in result.stderr
    printed = json.loads(_run(runner, wire_index, "story", beta, "--json").stdout)
    assert printed == wire_client.get(f"/api/stories/{beta}").get_json()


def test_the_command_refuses_an_unknown_id(runner, wire_index):
    assert "no article with id 'nope'" in _run(runner, wire_index, "story", "nope", code=1).stderr
