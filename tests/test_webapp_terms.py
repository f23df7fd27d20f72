"""Distinctive words through their three faces, all from SearchService.terms: /api/terms, the
section of the search page (shown on request) and `newsdesk terms`."""

import json

import pytest
from bs4 import BeautifulSoup

from webapp.cli import cli
from webapp.pages import narrowed


@pytest.fixture
def newsdesk_run(runner, story_index):
    """`newsdesk --index STORY ...` in-process, its exit code checked."""

    def run(*args, code=0):
        result = runner.invoke(cli, ["--index", str(story_index), *args], prog_name="newsdesk")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return run


def test_the_api_gives_the_words_with_their_counts(story_client):
    answer = story_client.get("/api/terms?q=volcano&top=12").get_json()
    assert (answer["matching"], answer["indexed"], answer["sampled"], answer["min_articles"]) == (8, 30, 8, 3)
    assert answer["measure"].startswith("log-likelihood")
    assert len(answer["words"]) == 12
    lava = next(w for w in answer["words"] if w["term"] == "lava")
    assert lava == {"word": "lava", "term": "lava", "matching": 8, "indexed": 9, "score": lava["score"]}
    assert "volcano" not in {w["term"] for w in answer["words"]}


def test_the_api_refuses_what_it_cannot_count_and_says_why_a_set_gives_nothing(story_client):
    for address, message in [("/api/terms?top=0", "top must be a whole number from 1 to 100"),
                             ("/api/terms?top=5&top=6", "top may be given only once"),
                             ("/api/terms?per_page=0", "per_page must be between 1 and 100")]:
        response = story_client.get(address)
        assert response.status_code == 400
        assert response.get_json()["error"] == {"code": "bad_parameter", "message": message}
    for address, said in [("/api/terms?q=nosuchword", "no article matches"),
                          ("/api/terms?q=volcano&since=2025-03-01&until=2025-03-01", "only 1 matches"),
                          ("/api/terms?q=volcano&source=Nowhere", "No article is from an outlet named “Nowhere”."),
                          ("/api/terms", "Every article matches")]:
        response = story_client.get(address)
        assert response.status_code == 200
        assert response.get_json()["words"] == []
        assert any(said in notice for notice in response.get_json()["notices"]), address


def test_the_search_page_offers_the_words_and_shows_what_the_api_gives(story_client):
    plain = BeautifulSoup(story_client.get("/search?q=volcano").get_data(as_text=True), "html.parser")
    offer = plain.select_one("section.terms a.show-terms")
    assert offer["href"] == "/search?q=volcano&words=show#terms"
    assert not plain.select("table.terms-table")  # read only when asked for

    answer = story_client.get("/api/terms?q=volcano").get_json()
    soup = BeautifulSoup(story_client.get(offer["href"]).get_data(as_text=True), "html.parser")
    rows = soup.select("section.terms table.terms-table tbody tr")
    assert [row["data-term"] for row in rows] == [w["term"] for w in answer["words"]]
    for row, word in zip(rows, answer["words"]):
        assert row.select_one("th").get_text() == word["word"]
        cells = [td.get_text().split()[0] for td in row.select("td")]
        assert cells == [str(word["matching"]), str(word["indexed"]), f"{word['score']:.1f}"]
    caption = soup.select_one("table.terms-table caption").get_text()
    assert caption.startswith("Words the 8 matching articles hold more often than the other 22 indexed")


def test_a_word_narrows_the_search_to_the_articles_holding_it(story_client):
    soup = BeautifulSoup(story_client.get("/search?q=volcano&words=show").get_data(as_text=True), "html.parser")
    ash = soup.select_one('tr[data-term="ash"] a')
    assert (ash.get_text(), ash["href"]) == ("Ash", "/search?q=volcano+Ash&words=show")
    # (A page of five: fewer matches than a page would be filled with articles holding either word.)
    narrower = story_client.get("/api/search?q=volcano+Ash&per_page=5").get_json()
    assert narrower["total"] == 6


def test_narrowing_keeps_an_or_query_whole():
    assert narrowed("lava OR ash", "slope") == "(lava OR ash) slope"
    assert narrowed("lava ash", "slope") == "lava ash slope"
    assert narrowed("  ", "slope") == "slope"


def test_the_page_says_why_a_set_has_no_words_and_refuses_a_bad_switch(story_client):
    soup = BeautifulSoup(story_client.get("/search?q=volcano&since=2025-03-01&until=2025-03-01&words=show")
                         .get_data(as_text=True), "html.parser")
    assert "only 1 matches" in soup.select_one("section.terms p.notice").get_text()
    assert not soup.select("table.terms-table")
    assert story_client.get("/search?q=volcano&words=all").status_code == 400
    assert "section class=\"terms\"" not in story_client.get("/search?q=nosuchword").get_data(as_text=True)


def test_the_cli_prints_the_table_and_the_apis_json(newsdesk_run, story_client):
    table = newsdesk_run("terms", "volcano", "--top", "3").stdout.splitlines()
    assert table[0].split() == ["word", "matching", "share", "indexed", "share", "G²"]
    assert table[1].split()[:5] == ["down", "8", "100.0%", "8", "26.7%"]
    assert table[-1] == "8 of 30 indexed articles match."
    printed = json.loads(newsdesk_run("terms", "volcano", "--json").stdout)
    assert printed == story_client.get("/api/terms?q=volcano").get_json()
    failed = newsdesk_run("terms", "volcano", "--top", "0", code=1)
    assert failed.stderr.strip() == "Error: top must be a whole number from 1 to 100"
    nothing = newsdesk_run("terms", "nosuchword")
    assert "no article matches" in nothing.stderr and nothing.stdout.strip() == "0 of 30 indexed articles match."


def test_each_outlets_words_through_the_api_the_page_and_the_cli(story_client, newsdesk_run):
    answer = story_client.get("/api/terms?q=volcano&by=source").get_json()
    assert answer["by"] == "source" and [o["source"] for o in answer["outlets"]] == ["Alpha", "Beta"]
    alpha = answer["outlets"][0]
    # Its headline's "continue" too: the body field holds the headline.
    assert {w["term"] for w in alpha["words"]} == {"continu", "crater", "magma", "rose", "under"}
    assert story_client.get("/api/terms?q=volcano").get_json()["outlets"] == []

    shown = BeautifulSoup(story_client.get("/search?q=volcano&words=show").get_data(as_text=True), "html.parser")
    assert shown.select_one("a.outlet-terms-link")["href"] == "/search?q=volcano&words=outlets#outlets-title"
    soup = BeautifulSoup(story_client.get("/search?q=volcano&words=outlets").get_data(as_text=True), "html.parser")
    tables = soup.select("table.outlet-terms")
    assert [t["data-source"] for t in tables] == ["Alpha", "Beta"]
    rows = tables[0].select("tbody tr")
    assert [r.th.get_text() for r in rows] == [w["word"] for w in alpha["words"]]
    assert [td.get_text() for td in rows[0].select("td")] == [str(alpha["words"][0]["matching"]),
                                                             str(alpha["words"][0]["others"]),
                                                             f"{alpha['words'][0]['score']:.1f}"]
    magma = tables[0].select_one('tr[data-term="magma"] a')["href"]
    assert magma == "/search?q=volcano+Magma&source=Alpha&words=show"  # narrowed to the outlet
    # Beta's words are its headline's ("Volcano erupts near Hilo"), which Alpha's lack.
    assert [r.th.get_text() for r in tables[1].select("tbody tr")] == ["Hilo", "near"]

    printed = json.loads(newsdesk_run("terms", "volcano", "--by", "source", "--json").stdout)
    assert printed == answer
    table = newsdesk_run("terms", "volcano", "--by", "source").stdout.splitlines()
    at = table.index("Alpha: 4 of its 4 matching articles read, against 4 of the other outlets'")
    assert table[at + 1].split() == ["word", "outlet", "share", "others", "share", "G²"]
    assert table[at + 2].split() == ["continue", "4", "100.0%", "0", "0.0%", "11.1"]
    assert table[-1].split() == ["near", "4", "100.0%", "0", "0.0%", "11.1"]
    failed = newsdesk_run("terms", "volcano", "--by", "outlet", code=1)
    assert failed.stderr.strip() == "Error: by must be one of none, source"
    assert story_client.get("/api/terms?by=outlet").status_code == 400
