"""The JSON API through the Flask client, on a real index of the bundled samples."""

import csv
import html
import io
import json
import logging

import pytest
from bs4 import BeautifulSoup

from indexer import MAX_PAGE, MAX_PER_PAGE, SORTS, SearchRequest, SearchService
from webapp import create_app

HIT_KEYS = {"id", "title", "url", "source", "published", "author", "score", "highlights", "title_highlight",
            "duplicates"}
RESULT_KEYS = {"query", "total", "page", "per_page", "took_ms", "suggestion", "hits", "facets", "notices", "links",
               "shards"}


def assert_error(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body["error"]["message"]


def test_search_document_shape(client):
    response = client.get("/api/search?q=Kursk")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    doc = response.get_json()
    assert set(doc) == RESULT_KEYS
    assert (doc["query"], doc["total"], doc["page"], doc["per_page"]) == ("Kursk", 5, 1, 10)
    assert len(doc["hits"]) == 5
    for hit in doc["hits"]:
        assert set(hit) == HIT_KEYS
        assert any("<mark>Kursk</mark>" in passage for passage in hit["highlights"])
    assert set(doc["facets"]) == {"source", "published", "language"}
    assert all(set(f) == {"value", "count"} for f in doc["facets"]["source"])
    assert sum(f["count"] for f in doc["facets"]["source"]) == 5
    assert doc["suggestion"] is None and doc["took_ms"] >= 0


def test_search_answers_exactly_the_service_document(client, sample_index):
    api = client.get("/api/search?q=Laos&sort=newest&per_page=2&page=2").get_json()
    direct = SearchService(sample_index).search(SearchRequest(q="Laos", sort="newest", per_page=2, page=2))
    expected = json.loads(json.dumps(direct.to_dict()))
    api.pop("took_ms"), expected.pop("took_ms")
    links = api.pop("links")
    assert api == expected
    assert links == {
        "self": "/api/search?q=Laos&sort=newest&per_page=2&page=2",
        "first": "/api/search?q=Laos&sort=newest&per_page=2",
        "prev": "/api/search?q=Laos&sort=newest&per_page=2",
        "next": "/api/search?q=Laos&sort=newest&per_page=2&page=3",
        "last": "/api/search?q=Laos&sort=newest&per_page=2&page=3",
    }


def test_following_next_links_visits_every_hit_once(client):
    seen, url = [], "/api/search?q=Kursk&per_page=2&source=Dagens&source=Kontur&source=TFI+Global+News"
    while url:
        doc = client.get(url).get_json()
        seen += [hit["id"] for hit in doc["hits"]]
        assert doc["links"]["prev"] is None if doc["page"] == 1 else doc["links"]["prev"]
        url = doc["links"]["next"]
    assert len(seen) == len(set(seen)) == doc["total"]


@pytest.mark.parametrize("q", ['"Ads by MGDK"', "captcha"])
def test_boilerplate_finds_nothing(client, q):
    doc = client.get("/api/search", query_string={"q": q}).get_json()
    assert doc["total"] == 0 and doc["hits"] == []


def test_source_filter_and_highlight(client):
    doc = client.get("/api/search?q=Thongloun&source=Dagens").get_json()
    assert doc["total"] == 1
    assert any("<mark>Thongloun</mark>" in p for p in doc["hits"][0]["highlights"])
    assert doc["hits"][0]["source"] == "Dagens"


def test_source_may_repeat(client):
    doc = client.get("/api/search?q=Laos&source=Dagens&source=Kontur").get_json()
    assert {hit["source"] for hit in doc["hits"]} == {"Dagens", "Kontur"}


def test_per_page_zero_is_a_bad_parameter(client):
    message = assert_error(client.get("/api/search?q=Laos&per_page=0"), 400, "bad_parameter")
    assert "per_page" in message


@pytest.mark.parametrize(
    "query",
    [
        "per_page=abc",
        f"per_page={MAX_PER_PAGE + 1}",
        "per_page=99999999999999999999",
        "per_page=-5",
        "page=-1",
        "page=0",
        "page=1.5",
        f"page={MAX_PAGE + 1}",
        "since=2025-13-45",
        "since=yesterday",
        "until=2025-02-32",
        "sort=NEWEST",
        "sort=best",
        "q=a&q=b",
        "page=1&page=2",
        "q=" + "x" * 10_001,
    ],
)
def test_bad_parameters_get_400_in_the_error_shape(client, query):
    assert_error(client.get("/api/search?" + query), 400, "bad_parameter")


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=Laos%00Russia",
        "source=%00",
        "q=%22",
        "q=title:Laos",
        "q=Laos*",
        "q=*",
        "q=?",
        "q=AND",
        "q=NOT+OR+AND",
        "q=(((",
        "q=[a+TO+z]",
        "q=Laos^2",
        "q=e-mail",
        "q=%ff%fe",
        "q=%E2%80%99",
        "q=" + "Laos+" * 150,
        "since=0000",
        "since=9999-12-31",
        "per_page=+5",
        "sort=NEWEST",
        "source=&source=",
        "unknown=1",
    ],
)
def test_odd_inputs_never_produce_a_500(client, query):
    response = client.get("/api/search?" + query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert_error(response, 400, "bad_parameter")
    else:
        assert set(response.get_json()) == RESULT_KEYS


def first_hit(client, q="Thongloun"):
    return client.get("/api/search", query_string={"q": q}).get_json()["hits"][0]


def test_article(client):
    hit = first_hit(client)
    response = client.get(f"/api/articles/{hit['id']}")
    assert response.status_code == 200
    article = response.get_json()
    assert set(article) >= {"id", "title", "body", "url", "source", "published", "author", "language"}
    assert (article["id"], article["title"], article["source"]) == (hit["id"], hit["title"], hit["source"])
    assert "Thongloun" in article["body"]


@pytest.mark.parametrize("article_id", ["0000000000000000", "nope", "%00", "a%20b"])
def test_unknown_article_is_404_in_the_error_shape(client, article_id):
    assert_error(client.get(f"/api/articles/{article_id}"), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/nothing", "/api/", "/api", "/api/articles/", "/api/articles/a/b"])
def test_unknown_api_route_is_404_in_the_error_shape(client, path):
    assert_error(client.get(path), 404, "not_found")


def test_wrong_method_is_405_in_the_error_shape(client):
    response = client.post("/api/search?q=Laos")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_stats(client):
    stats = client.get("/api/stats").get_json()
    assert set(stats) == {"articles", "sources", "first_published", "last_published", "index_bytes",
                          "index_path", "last_reindex", "outdated"}
    assert stats["articles"] == 5 and stats["sources"] == 5 and stats["index_bytes"] > 0


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_no_index_healthz_is_503_with_the_reason(empty_client):
    response = empty_client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert "newsdesk reindex" in body["reason"]


@pytest.mark.parametrize("path", ["/api/search?q=Laos", "/api/stats", "/api/articles/x"])
def test_no_index_api_is_503_index_missing(empty_client, path):
    message = assert_error(empty_client.get(path), 503, "index_missing")
    assert "newsdesk reindex" in message


def test_openapi_document_is_served_without_an_index(empty_client):
    assert empty_client.get("/api/openapi.json").status_code == 200


def test_unexpected_errors_are_500_internal_without_a_traceback(sample_index, caplog):
    app = create_app({"TESTING": True, "INDEX_DIR": str(sample_index)})

    def boom():
        raise RuntimeError("secret detail")

    app.add_url_rule("/api/boom", "boom", boom)
    with caplog.at_level(logging.ERROR, logger="webapp.errors"):
        response = app.test_client().get("/api/boom")
    message = assert_error(response, 500, "internal")
    assert "secret detail" not in response.get_data(as_text=True) and "secret" not in message
    assert "secret detail" in caplog.text  # logged for the operator


class TestOpenAPI:
    @pytest.fixture
    def spec(self, client):
        response = client.get("/api/openapi.json")
        assert response.status_code == 200
        return json.loads(response.get_data(as_text=True))

    def test_names_every_path(self, spec):
        assert spec["openapi"].startswith("3.")
        assert set(spec["paths"]) == {
            "/api/terms",
            "/api/search", "/api/export", "/api/coverage", "/api/compare", "/api/sources", "/api/articles/{id}",
            "/api/stats", "/api/openapi.json", "/healthz",
            "/api/first",
            "/api/stories/{id}",
            "/api/watches", "/api/watches/{name}", "/feeds/{name}.atom",
        }

    def test_search_parameters_carry_the_indexer_limits(self, spec):
        params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
        assert set(params) == {"q", "source", "lang", "since", "until", "sort", "page", "per_page", "recency",
                               "duplicates"}
        assert params["per_page"]["schema"]["maximum"] == MAX_PER_PAGE
        assert params["per_page"]["schema"]["minimum"] == 1
        assert params["page"]["schema"]["minimum"] == 1
        assert str(MAX_PAGE) in params["page"]["description"]
        assert params["sort"]["schema"]["enum"] == ["", *SORTS]
        assert params["source"]["schema"]["type"] == params["lang"]["schema"]["type"] == "array"

    def test_risky_queries_are_examples(self, spec):
        params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
        examples = [e["value"] for e in params["q"]["examples"].values()]
        assert any('"' in e for e in examples)
        assert any(":" in e for e in examples)
        assert any("*" in e for e in examples)
        assert any(all(op in e for op in ("AND", "OR", "NOT")) for e in examples)

    def test_errors_are_described_with_the_error_schema(self, spec):
        error = spec["components"]["schemas"]["Error"]
        assert error["required"] == ["error"]
        assert error["properties"]["error"] == {"$ref": "#/components/schemas/ErrorDetail"}
        assert spec["components"]["schemas"]["ErrorDetail"]["required"] == ["code", "message"]
        search = spec["paths"]["/api/search"]["get"]["responses"]
        article = spec["paths"]["/api/articles/{id}"]["get"]["responses"]
        for response in (search["400"], search["503"], article["404"]):
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}

    def test_every_reference_resolves(self, spec):
        refs = []

        def walk(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    refs.append(node["$ref"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(spec)
        assert refs
        for ref in refs:
            assert ref.startswith("#/components/schemas/")
            assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"]

    def test_search_document_has_every_required_field(self, spec, client):
        schemas = spec["components"]["schemas"]
        doc = client.get("/api/search?q=Kursk").get_json()
        assert set(schemas["SearchResult"]["required"]) == set(doc)
        assert set(schemas["Hit"]["required"]) == set(doc["hits"][0])
        article = client.get(f"/api/articles/{doc['hits'][0]['id']}").get_json()
        assert set(schemas["ArticleView"]["required"]) == set(article)
        assert set(schemas["Stats"]["required"]) == set(client.get("/api/stats").get_json())


# --- query language, notices, copies, similar articles ---------------------------------------------


@pytest.mark.parametrize("query", ["recency=maybe", "duplicates=hide", "recency=1&recency=0"])
def test_new_parameters_are_validated(client, query):
    assert_error(client.get("/api/search?q=Laos&" + query), 400, "bad_parameter")


def test_notices_say_what_was_simplified(client):
    doc = client.get("/api/search", query_string={"q": '"Marxist ideology'}).get_json()
    assert doc["total"] == 1
    assert any("closing quote" in n for n in doc["notices"])
    assert client.get("/api/search?q=Kursk").get_json()["notices"] == []


def test_copies_fold_unless_asked_to_show_them(varied_client):
    # A page of four: the four articles with both words fill it (no any-word fill).
    folded = varied_client.get("/api/search?q=convoy+grain&per_page=4").get_json()
    shown = varied_client.get("/api/search?q=convoy+grain&duplicates=show&per_page=4").get_json()
    assert len(shown["hits"]) == 4 and all(h["duplicates"] == [] for h in shown["hits"])
    assert len(folded["hits"]) == 2
    copies = next(h["duplicates"] for h in folded["hits"] if h["duplicates"])
    assert all(set(c) == {"id", "source", "title", "published"} for c in copies) and len(copies) == 2


def test_article_document_has_similar_articles_and_copies(varied_client):
    hit = varied_client.get("/api/search?q=source:Alpha").get_json()["hits"][0]
    article = varied_client.get(f"/api/articles/{hit['id']}").get_json()
    assert {c["source"] for c in article["duplicates"]} == {"Beta", "Gamma"}
    assert article["similar"] and all(set(s) == {"id", "title", "source", "published", "score"}
                                      for s in article["similar"])


def test_openapi_lists_risky_query_examples(client):
    spec = client.get("/api/openapi.json").get_json()
    q = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "q")
    values = {e["value"] for e in q["examples"].values()}
    assert {"*", "*aos", "title:", "Kursk -Laos", "((((((((((Laos))))))))))", "Kursk date:soon"} <= values
    for value in values:
        response = client.get("/api/search", query_string={"q": value})
        assert response.status_code == 200, value


def test_an_inverted_date_range_answers_nothing_with_a_notice(client):
    found = client.get("/api/search?q=Kursk&since=2025-08&until=2025-07").get_json()
    assert found["total"] == 0 and found["hits"] == []
    assert any("no days between" in notice for notice in found["notices"])


def test_article_with_a_query_marks_its_words_and_phrases_but_not_excluded_ones(client):
    first = client.get("/api/search?q=Kursk").get_json()["hits"][0]["id"]
    plain = client.get(f"/api/articles/{first}").get_json()
    assert plain["body_highlight"] is None
    marked = client.get(f"/api/articles/{first}", query_string={"q": 'Kursk -Laos "no such phrase"'}).get_json()
    text = marked["body_highlight"]
    assert "<mark>Kursk</mark>" in text and "Laos</mark>" not in text
    assert text.count("\n\n") == plain["body"].count("\n\n")  # paragraphs kept
    unmarked = text.replace("<mark>", "").replace("</mark>", "")
    assert " ".join(unmarked.split()) == " ".join(html.escape(plain["body"], quote=True).split())
    nothing = client.get(f"/api/articles/{first}?q=zzzzqqq").get_json()
    assert nothing["body_highlight"] is None


def test_article_page_marks_the_search_it_came_from(client):
    first = client.get("/api/search?q=Kursk").get_json()["hits"][0]["id"]
    soup = BeautifulSoup(client.get(f"/articles/{first}?q=kursk").get_data(as_text=True), "html.parser")
    marks = soup.select(".article-body p mark")
    assert marks and {m.get_text() for m in marks} == {"Kursk"}
    assert len(soup.select(".article-body p")) > 1


def test_export_csv_has_every_match_in_the_search_order(client):
    response = client.get("/api/export?q=Kursk&sort=oldest&per_page=1&page=3")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="newsdesk-export.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    search = client.get("/api/search?q=Kursk&sort=oldest&per_page=100").get_json()
    assert [r["id"] for r in rows] == [h["id"] for h in search["hits"]]  # page/per_page ignored
    assert list(rows[0]) == ["id", "title", "source", "published", "author", "url", "score"]
    assert rows[0]["title"] == search["hits"][0]["title"]


def test_export_json_and_filters(client):
    doc = client.get("/api/export?q=Kursk&format=json&source=Dagens&source=Kontur").get_json()
    assert (doc["total"], doc["exported"]) == (2, 2)
    assert {a["source"] for a in doc["articles"]} == {"Dagens", "Kontur"}
    assert set(doc["articles"][0]) == {"id", "title", "source", "published", "author", "url", "score"}


def test_export_bad_format_or_parameter_is_a_400(client):
    assert_error(client.get("/api/export?format=xlsx"), 400, "bad_parameter")
    assert_error(client.get("/api/export?sort=best"), 400, "bad_parameter")


def test_export_csv_neutralises_formulas_in_scraped_text():
    from indexer import ExportRow, SearchExport
    from webapp.export import export_csv

    row = ExportRow("x", "=HYPERLINK(\"http://evil\")", "+Outlet", None, "@me", "-1", 1.0)
    text = export_csv(SearchExport("q", 1, [row]))
    parsed = list(csv.reader(io.StringIO(text)))[1]
    assert parsed[1:6] == ["'=HYPERLINK(\"http://evil\")", "'+Outlet", "", "'@me", "'-1"]


def test_sources_lists_every_outlet_with_counts(client):
    sources = client.get("/api/sources").get_json()["sources"]
    assert len(sources) == 5 and all(s["count"] == 1 for s in sources)
    stats = client.get("/api/stats").get_json()
    assert len(sources) == stats["sources"]
