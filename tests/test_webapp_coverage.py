"""Coverage over time through its three faces on the samples: /api/coverage, the chart and its
table on the search page, and `newsdesk coverage`; all from the one service method. Compare
likewise: /api/compare (JSON and CSV), the /compare page and `newsdesk compare`."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from webapp.chart import OTHERS_COLOUR, chart_of, outlet_colour, period_label
from webapp.cli import cli


@pytest.fixture
def newsdesk_run(runner, sample_index):
    """`newsdesk --index SAMPLES ...` in-process, its exit code checked."""

    def run(*args, code=0):
        result = runner.invoke(cli, ["--index", str(sample_index), *args], prog_name="newsdesk")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return run


def test_the_api_counts_matches_per_period_with_the_undated_said(client):
    answer = client.get("/api/coverage?q=Kursk&interval=day").get_json()
    assert (answer["interval"], answer["by"], answer["matching"], answer["undated"]) == ("day", "source", 5, 3)
    assert [(b["start"], b["matching"], b["total"], b["ratio"]) for b in answer["buckets"]] == [
        ("2025-07-17", 1, 1, 1.0), ("2025-07-18", 1, 1, 1.0)]
    assert {s["name"]: s["counts"] for s in answer["series"]}["Kontur"] == [1, 0]
    assert sum(s["matching"] for s in answer["series"]) == 5


def test_the_api_refuses_what_it_cannot_count(client):
    for address, message in [("/api/coverage?interval=hour", "interval must be one of day, week, month, year"),
                             ("/api/coverage?by=author", "by must be one of source, none"),
                             ("/api/coverage?top=99", "top must be a whole number from 1 to 20"),
                             ("/api/coverage?per_page=0", "per_page must be between 1 and 100")]:
        response = client.get(address)
        assert response.status_code == 400
        assert response.get_json()["error"] == {"code": "bad_parameter", "message": message}


def test_the_page_draws_the_chart_and_the_table_the_api_counts(client):
    answer = client.get("/api/coverage?q=Kursk").get_json()
    soup = BeautifulSoup(client.get("/search?q=Kursk").get_data(as_text=True), "html.parser")
    section = soup.select_one("section.coverage")
    assert section.select_one("svg.coverage-chart[role=img]") is not None
    assert section.select_one("figcaption").get_text() .endswith("3 of 5 have no date and are not drawn.")
    rows = section.select("details.coverage-table tbody tr")
    assert [row["data-start"] for row in rows] == [b["start"] for b in answer["buckets"]]
    header = [th.get_text() for th in section.select("thead th")]
    names = [s["name"] for s in answer["series"]]
    assert header == ["Period", "Matching", "Indexed", "Share", *names]
    for row, bucket in zip(rows, answer["buckets"]):
        cells = [td.get_text() for td in row.select("td")]
        assert cells[:2] == [str(bucket["matching"]), str(bucket["total"])]
        at = answer["buckets"].index(bucket)
        assert cells[3:] == [str(s["counts"][at]) for s in answer["series"]]
    undated = [td.get_text() for td in section.select("tfoot td")]
    assert undated[0] == "3"
    # Each bar narrows the search to its period.
    links = [a["href"] for a in section.select("svg a.period")]
    assert links == ["/search?q=Kursk&since=2025-07-17&until=2025-07-17",
                     "/search?q=Kursk&since=2025-07-18&until=2025-07-18"]


def test_an_outlet_has_one_colour_in_the_chart_and_its_legend(client):
    soup = BeautifulSoup(client.get("/search?q=Kursk").get_data(as_text=True), "html.parser")
    legend = {li.select_one(".name").get_text(): li.select_one("rect")["fill"] for li in soup.select(".legend li")}
    assert legend["Kontur"] == outlet_colour("Kontur") != outlet_colour("Dagens")
    kontur_bars = soup.select_one('svg.coverage-chart path.series[data-name="Kontur"]')
    assert kontur_bars["fill"] == legend["Kontur"] and kontur_bars["d"].count("z") == 1
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in legend.values())


def test_outlet_colours_are_stable_and_stand_out_on_light_and_dark_pages():
    assert outlet_colour("Kontur") == outlet_colour("Kontur")
    for name in ["Kontur", "Dagens", "CNN (Web News)", "Fox News", "Washington Times", "x" * 200]:
        colour = outlet_colour(name)
        assert _contrast(colour, "#fdfdfb") >= 3 and _contrast(colour, "#15171a") >= 3, (name, colour)
    assert OTHERS_COLOUR not in {outlet_colour(str(n)) for n in range(50)}


def _contrast(one, other):
    def luminance(colour):
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_search_with_no_dated_match_draws_no_chart(client):
    page = client.get("/search?q=Kursk&source=Dagens").get_data(as_text=True)
    assert "coverage-chart" not in page
    assert chart_of(type("C", (), {"buckets": []})()) is None


def test_interval_links_switch_the_count(client):
    soup = BeautifulSoup(client.get("/search?q=Kursk&interval=month").get_data(as_text=True), "html.parser")
    current = soup.select_one('nav.intervals a[aria-current="true"]')
    assert current.get_text() == "month"
    assert [row.select_one("th").get_text() for row in soup.select("details.coverage-table tbody tr")] == ["July 2025"]
    assert client.get("/search?q=Kursk&interval=hour").status_code == 400


def test_period_labels_read_as_a_person_reads_them():
    assert period_label("day", "2025-07-17") == "17 Jul 2025"
    assert period_label("week", "2025-07-14") == "week of 14 Jul 2025"
    assert period_label("month", "2025-07-01") == "July 2025"
    assert period_label("year", "2025-01-01") == "2025"


def test_the_cli_prints_the_table_and_the_apis_json(newsdesk_run, client):
    table = newsdesk_run("coverage", "Kursk", "--by", "source", "--interval", "week").stdout.splitlines()
    assert table[0].split()[:4] == ["period", "matching", "indexed", "share"]
    assert table[1].split()[:5] == ["week", "2025-07-14", "2", "2", "100.0%"]
    assert table[2].split()[:3] == ["no", "date", "3"]
    assert table[-1] == "5 articles match, 3 of them without a date; counted by week."
    printed = json.loads(newsdesk_run("coverage", "Kursk", "--interval", "week", "--json").stdout)
    assert printed == client.get("/api/coverage?q=Kursk&interval=week").get_json()
    failed = newsdesk_run("coverage", "Kursk", "--interval", "hour", code=1)
    assert failed.stderr.strip() == "Error: interval must be one of day, week, month, year"


def test_compare_counts_each_query_on_one_timeline(client):
    answer = client.get("/api/compare?q=Kursk&q=source:Kontur&interval=day").get_json()
    assert [(p["start"], p["total"]) for p in answer["periods"]] == [("2025-07-17", 1), ("2025-07-18", 1)]
    assert [(line["query"], line["matching"], line["undated"], line["counts"]) for line in answer["lines"]] == [
        ("Kursk", 5, 3, [1, 1]), ("source:Kontur", 1, 0, [1, 0])]
    assert answer["lines"][1]["ratios"] == [1.0, 0.0]


def test_compare_takes_one_to_five_queries(client):
    six = client.get("/api/compare?" + "&".join(f"q=w{n}" for n in range(6)))
    assert six.status_code == 400
    assert six.get_json()["error"]["message"] == "compare takes at most 5 queries; 6 were given"
    assert client.get("/api/compare").status_code == 400
    assert client.get("/api/compare?" + "&".join(f"q=w{n}" for n in range(5))).status_code == 200


def test_compare_exports_csv(client):
    response = client.get("/api/compare?q=Kursk&q=source:Kontur&interval=day&format=csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).splitlines() == [
        "start,end,total,Kursk count,Kursk ratio,source:Kontur count,source:Kontur ratio",
        "2025-07-17,2025-07-17,1,1,1.0,1,1.0",
        "2025-07-18,2025-07-18,1,1,1.0,0,0.0",
    ]


def test_the_compare_page_draws_a_line_per_query_and_the_table(client):
    soup = BeautifulSoup(client.get("/compare?q=Kursk&q=source:Kontur&q=").get_data(as_text=True), "html.parser")
    traces = soup.select("svg.compare-chart polyline.trace")
    assert [t.select_one("title").get_text() for t in traces] == ["Kursk", "source:Kontur"]
    assert traces[0]["stroke"] == outlet_colour("Kursk")
    rows = soup.select("table.compare-table tbody tr")
    assert [[td.get_text() for td in row.select("td")] for row in rows] == [
        ["1", "1 (100.0%)", "1 (100.0%)"], ["1", "1 (100.0%)", "0 (0.0%)"]]
    assert [a.get_text() for a in soup.select("p.export a")] == ["CSV", "JSON"]
    empty = BeautifulSoup(client.get("/compare").get_data(as_text=True), "html.parser")
    assert len(empty.select('form.compare input[name="q"]')) == 5 and not empty.select("svg.compare-chart")


def test_the_cli_compares_as_the_api_does(newsdesk_run, client):
    table = newsdesk_run("compare", "Kursk", "source:Kontur", "--interval", "week").stdout.splitlines()
    assert table[0].split() == ["period", "indexed", "Kursk", "source:Kontur"]
    assert table[1].split() == ["2025-07-14", "2", "2", "(100.0%)", "1", "(50.0%)"]
    printed = json.loads(newsdesk_run("compare", "Kursk", "source:Kontur", "--json").stdout)
    assert printed == client.get("/api/compare?q=Kursk&q=source:Kontur").get_json()
    failed = newsdesk_run("compare", *"abcdef", code=1)
    assert failed.stderr.strip() == "Error: compare takes at most 5 queries; 6 were given"
