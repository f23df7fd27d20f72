"""Search request parsing and validation, shared by the API and the CLI."""

from datetime import date

import pytest

from indexer import BadRequest, SearchRequest


def test_defaults():
    request = SearchRequest.from_params({})
    assert request == SearchRequest(q="", sources=(), sort="relevance", page=1, per_page=10)


def test_sources_repeat_and_duplicates_collapse():
    request = SearchRequest.from_params({"source": ["Dagens", " Kontur ", "Dagens", ""]})
    assert request.sources == ("Dagens", "Kontur")


@pytest.mark.parametrize(
    ("value", "since", "until"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2025-07-17", date(2025, 7, 17), date(2025, 7, 17)),
    ],
)
def test_partial_dates_cover_their_whole_period(value, since, until):
    request = SearchRequest.from_params({"since": value, "until": value})
    assert (request.since, request.until) == (since, until)


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1001", "per_page": "10"}, "page"),
        ({"sort": "random"}, "sort"),
        ({"since": "2025-13-45"}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2025-02-30"}, "until"),
        ({"since": "2025-08", "until": "2025-07"}, "since"),
        ({"q": ["a", "b"]}, "q"),
        ({"q": "x" * 1001}, "q"),
    ],
)
def test_bad_parameters_name_the_parameter(params, param):
    with pytest.raises(BadRequest) as raised:
        SearchRequest.from_params(params)
    assert raised.value.param == param
    assert raised.value.code == "bad_parameter"
    assert raised.value.message
