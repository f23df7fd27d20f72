"""Saved searches against the real server (`newsdesk serve`, gunicorn, two workers): writes
refused without the operator's token (401) and a server without one read-only (403); in a real Chromium a search
is saved from the results page and listed; its feed updates after a real reindex."""

import json
import urllib.error
import urllib.request

import feedparser
import pytest
from live_server import get_json, newsdesk, serving

TOKEN = "e2e-write-token"


def send(method, url, body=None, token=None):
    """(status, JSON answer) of a write; error statuses are returned, not raised."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers, method=method), timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A real server of the samples whose operator set a write token (by the environment)."""
    index = tmp_path_factory.mktemp("guarded") / "index"
    with serving(index, tmp_path_factory.mktemp("log") / "server.log",
                 env={"NEWSDESK_WRITE_TOKEN": TOKEN}) as base:
        yield base, index


def test_a_real_server_refuses_writes_without_its_token(guarded):
    base, _ = guarded
    # 401, as HTTP answers a request without valid credentials (403 is a read-only server's).
    assert send("POST", base + "/api/watches", {"name": "kursk", "q": "Kursk"})[0] == 401
    status, answer = send("POST", base + "/api/watches", {"name": "kursk", "q": "Kursk"}, token="guess")
    assert status == 401 and answer["error"]["code"] == "unauthorized"
    status, answer = send("POST", base + "/api/watches", {"name": "kursk", "q": "Kursk"}, token=TOKEN)
    assert status == 201 and answer["name"] == "kursk"
    # Each worker process accepts it: the other one sees the saved search too.
    assert all(get_json(base + "/api/watches/kursk")[0] == 200 for _ in range(4))
    assert send("DELETE", base + "/api/watches/kursk")[0] == 401
    assert send("DELETE", base + "/api/watches/kursk", token=TOKEN) == (200, {"removed": "kursk"})


def test_a_real_server_without_a_token_is_read_only(samples_server):
    status, answer = send("POST", samples_server + "/api/watches", {"name": "kursk", "q": "Kursk"}, token=TOKEN)
    assert status == 403 and "this server is read-only" in answer["error"]["message"]
    assert send("DELETE", samples_server + "/api/watches/kursk", token=TOKEN)[0] == 403


def test_the_feed_updates_after_a_real_reindex_adds_a_matching_article(guarded, tmp_path):
    base, index = guarded
    assert send("POST", base + "/api/watches", {"name": "volcano", "q": "volcano"}, token=TOKEN)[0] == 201
    with urllib.request.urlopen(base + "/feeds/volcano.atom", timeout=10) as response:
        before = feedparser.parse(response.read())
    assert not before.bozo and before.entries == []
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "eruption.jsonl").write_text(json.dumps({
        "url": "https://news.example/volcano", "source": "Example News", "published": "2025-08-01",
        "title": "Volcano erupts near the coast",
        "body": "A volcano erupted on Friday, sending ash over the coast and closing the airport. " * 5,
    }), "utf-8")
    assert newsdesk("reindex", folder, index=index).wait(timeout=300) == 0
    with urllib.request.urlopen(base + "/feeds/volcano.atom", timeout=10) as response:
        after = feedparser.parse(response.read())
    assert not after.bozo
    assert [entry.title for entry in after.entries] == ["Volcano erupts near the coast"]
    assert after.entries[0].link.startswith(base + "/articles/")


@pytest.mark.browser
def test_chromium_saves_a_search_from_the_results_and_sees_it_listed(guarded, desktop_page, tmp_path):
    base, _ = guarded
    page = desktop_page
    page.goto(base + "/search?q=Laos")
    page.get_by_text("Save this search").click()
    page.get_by_label("Name").fill("laos")
    page.get_by_label("Write token").fill(TOKEN)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/watches?saved=laos#watch-laos")
    row = page.locator("tr[data-name=laos]")
    assert row.locator("th").inner_text() == "laos"
    assert row.locator("td.new").inner_text() == "0"
    assert row.get_by_role("link", name="Atom feed").get_attribute("href") == "/feeds/laos.atom"
    assert row.get_by_role("link", name="Laos").get_attribute("href") == "/search?q=Laos"
    assert "Saved “laos”" in page.locator("p.notices").inner_text()
    page.screenshot(path=str(tmp_path / "watches.png"), full_page=True)
    status, answer = get_json(base + "/api/watches/laos")
    assert status == 200 and answer["q"] == "Laos"
