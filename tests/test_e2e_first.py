"""Who reported first in a real Chromium against the real server on the bundled samples: the
link from the results opens the table, and its rows hold what /api/first answers."""

import pytest
from live_server import get_json

pytestmark = pytest.mark.browser


def test_the_results_lead_to_who_reported_first_as_the_api_answers(samples_server, desktop_page, tmp_path):
    page = desktop_page
    page.goto(samples_server + "/search?q=Kursk")
    page.get_by_role("link", name="Who reported first").click()
    page.wait_for_url("**/first?q=Kursk")
    table = page.locator("table.first-table")
    table.wait_for()
    assert table.bounding_box()["height"] > 40  # drawn, not hidden
    assert page.locator("h1").inner_text() == "Who reported first: Kursk"  # a <q>: quotes by CSS
    status, answer = get_json(samples_server + "/api/first?q=Kursk")
    assert status == 200
    rows = page.locator("table.first-table tbody tr")
    assert rows.count() == len(answer["reports"]) == 2
    for n, report in enumerate(answer["reports"]):
        assert rows.nth(n).locator("th").inner_text() == report["source"]
        cells = rows.nth(n).locator("td").all_inner_texts()
        assert cells[:4] == [report["lag"], report["at"], report["precision"], str(report["articles"])]
    assert "3 of 5 matching articles have no date" in page.locator("ul.notices").inner_text()
    page.screenshot(path=str(tmp_path / "first.png"), full_page=True)

    # A headline opens the article.
    rows.first.locator("a").click()
    page.wait_for_url(f"**/articles/{answer['reports'][0]['id']}")
