"""An analyst's journey in Chromium against the real server: search, pick an outlet, click a
month, page forward, open an article, come back with every filter kept; screenshots of the
results page at phone and desktop width are kept as artifacts.

Screenshots go to $NEWSDESK_ARTIFACTS (default: test-artifacts/ in the checkout).
"""

import json
import os
import random
import urllib.parse
from pathlib import Path

import pytest
from live_server import REPO, serving
from synthetic import vocabulary

from indexer import reindex

pytestmark = pytest.mark.browser

OUTLETS = ["Harbour Herald", "Coastal Times", "Port Gazette"]
MONTHS = ["2025-03", "2025-04", "2025-05", "2025-06"]
PER_CELL = 13  # articles per outlet and month: more than one page of ten
ARTIFACTS = Path(os.environ.get("NEWSDESK_ARTIFACTS", REPO / "test-artifacts"))
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("journey")
    rng, words = random.Random(5), vocabulary()
    records = []
    for outlet in OUTLETS:
        for month in MONTHS:
            for n in range(PER_CELL):
                text = " ".join(rng.choices(words, k=60))
                records.append({
                    "title": f"Harbour dredging update {n + 1} " + " ".join(rng.choices(words, k=3)),
                    "body": f"The harbour dredging went on. {text.capitalize()}.\n\nMore about the harbour.",
                    "source": outlet, "date": f"{month}-{n + 1:02d}",
                    "url": f"https://{outlet.split()[0].lower()}.example/{month}/{n}",
                })
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    assert reindex(folder / "index", [feed]).articles == len(records)
    with serving(folder / "index", folder / "server.log") as base:
        yield base


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def state(page):
    """The search state in the page's address."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    return {key: values if key == "source" else values[0] for key, values in query.items()}


def test_search_filter_month_page_article_and_back(server, context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server + "/")
    page.evaluate("document.activeElement.blur()")  # the home page focuses the box itself
    page.keyboard.press("/")
    page.keyboard.type("harbour dredging")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?*")
    assert page.locator("p.total strong").inner_text() == str(len(OUTLETS) * len(MONTHS) * PER_CELL)

    page.get_by_role("link", name="Coastal Times").click()
    page.wait_for_url("**source=Coastal*")
    assert page.locator("p.total strong").inner_text() == str(len(MONTHS) * PER_CELL)
    assert {s.inner_text() for s in page.locator("article.hit .source").all()} == {"Coastal Times"}

    page.locator('nav.histogram a[aria-label^="April 2025"]').click()
    page.wait_for_url("**since=2025-04*")
    assert page.locator("p.total strong").inner_text() == str(PER_CELL)
    assert state(page) == {"q": "harbour dredging", "source": ["Coastal Times"],
                           "since": "2025-04", "until": "2025-04"}

    page.locator('nav.pagination a[rel="next"]').click()
    page.wait_for_url("**page=2*")
    filtered = state(page)
    assert filtered["page"] == "2" and filtered["source"] == ["Coastal Times"] and filtered["since"] == "2025-04"
    hits = page.locator("article.hit")
    assert hits.count() == PER_CELL - 10
    results_url = page.url

    title = page.locator("a.hit-title").first.inner_text().strip()
    page.locator("a.hit-title").first.click()
    page.wait_for_url("**/articles/*")
    assert title in page.locator("h1").inner_text()
    assert page.locator(".article-body mark").first.inner_text().lower() == "harbour dredging"

    page.go_back()
    page.wait_for_url(results_url)
    assert state(page) == filtered
    assert page.locator("article.hit").count() == PER_CELL - 10
    assert page.locator('nav.histogram a[aria-current="true"]').get_attribute("aria-label").startswith("April 2025")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_results_page_screenshots_at_phone_and_desktop_width(server, browser, width):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
    page = context.new_page()
    page.goto(server + "/search?q=harbour&source=Port+Gazette")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= w
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"results-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    context.close()
