"""The story view in a real Chromium against the real server, on the wire story: the folded
copies of a search lead to it, and it shows every copy and each one's word changes, as
/api/stories/<id> answers them."""

import pytest
from live_server import get_json, serving
from wire_corpus import write_wire_corpus

from indexer import reindex

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wire-served")
    reindex(folder / "index", [write_wire_corpus(folder / "wire.jsonl")], workers=1)
    with serving(folder / "index", folder / "server.log") as base:
        yield base


def test_the_folded_copies_lead_to_the_story_and_its_changes_are_seen(server, desktop_page, tmp_path):
    page = desktop_page
    page.goto(server + "/search?q=convoy")
    page.locator("details.copies summary").click()  # the fold opens without JavaScript too
    page.get_by_role("link", name="What each copy changed").click()
    page.wait_for_url("**/stories/*")
    story_id = page.url.rsplit("/", 1)[1]
    status, answer = get_json(f"{server}/api/stories/{story_id}")
    assert status == 200

    rows = page.locator("table.story-table tbody tr")
    assert rows.count() == answer["articles"] == 4
    for n, copy in enumerate(answer["copies"]):
        assert rows.nth(n).locator("th").inner_text() == copy["source"]
        assert rows.nth(n).locator("td.lag").inner_text() == (copy["lag"] or "")

    gamma = next(c for c in answer["copies"] if c["source"] == "Gamma")
    changes = page.locator(f'article.story-copy[data-id="{gamma["id"]}"]')
    added, removed = changes.locator("ins"), changes.locator("del")
    assert added.all_inner_texts() == ["Trucks <cross> at dawn & more", "40", "Officials declined to comment."]
    assert removed.all_inner_texts() == ["Convoy crosses border", "forty"]
    for mark in (added.first, removed.first):
        box = mark.bounding_box()
        assert box and box["height"] > 5 and box["width"] > 5  # drawn, not hidden
    # Told apart without colour: the browser's underline and strike-through stay.
    assert "underline" in added.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in removed.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert added.first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)

    # The story's link to who carried it first lists the same outlets.
    page.get_by_role("link", name="Who carried it first").click()
    page.wait_for_url(f"**/first?story={story_id}")
    sources = page.locator("table.first-table tbody th").all_inner_texts()
    assert sources == [c["source"] for c in answer["copies"] if c["at"]]
