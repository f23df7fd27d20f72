"""Coverage over time in a real Chromium against the real server on the bundled samples: the
chart is drawn and labelled, and the table behind it holds what /api/coverage answers."""

import pytest
from live_server import get_json

pytestmark = pytest.mark.browser


def test_the_chart_is_drawn_labelled_and_its_table_matches_the_api(samples_server, desktop_page, tmp_path):
    page = desktop_page
    page.goto(samples_server + "/search?q=Kursk")
    chart = page.locator("svg.coverage-chart")
    chart.wait_for()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 80  # drawn, not collapsed
    assert page.locator("#coverage-title").inner_text() == "Coverage over time"
    assert page.locator("svg.coverage-chart text.tick").all_text_contents() == ["17 Jul 2025", "18 Jul 2025"]
    caption = page.locator("#coverage-caption").inner_text()
    assert "3 of 5 have no date" in caption
    legend = page.locator(".coverage .legend li .name").all_inner_texts()
    # One path of bars per outlet with a dated match (the others' matches have no date).
    bars = page.locator("svg.coverage-chart path.series")
    assert bars.count() == 2 and bars.first.bounding_box()["height"] > 50
    assert {bars.nth(n).get_attribute("data-name") for n in range(2)} < set(legend)

    status, answer = get_json(samples_server + "/api/coverage?q=Kursk")
    assert status == 200
    assert legend == [s["name"] for s in answer["series"]]
    page.locator("details.coverage-table summary").click()
    rows = page.locator("details.coverage-table tbody tr")
    assert rows.count() == len(answer["buckets"])
    for n, bucket in enumerate(answer["buckets"]):
        cells = rows.nth(n).locator("td").all_inner_texts()
        assert cells[:2] == [str(bucket["matching"]), str(bucket["total"])]
        assert cells[3:] == [str(s["counts"][n]) for s in answer["series"]]
    page.screenshot(path=str(tmp_path / "coverage.png"), full_page=True)

    # A bar narrows the search to its day.
    page.locator("svg.coverage-chart a.period").first.click()
    page.wait_for_url("**since=2025-07-17*")
    assert page.locator("article.hit").count() == 1


def test_the_compare_page_shows_two_series_and_their_table(samples_server, desktop_page):
    page = desktop_page
    page.goto(samples_server + "/compare")
    page.fill("#q0", "Kursk")
    page.fill("#q1", "source:Kontur")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare?*")
    traces = page.locator("svg.compare-chart polyline.trace")
    traces.first.wait_for(state="attached")  # a flat line has no height, so never "visible"
    assert traces.count() == 2
    assert page.locator(".legend li .name").all_inner_texts() == ["Kursk", "source:Kontur"]
    status, answer = get_json(samples_server + "/api/compare?q=Kursk&q=source:Kontur")
    rows = page.locator("table.compare-table tbody tr")
    assert status == 200 and rows.count() == len(answer["periods"])
    for n in range(rows.count()):
        cells = rows.nth(n).locator("td").all_inner_texts()
        assert [cell.split()[0] for cell in cells[1:]] == [str(line["counts"][n]) for line in answer["lines"]]
