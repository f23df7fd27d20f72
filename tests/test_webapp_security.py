"""Security headers on every response, and pages that work under a policy without inline code."""

import pytest
from bs4 import BeautifulSoup

from webapp.security import SECURITY_HEADERS

PAGES = ["/", "/watches", "/search?q=Kursk", "/search?q=zzzzqqq", "/search?page=0", "/articles/nope", "/no-such-page",
         "/first?q=Kursk"]
API = ["/api/search?q=Kursk", "/api/search?page=0", "/api/articles/nope", "/api/stats",
       "/api/openapi.json", "/healthz", "/static/newsdesk.css"]


@pytest.mark.parametrize("path", PAGES + API)
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:  # closes a streamed static file
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name)


def test_headers_also_when_there_is_no_index(empty_client):
    for path in ("/", "/search?q=x", "/api/search?q=x", "/healthz"):
        response = empty_client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_policy_forbids_inline_code_and_framing():
    policy = dict(
        part.strip().split(" ", 1) for part in SECURITY_HEADERS["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in SECURITY_HEADERS["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_no_inline_script_or_style(client, path):
    # The policy would block them: a page relying on inline code would silently break.
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    assert [s for s in soup.find_all("script") if not s.get("src")] == []
    assert soup.find_all("style") == []
    assert [t.name for t in soup.find_all(style=True)] == []
    handlers = [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
    assert handlers == []
    for tag in soup.find_all(["script", "link", "img"]):
        reference = tag.get("src") or tag.get("href") or ""
        assert not reference.startswith(("http:", "https:", "//")), "assets come from this server"


def test_request_bodies_are_capped(app):
    assert app.config["MAX_CONTENT_LENGTH"] <= 64 * 1024
    response = app.test_client().post("/api/search", data=b"x" * 200_000)
    assert response.status_code in (405, 413)
