"""/api/watches, /feeds/NAME.atom and the saved searches' page, through the app on a real index
reindexed between requests; writes with and without the write token and CSRF token."""

import json
import re

import feedparser
import pytest
from bs4 import BeautifulSoup

from indexer import reindex
from webapp import create_app

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CONVOY = "The convoy crossed the border at dawn after a week of talks. "


def article(n, title, body=CONVOY, source="Alpha", published="2025-06-01"):
    return {"url": f"https://a.example/{n}", "source": source, "title": title, "body": body * 4,
            "published": published}


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    rows = [article(n, f"Weather {n}", "Rain swept the plains all day. ") for n in range(5)]
    (folder / "first.jsonl").write_text("\n".join(map(json.dumps, rows + [article(9, "Old convoy")])), "utf-8")
    return folder


@pytest.fixture
def index(tmp_path, inputs):
    reindex(tmp_path / "index", [inputs])
    return tmp_path / "index"


@pytest.fixture
def writable(index):
    return create_app({"TESTING": True, "INDEX_DIR": str(index), "WRITE_TOKEN": TOKEN}).test_client()


@pytest.fixture
def read_only(index, monkeypatch):
    monkeypatch.delenv("NEWSDESK_WRITE_TOKEN", raising=False)
    return create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()


def add(inputs, index, name, *rows):
    (inputs / name).write_text("\n".join(map(json.dumps, rows)), "utf-8")
    reindex(index, [inputs])


def test_save_list_get_and_remove_with_the_token(writable):
    saved = writable.post("/api/watches", json={"name": "convoy", "q": "convoy", "source": ["Alpha"]}, headers=AUTH)
    assert saved.status_code == 201 and saved.headers["Location"] == "/api/watches/convoy"
    assert {k: saved.get_json()[k] for k in ("name", "q", "sources", "new", "feed")} == \
        {"name": "convoy", "q": "convoy", "sources": ["Alpha"], "new": 0, "feed": "/feeds/convoy.atom"}
    assert [w["name"] for w in writable.get("/api/watches").get_json()["watches"]] == ["convoy"]
    assert writable.get("/api/watches/convoy").get_json()["matches"] == []
    assert writable.delete("/api/watches/convoy", headers=AUTH).get_json() == {"removed": "convoy"}
    assert writable.get("/api/watches").get_json() == {"watches": []}


def test_new_matches_are_counted_and_listed_after_a_reindex(writable, inputs, index):
    writable.post("/api/watches", json={"name": "convoy", "q": "convoy"}, headers=AUTH)
    add(inputs, index, "second.jsonl", article(20, "New convoy", source="Beta"), article(21, "Sun", "Sunny. "))
    [listed] = writable.get("/api/watches").get_json()["watches"]
    assert listed["new"] == 1 and listed["matches"] == []
    one = writable.get("/api/watches/convoy").get_json()
    assert [(m["title"], m["source"]) for m in one["matches"]] == [("New convoy", "Beta")]


@pytest.mark.parametrize("headers, message", [
    ({}, "needs this server's write token: send it as `Authorization: Bearer TOKEN`"),
    ({"Authorization": "Bearer wrong"}, "not this server's"),
    ({"Authorization": f"Basic {TOKEN}"}, "needs this server's write token"),
])
def test_writes_without_the_token_are_refused(writable, headers, message):
    for response in (writable.post("/api/watches", json={"name": "x", "q": "convoy"}, headers=headers),
                     writable.delete("/api/watches/x", headers=headers)):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="newsdesk"'
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert message in response.get_json()["error"]["message"]
    assert writable.get("/api/watches").get_json() == {"watches": []}


def test_a_server_without_a_token_is_read_only(read_only):
    response = read_only.post("/api/watches", json={"name": "x", "q": "convoy"}, headers=AUTH)
    assert response.status_code == 403
    assert "this server is read-only" in response.get_json()["error"]["message"]
    assert read_only.get("/api/watches").status_code == 200
    page = read_only.get("/search?q=convoy").get_data(as_text=True)
    assert "This server is read-only" in page and 'name="csrf_token"' not in page


@pytest.mark.parametrize("body, status, message", [
    ({"name": "Convoy", "q": "x"}, 400, "lowercase letters"),
    ({"q": "x"}, 400, "name is required"),
    ({"name": "x", "q": 3}, 400, "q must be a string"),
    ({"name": "x", "colour": "red"}, 400, "unknown field 'colour'"),
    ({"name": "x", "since": "July"}, 400, "since"),
    ({"name": "x", "q": "x" * 4001}, 400, "at most 4000 characters"),
    ([1, 2], 400, "a JSON object"),
])
def test_bad_bodies_are_said(writable, body, status, message):
    response = writable.post("/api/watches", json=body, headers=AUTH)
    assert response.status_code == status and message in response.get_json()["error"]["message"]


def test_duplicates_conflict_and_unknown_names_are_404(writable):
    writable.post("/api/watches", json={"name": "convoy", "q": "convoy"}, headers=AUTH)
    again = writable.post("/api/watches", json={"name": "convoy", "q": "other"}, headers=AUTH)
    assert again.status_code == 409 and "exists already" in again.get_json()["error"]["message"]
    for response in (writable.get("/api/watches/nope"), writable.delete("/api/watches/nope", headers=AUTH),
                     writable.get("/feeds/nope.atom")):
        assert response.status_code == 404
        assert response.get_json() == {"error": {"code": "not_found", "message": "no saved search named 'nope'"}}


def test_the_feed_is_valid_atom_newest_found_first_and_updates_after_a_reindex(writable, inputs, index):
    writable.post("/api/watches", json={"name": "convoy", "q": "convoy"}, headers=AUTH)
    empty = writable.get("/feeds/convoy.atom")
    assert empty.content_type == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(empty.data)
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.title == "newsdesk: convoy"
    add(inputs, index, "second.jsonl", article(20, "First new convoy", published="2025-06-02"))
    add(inputs, index, "third.jsonl", article(21, "Second new convoy", source="Beta", published="2025-06-03"))
    parsed = feedparser.parse(writable.get("/feeds/convoy.atom").data)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.title for e in parsed.entries] == ["Second new convoy", "First new convoy"]
    entry = parsed.entries[0]
    assert re.fullmatch(r"http://localhost/articles/\w+", entry.link)
    assert "Beta" in entry.summary and "https://a.example/21" in entry.summary
    assert entry.published.startswith("2025-06-03")


def test_the_search_page_saves_with_csrf_and_the_write_token(writable):
    page = writable.get("/search?q=convoy&source=Alpha").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"q": "convoy", "source": "Alpha", "name": "convoy", "token": TOKEN}
    assert writable.post("/watches", data=form).status_code == 400  # no CSRF token
    assert writable.post("/watches", data={**form, "csrf_token": csrf, "token": "wrong"}).status_code == 403
    saved = writable.post("/watches", data={**form, "csrf_token": csrf})
    assert saved.status_code == 303 and saved.headers["Location"] == "/watches?saved=convoy#watch-convoy"
    listed = writable.get("/watches").get_data(as_text=True)
    assert 'data-name="convoy"' in listed and 'href="/feeds/convoy.atom"' in listed
    assert writable.get("/api/watches/convoy").get_json()["sources"] == ["Alpha"]
    removed = writable.post("/watches/convoy/remove", data={"csrf_token": csrf, "token": TOKEN})
    assert removed.status_code == 303 and writable.get("/api/watches").get_json() == {"watches": []}


def test_the_feed_of_a_query_with_control_characters_is_still_atom(writable):
    saved = writable.post("/api/watches", json={"name": "odd", "q": "con\x00voy\x1b", "source": ["A\x0bB"]},
                          headers=AUTH)
    assert saved.status_code == 201
    response = writable.get("/feeds/odd.atom")
    assert response.status_code == 200 and not feedparser.parse(response.data).bozo


def test_every_control_of_the_forms_has_a_label(writable):
    writable.post("/api/watches", json={"name": "convoy", "q": "convoy"}, headers=AUTH)
    for path in ("/search?q=convoy", "/watches"):
        soup = BeautifulSoup(writable.get(path).get_data(as_text=True), "html.parser")
        controls = soup.select("form[method=post] input:not([type=hidden])")
        assert controls, path
        for control in controls:
            assert soup.find("label", attrs={"for": control["id"]}), (path, control)
