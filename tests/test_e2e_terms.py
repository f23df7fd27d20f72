"""Distinctive words in a real Chromium against the real server, on the story corpus: the
section offers them, shows what /api/terms answers once asked, and a word narrows the search."""

import pytest
from live_server import get_json, serving
from story_corpus import write_story_corpus

from indexer import reindex

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("story-served")
    reindex(folder / "index", [write_story_corpus(folder / "story.jsonl")], workers=1)
    with serving(folder / "index", folder / "server.log") as base:
        yield base


def test_the_words_are_offered_shown_as_the_api_counts_them_and_narrow_the_search(server, desktop_page, tmp_path):
    page = desktop_page
    page.goto(server + "/search?q=volcano")
    assert page.locator("#terms-title").inner_text() == "Distinctive words"
    assert page.locator("table.terms-table").count() == 0
    page.get_by_role("link", name="Show the words these articles use more than the rest of the index").click()
    page.wait_for_url("**words=show*")
    table = page.locator("table.terms-table")
    table.wait_for()
    assert table.bounding_box()["height"] > 100  # laid out, not hidden

    status, answer = get_json(server + "/api/terms?q=volcano")
    assert status == 200
    rows = table.locator("tbody tr")
    assert rows.count() == len(answer["words"])
    for n, word in enumerate(answer["words"]):
        assert rows.nth(n).locator("th").inner_text() == word["word"]
        cells = rows.nth(n).locator("td").all_inner_texts()
        assert [cell.split()[0] for cell in cells] == [str(word["matching"]), str(word["indexed"]),
                                                       f"{word['score']:.1f}"]
    page.screenshot(path=str(tmp_path / "terms.png"), full_page=True)

    # A word narrows the search to the articles holding it too.
    page.locator('tr[data-term="magma"] a').click()
    page.wait_for_url("**q=volcano+Magma*")
    assert page.locator("h1").inner_text() == "Results for volcano Magma"  # the quotes are drawn by CSS
    assert "Magma" in page.locator("article.hit").first.locator("mark").all_inner_texts()
    page.locator("table.terms-table").wait_for()  # the words stay shown

    # Each outlet's words against the other outlets', to compare how they tell the story.
    page.goto(server + "/search?q=volcano&words=show")
    page.get_by_role("link", name="Compare the outlets' words: each one's against the others'").click()
    page.wait_for_url("**words=outlets*")
    status, split = get_json(server + "/api/terms?q=volcano&by=source")
    assert status == 200
    tables = page.locator("table.outlet-terms")
    tables.first.wait_for()
    assert tables.count() == len(split["outlets"]) == 2
    for n, outlet in enumerate(split["outlets"]):
        table = tables.nth(n)
        assert table.get_attribute("data-source") == outlet["source"]
        assert table.bounding_box()["height"] > 20
        assert table.locator("tbody th").all_inner_texts() == [w["word"] for w in outlet["words"]]
    assert "Magma" in tables.first.locator("tbody th").all_inner_texts()  # Alpha's alone
    # Beta's words are its headline's ("Volcano erupts near Hilo"), which Alpha's lack.
    assert tables.nth(1).locator("tbody th").all_inner_texts() == ["Hilo", "near"]
    page.screenshot(path=str(tmp_path / "outlet-terms.png"), full_page=True)
