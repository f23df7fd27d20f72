"""Hostile markup in articles and queries is shown as text in a real browser, never run.

Titles, bodies, sources, authors and URLs of the indexed articles, and the query itself, carry
script tags, event handlers and javascript: URLs. Chromium loads every page that shows them;
nothing may execute (no dialog, no global set, no console error from a blocked inline script
left unexplained), the text must be visible literally, and links to originals must be http(s).
"""

import json
import urllib.parse

import pytest
from live_server import get_json, serving

from indexer import reindex

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__owned = 'script'</script>",
    "<img src=x onerror=\"window.__owned = 'onerror'\">",
    "<svg onload=\"window.__owned = 'svg'\"></svg>",
    "\"><script>window.__owned = 'attribute'</script>",
    "javascript:window.__owned = 'url'",
]
ARTICLES = [
    {"title": f"Marker{n} {payload}", "body": f"Body of marker{n} says {payload} plainly.\n\nMore text.",
     "source": payload, "author": payload,
     "url": f"javascript:window.__owned='link{n}'" if n % 2 else f"https://example.org/{n}?q=<b>x</b>",
     "date": "2025-07-0%d" % (n + 1)}
    for n, payload in enumerate(PAYLOADS)
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    feed = folder / "hostile.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES), "utf-8")
    report = reindex(folder / "index", [feed])
    assert report.articles == len(ARTICLES)
    with serving(folder / "index", folder / "server.log") as base:
        yield base


@pytest.fixture(params=[False, True], ids=["with-csp", "escaping-alone"])
def page(browser, request):
    # With the Content-Security-Policy bypassed, escaping alone must keep the pages inert.
    context = browser.new_context(bypass_csp=request.param)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def assert_inert(page):
    assert page.evaluate("typeof window.__owned") == "undefined"
    assert page.dialogs == []
    resolve = "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)"
    for href in page.eval_on_selector_all("a[href]", resolve):
        assert href.startswith(("http://", "https://")), href


def test_results_page_shows_hostile_text_as_text(server, page):
    for n, payload in enumerate(PAYLOADS):
        query = f"marker{n} {payload}"
        page.goto(server + "/search?" + urllib.parse.urlencode({"q": query}))
        assert_inert(page)
        text = page.inner_text("main")
        assert f"Marker{n}" in text
    page.goto(server + "/search?q=marker0")
    assert PAYLOADS[0] in page.inner_text("article.hit")  # the title's tag is visible as text
    assert_inert(page)


def test_article_pages_and_facets_are_inert(server, page):
    hits = get_json(server + "/api/search?per_page=20")[1]["hits"]
    assert len(hits) == len(ARTICLES)
    for hit in hits:
        page.goto(server + f"/articles/{hit['id']}?q=marker")
        assert_inert(page)
        assert hit["title"] in page.inner_text("h1")
    page.goto(server + "/search")
    assert_inert(page)
    assert PAYLOADS[1] in page.inner_text("aside")  # an outlet named with markup, as text
