"""End to end: the real server (`newsdesk serve`, gunicorn) driven by a real Chromium.

Debian's chromium through Playwright's sync API, with our own fixtures (pytest-playwright's
clash with sync_playwright in one session). The browser is never downloaded.
"""

import pytest
from live_server import get_json, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    """Screenshots and the server log, kept under pytest's temporary folder."""
    return tmp_path_factory.mktemp("artifacts")


@pytest.fixture(scope="module")
def server(tmp_path_factory, artifacts):
    """`newsdesk serve` on an empty index folder (so it builds one from the samples)."""
    index = tmp_path_factory.mktemp("served") / "index"
    with serving(index, artifacts / "server.log") as base:
        yield base


@pytest.fixture
def page(browser, artifacts, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    # The last state of every test, passed or failed, for a person to look at.
    opened.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()


def test_server_built_the_index_and_answers_json(server):
    status, stats = get_json(server + "/api/stats")
    assert status == 200 and stats["articles"] == 5
    status, found = get_json(server + "/api/search?q=Kursk")
    assert status == 200 and found["total"] == 5


def test_search_then_open_an_article(server, page, artifacts):
    page.goto(server + "/")
    page.fill("#q", "Kursk")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?*q=Kursk*")
    hits = page.locator("article.hit")
    hits.first.wait_for()
    assert hits.count() == 5
    assert page.locator("article.hit mark").count() >= 5
    assert page.locator("article.hit mark").first.inner_text().lower() == "kursk"
    page.screenshot(path=str(artifacts / "results.png"), full_page=True)

    first = page.locator("a.hit-title").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_url("**/articles/*")
    body = page.locator(".article-body")
    body.wait_for()
    assert "Kursk" in body.inner_text()
    assert title in page.locator("h1").inner_text()


def test_slash_focuses_the_search_box_and_scripts_run_under_the_policy(server, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server + "/search?q=Kursk")
    page.locator("a.hit-title").first.focus()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    # Typing "/" inside the box types it, rather than jumping.
    page.keyboard.type("a/b")
    assert page.input_value("#q") == "a/b"
    assert errors == [], "no Content-Security-Policy violation or script error"
