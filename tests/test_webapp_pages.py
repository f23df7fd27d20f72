"""The HTML pages through the Flask client, on a real index of the bundled samples."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from webapp import create_app
from webapp.pages import date_label, is_web_url, month_label, paragraphs


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert len(soup.select("#q")) <= 1
    for landmark in ("header", "main"):
        assert soup.find(landmark) is not None
    return soup


def params(href):
    return parse_qs(urlsplit(href).query)


def test_home_has_the_search_form_and_help(client):
    soup = page(client, "/")
    form = soup.select_one('form[role="search"][action="/search"]')
    box = form.select_one('input#q[name="q"][type="search"]')
    assert box is not None
    assert soup.select_one('label[for="q"]') is not None
    text = soup.get_text(" ")
    assert "Every word must match" in text and '"double quotes"' in text
    assert "5 articles from 5 outlets" in " ".join(text.split())


def test_results_page(client):
    soup = page(client, "/search?q=Kursk")
    assert soup.select_one("p.total strong").get_text() == "5"
    assert "ms" in soup.select_one("p.total").get_text()
    hits = soup.select("article.hit")
    assert len(hits) == 5
    for hit in hits:
        link = hit.select_one("a.hit-title")
        assert link["href"].startswith("/articles/") and link.get_text().strip()
        assert hit.select("p.passage mark")
        assert hit.select_one(".source").get_text()
        original = hit.select_one("a.original")
        assert original["href"].startswith("https://")
    assert soup.select_one("p.passage mark").get_text() == "Kursk"
    assert soup.find("aside") is not None
    assert soup.select_one("nav.sort a[aria-current]").get_text() == "Relevance"


def test_results_page_is_the_api_document(client):
    soup = page(client, "/search?q=Laos&sort=newest")
    doc = client.get("/api/search?q=Laos&sort=newest").get_json()
    # Each links its article with the search, whose words the article page marks.
    assert [a["href"] for a in soup.select("a.hit-title")] == [f"/articles/{h['id']}?q=Laos" for h in doc["hits"]]


def test_query_markup_is_shown_as_text(client):
    response = client.get("/search", query_string={"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#q")["value"] == '<script>alert("x")</script>'
    assert "<script>" in soup.find("h1").get_text()


def test_source_facets_keep_the_other_filters(client):
    soup = page(client, "/search?q=Laos&sort=newest&per_page=3&since=2020")
    links = {a.select_one(".value").get_text(): a for a in soup.select('nav[aria-labelledby="facet-source"] a')}
    assert "Dagens" not in links  # undated, so outside the date filter
    kontur = links["Kontur"]
    assert kontur.select_one(".count").get_text() == "1"
    query = params(kontur["href"])
    assert query["q"] == ["Laos"] and query["sort"] == ["newest"] and query["per_page"] == ["3"]
    assert query["since"] == ["2020-01-01"] and query["source"] == ["Kontur"]


def test_choosing_outlets_toggles_them(client):
    soup = page(client, "/search?q=Laos&source=Dagens")
    assert [h.select_one(".source").get_text() for h in soup.select("article.hit")] == ["Dagens"]
    links = {a.select_one(".value").get_text(): a for a in soup.select('nav[aria-labelledby="facet-source"] a')}
    assert links["Dagens"].get("aria-current") == "true"
    assert "source" not in params(links["Dagens"]["href"])  # choosing it again removes it
    assert params(links["Kontur"]["href"])["source"] == ["Dagens", "Kontur"]
    both = page(client, links["Kontur"]["href"])
    assert {h.select_one(".source").get_text() for h in both.select("article.hit")} == {"Dagens", "Kontur"}


def test_many_outlets_show_the_largest_as_links_and_the_rest_in_a_list(tmp_path):
    from synthetic import write_feed

    from indexer import reindex
    from webapp.links import SHOWN_SOURCES

    reindex(tmp_path / "index", [write_feed(tmp_path / "feed.jsonl", 60, "kestrel", outlets=SHOWN_SOURCES + 5)])
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    soup = page(client, "/search?q=kestrel&sort=newest")
    shown = [a.select_one(".value").get_text() for a in soup.select('nav[aria-labelledby="facet-source"] a')]
    form = soup.select_one("details.more-outlets form")
    listed = [option["value"] for option in form.select("select#more-source option")]
    assert len(shown) == SHOWN_SOURCES and len(listed) == 5 and listed == sorted(listed)
    assert set(shown) | set(listed) == {f"Outlet {n}" for n in range(SHOWN_SOURCES + 5)}
    kept = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert kept == {"q": "kestrel", "sort": "newest"}
    # An outlet added from the list is a link of its own, chosen, beside the largest.
    added = page(client, f"/search?q=kestrel&source={listed[0]}")
    chosen = added.select('nav[aria-labelledby="facet-source"] a[aria-current="true"]')
    assert [a.select_one(".value").get_text() for a in chosen] == [listed[0]]
    assert listed[0] not in [o["value"] for o in added.select("select#more-source option")]


def test_month_bar_narrows_to_the_month(client):
    soup = page(client, "/search?q=Laos")
    months = soup.select('nav[aria-labelledby="facet-month"] a')
    assert [m["aria-label"] for m in months] == ["July 2025: 2 articles"]
    # One period is said in words, not drawn as one full-height bar.
    assert not soup.select('nav[aria-labelledby="facet-month"] svg')
    assert "Every dated match is from July 2025 (2)." in soup.select_one("p.one-period").get_text()
    narrowed = page(client, months[0]["href"])
    assert narrowed.select_one("p.total strong").get_text() == "2"
    chosen = narrowed.select_one('nav[aria-labelledby="facet-month"] a')
    assert chosen.get("aria-current") == "true"
    assert "since" not in params(chosen["href"]) and params(chosen["href"])["q"] == ["Laos"]


def histogram_for(counts, **request):
    from indexer import FacetValue, SearchRequest, SearchResult
    from webapp.links import SearchLinks

    facets = {"published": [FacetValue(month, count) for month, count in counts.items()]}
    result = SearchResult("x", sum(counts.values()), 1, 10, 1.0, None, [], facets)
    return SearchLinks(SearchRequest(q="x", **request), result).histogram()


def test_histogram_shows_empty_months_as_gaps_and_scales_to_the_tallest(app):
    with app.test_request_context():
        bars = histogram_for({"2025-01": 4, "2025-04": 1, "2025-02": 2})
    assert [(b.label, b.count, b.height) for b in bars] == [
        ("January 2025", 4, 100), ("February 2025", 2, 50), ("March 2025", 0, 0), ("April 2025", 1, 25)]
    assert params(bars[1].href)["since"] == ["2025-02"] and params(bars[1].href)["until"] == ["2025-02"]


def test_histogram_of_many_years_draws_years(app):
    from datetime import date

    with app.test_request_context():
        bars = histogram_for({"2012-03": 1, "2019-12": 5, "2019-01": 5, "2020-06": 2},
                             since=date(2019, 1, 1), until=date(2019, 12, 31))
    assert [(b.label, b.count) for b in bars] == [
        ("2012", 1), ("2013", 0), ("2014", 0), ("2015", 0), ("2016", 0), ("2017", 0), ("2018", 0),
        ("2019", 10), ("2020", 2)]
    chosen = [b for b in bars if b.current]
    assert [b.label for b in chosen] == ["2019"] and "since" not in params(chosen[0].href)


def test_pagination_keeps_every_filter(client):
    seen = []
    url = "/search?q=Kursk&per_page=2&sort=oldest"
    for number in (1, 2, 3):
        soup = page(client, url)
        seen += [a["href"] for a in soup.select("a.hit-title")]
        nav = soup.select_one("nav.pagination")
        assert nav.select_one('[aria-current="page"]').get_text() == str(number)
        following = nav.select_one('a[rel="next"]')
        if number < 3:
            query = params(following["href"])
            assert query["q"] == ["Kursk"] and query["per_page"] == ["2"] and query["sort"] == ["oldest"]
            assert query["page"] == [str(number + 1)]
            url = following["href"]
        else:
            assert following is None
            assert params(nav.select_one('a[rel="prev"]')["href"])["page"] == ["2"]
    assert len(seen) == len(set(seen)) == 5


def test_pagination_keeps_several_outlets(client):
    soup = page(client, "/search?q=Laos&source=Dagens&source=Kontur&per_page=1")
    assert params(soup.select_one('nav.pagination a[rel="next"]')["href"])["source"] == ["Dagens", "Kontur"]


def test_a_page_past_the_end_offers_the_last_one(client):
    soup = page(client, "/search?q=Kursk&page=9")
    assert not soup.select("article.hit")
    last = params(soup.select_one("section.empty a")["href"])
    assert last["q"] == ["Kursk"] and last.get("page", ["1"]) == ["1"]


def test_did_you_mean(client):
    suggestion = client.get("/api/search?q=Thonglun").get_json()["suggestion"]
    assert suggestion
    soup = page(client, "/search?q=Thonglun&source=Dagens")
    link = soup.select_one("p.suggestion a")
    assert link.get_text() == suggestion
    assert params(link["href"]) == {"q": [suggestion], "source": ["Dagens"]}


def test_empty_state_says_what_to_try(client):
    soup = page(client, "/search?q=zzzzqq+Thonglon&source=Kontur")
    assert soup.select_one("p.total strong").get_text() == "0"
    assert not soup.select("article.hit")
    empty = soup.select_one("section.empty")
    assert "spelling" in empty.get_text()
    clear = [a for a in empty.select("a") if "source" not in params(a["href"])]
    assert clear and params(clear[-1]["href"])["q"] == ["zzzzqq Thonglon"]


def test_article_page(client):
    doc = client.get("/api/search?q=Thongloun&source=Dagens").get_json()
    hit = doc["hits"][0]
    soup = page(client, f"/articles/{hit['id']}")
    assert soup.find("h1").get_text() == hit["title"]
    body = soup.select_one("div.article-body")
    assert len(body.find_all("p")) > 5
    assert "Thongloun" in body.get_text()
    assert soup.select_one("a.original")["href"] == hit["url"]
    assert "Dagens" in soup.select_one("dl.meta").get_text()


@pytest.mark.parametrize("url", ["/articles/0000000000000000", "/articles/%3Cscript%3E", "/nothing/here"])
def test_not_found_is_an_html_page(client, url):
    soup = page(client, url, status=404)
    assert soup.find("h1").get_text() == "Not found"
    assert "<script>" not in str(soup.select_one("p.message"))


@pytest.mark.parametrize(
    "query, words",
    [
        ("q=Laos&per_page=abc", "per_page must be a whole number"),
        ("q=Laos&per_page=0", "per_page must be between"),
        ("q=Laos&page=-1", "page must be"),
        ("q=Laos&since=2025-13-45", "since must be a date like 2025-07-17"),
        ("q=Laos&sort=best", "sort must be one of"),
        ("q=Laos&q=Russia", "only once"),
    ],
)
def test_bad_parameters_show_a_400_page(client, query, words):
    soup = page(client, "/search?" + query, status=400)
    assert words in soup.select_one("p.message").get_text()
    assert soup.select_one("#q")["value"] == "Laos"


def test_no_index_pages_say_what_to_run(empty_client):
    home = page(empty_client, "/")
    assert "newsdesk reindex" in home.select_one(".notice").get_text()
    assert home.select_one('form[role="search"]') is not None
    for url in ("/search?q=Laos", "/articles/x"):
        soup = page(empty_client, url, status=503)
        assert "newsdesk reindex" in soup.select_one("main").get_text()
        assert soup.select_one("code") is not None


def test_unexpected_errors_are_a_500_page(sample_index, caplog):
    app = create_app({"TESTING": True, "INDEX_DIR": str(sample_index)})

    def boom():
        raise RuntimeError("secret detail")

    app.add_url_rule("/boom", "boom", boom)
    with caplog.at_level(logging.ERROR, logger="webapp.errors"):
        soup = page(app.test_client(), "/boom", status=500)
    assert "secret" not in str(soup)
    assert "secret detail" in caplog.text


def test_stylesheet_is_local_with_dark_mode(client):
    soup = page(client, "/")
    sheet = soup.select_one('link[rel="stylesheet"]')["href"]
    assert sheet.startswith("/static/")
    response = client.get(sheet)
    assert response.status_code == 200
    css = response.get_data(as_text=True)
    response.close()
    assert "prefers-color-scheme: dark" in css and "http" not in css
    # The one script is a local enhancement; the page is complete without it.
    assert [s["src"] for s in soup.find_all("script")] == ["/static/newsdesk.js"]


def test_only_web_addresses_become_links():
    assert is_web_url("https://example.com/a") and is_web_url("HTTP://example.com")
    for value in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//example.com", "", None, "http://"):
        assert not is_web_url(value)


def test_labels():
    assert date_label("2025-07-17") == "17 July 2025"
    assert date_label("2025-07-17T14:05:00") == "17 July 2025, 14:05"
    assert date_label("not a date") == "not a date" and date_label(None) == ""
    assert month_label("2025-07") == "July 2025" and month_label("2025-13") == "2025-13"
    assert paragraphs("One\nline.\n\n\n  Two.  \n \nThree") == ["One line.", "Two.", "Three"]


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=%22", "q=title:Laos", "q=Laos*", "q=NOT", "q=(((", "q=%ff%fe", "source=%00", "page=99999",
     "per_page=100&page=100", "since=9999-12-31", "q=" + "Laos+" * 150],
)
def test_odd_queries_never_produce_a_500_page(client, query):
    response = client.get("/search?" + query)
    assert response.status_code in (200, 400)
    assert response.mimetype == "text/html"


def test_results_page_shows_notices_and_marked_titles(client):
    soup = page(client, '/search?q=%22Marxist+ideology')
    assert "closing quote" in soup.select_one(".notices").get_text()
    title = page(client, "/search?q=Laos+Thongloun").select_one(".hit-title")
    assert [m.get_text() for m in title.find_all("mark")] == ["Laos"]


def test_results_page_lists_copies_with_a_switch_to_show_them(varied_client):
    soup = page(varied_client, "/search?q=convoy+grain&per_page=4")  # the four complete matches
    copies = soup.select_one(".hit details.copies")
    assert copies is not None and len(copies.select("a[href^='/articles/']")) == 2
    assert copies.summary.get_text().startswith("2 similar stories")
    show = copies.find("a", string="Show every copy as its own result")
    assert params(show["href"])["duplicates"] == ["show"]
    soup = page(varied_client, show["href"])
    assert len(soup.select("ol.hits > li")) == 4 and soup.select(".hit .copies") == []


def test_recency_switch_keeps_the_query(client):
    soup = page(client, "/search?q=Kursk")
    switch = soup.find("a", string="Prefer recent")
    assert params(switch["href"]) == {"q": ["Kursk"], "recency": ["1"]}
    assert page(client, switch["href"]).find("a", string="Prefer recent")["aria-pressed"] == "true"


def test_article_page_lists_similar_articles_and_copies(varied_client):
    hit = varied_client.get("/api/search?q=source:Alpha").get_json()["hits"][0]
    soup = page(varied_client, f"/articles/{hit['id']}")
    assert {a.get_text() for a in soup.select("section.copies li a")} == {"Grain convoy crosses", "Trucks cross at dawn"}
    assert soup.select("section.similar li a")


def test_help_documents_the_query_language(client):
    text = " ".join(page(client, "/").get_text(" ").split())
    for example in ("Laos OR Vietnam", "Kursk -Laos", "demin*", "Thonglun~", "title:Laos", "since:2025-07"):
        assert example in text


@pytest.mark.parametrize("path", ["/", "/search?q=Kursk", "/help"])
def test_search_tips_are_one_click_from_every_search_box(client, path):
    tips = page(client, path).select_one("form[role=search] a.tips")
    assert tips["href"] == "/help"
    help_page = page(client, tips["href"])
    assert help_page.find("h1").get_text() == "Search tips"
    terms = " ".join(k.get_text() for k in help_page.select("dt"))
    for operator in ("OR", "-Laos", "demin*", "Thonglun~", "title:", "source:", "since:", '"'):
        assert operator in terms


def test_results_page_offers_the_export_of_this_very_search(client):
    soup = page(client, "/search?q=Kursk&source=Dagens&sort=newest&page=1")
    links = {a.get_text(): a["href"] for a in soup.select(".export a")}
    assert set(links) == {"CSV", "JSON"}
    assert params(links["CSV"]) == {"q": ["Kursk"], "source": ["Dagens"], "sort": ["newest"], "format": ["csv"]}
    exported = client.get(links["JSON"]).get_json()
    assert exported["total"] == 1 and exported["articles"][0]["source"] == "Dagens"
