"""Who reported first through its three faces on the samples and on copies of a wire story:
/api/first, the /first page (linked from the results and from an article's copies) and
`newsdesk first`; all from the one service method, bad input answered, never a 500."""

import json

import pytest
from bs4 import BeautifulSoup

from webapp.cli import cli


def test_the_api_lists_each_outlets_first_article_with_the_undated_said(client):
    answer = client.get("/api/first?q=Kursk").get_json()
    assert (answer["matching"], answer["undated"], answer["outlets"], answer["undated_outlets"]) == (5, 3, 2, 3)
    assert [(r["source"], r["at"], r["precision"], r["lag"], r["lag_days"]) for r in answer["reports"]] == [
        ("Kontur", "2025-07-17", "date only", "+0 days", 0),
        ("TFI Global News", "2025-07-18", "date only", "+1 day", 1)]
    assert answer["notices"] == ["3 of 5 matching articles have no date and are in no row; 3 outlets had only those."]


def test_a_story_is_asked_by_one_members_id(varied_client):
    alpha = varied_client.get("/api/search?q=source:Alpha").get_json()["hits"][0]["id"]
    answer = varied_client.get(f"/api/first?story={alpha}").get_json()
    assert answer["story"] == alpha
    assert [(r["source"], r["lag"]) for r in answer["reports"]] == [
        ("Alpha", "+0 days"), ("Beta", "same day"), ("Gamma", "+1 day")]


@pytest.mark.parametrize("address, status, message", [
    ("/api/first?story=no-such-id", 404, "no article with id 'no-such-id'"),
    ("/api/first?story=a&story=b", 400, "story may be given only once"),
    ("/api/first?per_page=0", 400, "per_page must be between 1 and 100"),
    ("/api/first?page=x", 400, "page must be a whole number, not 'x'"),
    ("/api/first?since=soon", 400, "since must be a date like 2025-07-17, 2025-07 or 2025"),
    ("/api/first?q=a&q=b", 400, "q may be given only once"),
])
def test_bad_input_gets_a_clear_answer(client, address, status, message):
    response = client.get(address)
    assert response.status_code == status
    assert response.get_json()["error"]["message"] == message


def test_the_page_shows_the_table_the_api_answers(client):
    answer = client.get("/api/first?q=Kursk").get_json()
    soup = BeautifulSoup(client.get("/first?q=Kursk").get_data(as_text=True), "html.parser")
    rows = soup.select("table.first-table tbody tr")
    assert [row["data-source"] for row in rows] == [r["source"] for r in answer["reports"]]
    for row, report in zip(rows, answer["reports"]):
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        assert cells[:4] == [report["lag"], report["at"], report["precision"], str(report["articles"])]
        assert row.select_one("a")["href"] == f"/articles/{report['id']}"
    assert answer["notices"][0] in soup.select_one("ul.notices").get_text()


def test_results_and_an_articles_copies_link_to_it(client, varied_client):
    results = BeautifulSoup(client.get("/search?q=Kursk&source=Kontur").get_data(as_text=True), "html.parser")
    assert results.select_one("a.who-first")["href"] == "/first?q=Kursk&source=Kontur"
    alpha = varied_client.get("/api/search?q=source:Alpha").get_json()["hits"][0]["id"]
    article = BeautifulSoup(varied_client.get(f"/articles/{alpha}").get_data(as_text=True), "html.parser")
    link = article.select_one("section.copies a.who-first")["href"]
    assert link == f"/first?story={alpha}"
    page = BeautifulSoup(varied_client.get(link).get_data(as_text=True), "html.parser")
    assert [row["data-source"] for row in page.select("table.first-table tbody tr")] == ["Alpha", "Beta", "Gamma"]


def test_the_page_pages_outlets_and_answers_an_unknown_story_with_404(client):
    page = BeautifulSoup(client.get("/first?q=Kursk&per_page=1").get_data(as_text=True), "html.parser")
    assert [row["data-source"] for row in page.select("table.first-table tbody tr")] == ["Kontur"]
    later = page.select_one("a[rel=next]")["href"]
    assert "page=2" in later
    second = BeautifulSoup(client.get(later).get_data(as_text=True), "html.parser")
    assert [row["data-source"] for row in second.select("table.first-table tbody tr")] == ["TFI Global News"]
    assert second.select_one("a[rel=next]") is None
    assert client.get("/first?story=no-such-id").status_code == 404
    assert client.get("/first?per_page=0").status_code == 400


def _run(runner, index, *args, code=0):
    result = runner.invoke(cli, ["--index", str(index), *args], prog_name="newsdesk")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def test_the_command_prints_the_table_and_the_api_document(runner, sample_index, client):
    text = _run(runner, sample_index, "first", "Kursk").stdout.splitlines()
    assert text[0].split() == ["outlet", "after", "first", "published", "(UTC)", "known", "articles", "headline"]
    assert text[1].split()[:5] == ["Kontur", "+0", "days", "2025-07-17", "date"]
    assert text[2].startswith("TFI Global News") and "+1 day" in text[2]
    assert text[-1] == "outlets 1-2 of 2 with a dated article; 5 matching articles; 3 without a date."
    printed = json.loads(_run(runner, sample_index, "first", "Kursk", "--json").stdout)
    assert printed == client.get("/api/first?q=Kursk").get_json()


def test_the_command_refuses_what_it_cannot_answer(runner, sample_index):
    assert "no article with id 'nope'" in _run(runner, sample_index, "first", "--story", "nope", code=1).stderr
    assert "--limit must be between 1 and 100" in _run(runner, sample_index, "first", "x", "--limit", "0",
                                                        code=1).stderr
