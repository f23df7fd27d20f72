"""The JSON API against its own OpenAPI document: generated requests, every response checked.

schemathesis reads /api/openapi.json from the app in-process and sends at least 300 generated
requests per operation (valid ones, invalid ones, and the spec's examples of risky inputs).
Every response must match the documented status codes, content type and body schema; no
request may cause a server error; and every request the spec calls valid must be answered
with success. The one check left out is "invalid data must be rejected": in a query string
an empty value means "not given" (what an HTML form sends for an untouched field), which no
JSON Schema type for an integer or a list can say.

The response schemas are derived from the dataclasses the answers are written from: every field
of every such class must be in its schema, and real answers of every kind must match their
schema while the same answers with a key too many or too few must not.
"""

import atexit
import inspect
import json
import shutil
import tempfile
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection

from corpus import samples_path
from indexer import Stats, reindex
from indexer.present import coverage, first, story, terms
from indexer.search import results
from indexer.watches import saved
from webapp import answers
from webapp.app import create_app
from webapp.watches.answers import Removed, WatchList

EXAMPLES_PER_OPERATION = 300


def _app_on_sample_index():
    # The schema is loaded when the module is imported (schemathesis parametrizes at collection),
    # so the index is built here rather than in a fixture.
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    reindex(folder / "index", [samples_path()])
    return create_app({"INDEX_DIR": str(folder / "index"), "TESTING": True, "WRITE_TOKEN": WRITE_TOKEN})


# Saving and removing searches need it: with it the generated writes reach the saved searches.
WRITE_TOKEN = "schema-test-token"
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _app_on_sample_index())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_response_matches_the_spec(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
                           excluded_checks=[negative_data_rejection])


# --- the document against the dataclasses it is derived from, and against real answers -------------

# Every class whose instances the API writes as JSON: the search service's results and the web
# layer's own answers. A dataclass added to either module is expected in the document too.
ANSWER_CLASSES = sorted(
    [cls for module in (results, answers) for _, cls in inspect.getmembers(module, is_dataclass)
     if cls.__module__ == module.__name__] + [Stats, coverage.Coverage, coverage.Bucket, coverage.Series,
                                                        coverage.Comparison, coverage.Period, coverage.Line,
                                                        terms.DistinctiveWords, terms.DistinctiveWord,
                                                        first.FirstReports, first.FirstReport,
                                                        story.Story, story.StoryCopy, story.Segment,
                                                        saved.WatchStatus, saved.Match, WatchList, Removed],
    key=lambda cls: cls.__name__,
)


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.mark.parametrize("cls", ANSWER_CLASSES, ids=lambda cls: cls.__name__)
def test_every_field_of_every_answer_class_is_in_its_schema(spec, cls):
    schema = spec["components"]["schemas"][cls.__name__]
    types = typing.get_type_hints(cls)
    for field in fields(cls):
        key = field.metadata.get("serialization_alias", field.name)
        if key in schema["properties"]:
            description = field.metadata.get("description")
            assert description is None or schema["properties"][key]["description"] == description
            keys = [key]
        else:  # a dataclass written flat (an article view's article) brings its own fields instead
            keys = [inner.name for inner in fields(types[field.name])]
        for key in keys:
            assert key in schema["properties"] and key in schema["required"], (cls.__name__, key)


def _first_hit(client, q):
    return client.get("/api/search", query_string={"q": q}).get_json()["hits"][0]["id"]


# (client fixture, operation, address): every kind of answer each operation gives.
ANSWERS = [
    ("client", "/api/search", "/api/search?q=Kursk"),
    ("client", "/api/search", "/api/search?q=Kursc"),  # no hit, a suggestion
    ("client", "/api/search", "/api/search?q=&per_page=2&page=2"),  # prev and next links
    ("varied_client", "/api/search", "/api/search?q=convoy+grain"),  # copies folded into hits
    ("client", "/api/search", "/api/search?per_page=0"),
    ("client", "/api/articles/{id}", "/api/articles/{Kursk}"),
    ("client", "/api/articles/{id}", "/api/articles/{Kursk}?q=Kursk"),  # a marked body
    ("varied_client", "/api/articles/{id}", "/api/articles/{source:Alpha}"),  # similar and copies
    ("client", "/api/articles/{id}", "/api/articles/no-such-id"),
    ("client", "/api/export", "/api/export?format=json&q=Kursk"),
    ("client", "/api/export", "/api/export?format=xml"),
    ("client", "/api/coverage", "/api/coverage?q=Kursk"),
    ("client", "/api/coverage", "/api/coverage?q=Kursk&interval=month&by=none"),
    ("client", "/api/coverage", "/api/coverage?q=Kursc"),  # nothing matches: no bucket
    ("client", "/api/coverage", "/api/coverage?interval=hour"),
    ("client", "/api/compare", "/api/compare?q=Kursk&q=Laos"),
    ("client", "/api/compare", "/api/compare?q=Kursc"),  # nothing matches: no period
    ("client", "/api/compare", "/api/compare?q=a&q=b&q=c&q=d&q=e&q=f"),
    ("story_client", "/api/terms", "/api/terms?q=volcano&top=5"),
    ("story_client", "/api/terms", "/api/terms?source=Alpha"),  # an outlet's own words
    ("client", "/api/terms", "/api/terms?q=Kursc"),  # nothing matches: no word, a notice
    ("client", "/api/terms", "/api/terms?top=0"),
    ("client", "/api/first", "/api/first?q=Kursk"),
    ("client", "/api/first", "/api/first?q=Kursc"),  # nothing matches: no row
    ("varied_client", "/api/first", "/api/first?story={source:Alpha}"),  # a story's copies
    ("client", "/api/first", "/api/first?story=no-such-id"),
    ("client", "/api/first", "/api/first?story=a&story=b"),
    ("wire_client", "/api/stories/{id}", "/api/stories/{source:Beta}"),  # copies with their changes
    ("wire_client", "/api/stories/{id}", "/api/stories/{source:Omega}"),  # a story of one
    ("client", "/api/stories/{id}", "/api/stories/no-such-id"),
    ("client", "/api/sources", "/api/sources"),
    ("client", "/api/stats", "/api/stats"),
    ("client", "/api/watches", "/api/watches"),
    ("client", "/api/watches/{name}", "/api/watches/no-such-name"),
    ("empty_client", "/api/stats", "/api/stats"),
    ("client", "/healthz", "/healthz"),
    ("empty_client", "/healthz", "/healthz"),
]


@pytest.mark.parametrize(("client_name", "operation", "address"), ANSWERS)
def test_real_answers_match_the_schema_and_nothing_else_would(request, spec, client_name, operation, address):
    client = request.getfixturevalue(client_name)
    if "{" in address:  # an article found by a search
        q = address[address.index("{") + 1 : address.index("}")]
        address = address.replace("{" + q + "}", _first_hit(client, q))
    response = client.get(address)
    documented = spec["paths"][operation]["get"]["responses"][str(response.status_code)]
    assert "application/json" in documented["content"]
    checked = schemathesis.openapi.from_dict(spec)[operation]["GET"]
    assert checked.is_valid_response(response)
    answer = response.get_json()
    # The same answer with one key too many, or one too few, is refused.
    response.set_data(json.dumps({**answer, "undeclared": 1}))
    assert not checked.is_valid_response(response)
    response.set_data(json.dumps(dict(list(answer.items())[1:])))
    assert not checked.is_valid_response(response)


def test_a_nested_value_of_the_wrong_kind_is_refused(spec, varied_client):
    response = varied_client.get("/api/search?q=convoy+grain")
    checked = schemathesis.openapi.from_dict(spec)["/api/search"]["GET"]
    answer = response.get_json()
    copy = next(hit for hit in answer["hits"] if hit["duplicates"])["duplicates"][0]
    for key, wrong in [("title", None), ("published", 2025), ("id", ["x"])]:
        original = copy[key]
        copy[key] = wrong
        response.set_data(json.dumps(answer))
        assert not checked.is_valid_response(response), key
        copy[key] = original
    response.set_data(json.dumps(answer))
    assert checked.is_valid_response(response)
