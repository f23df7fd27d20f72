"""The OpenAPI 3.1 description of the JSON API: limits from the indexer, answers from their dataclasses."""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from indexer import MAX_PAGE, MAX_PER_PAGE, MAX_RESULT_DEPTH, SORTS, Stats
from indexer.present.coverage import INTERVALS, MAX_QUERIES, MAX_TOP, SPLITS, Comparison, Coverage
from indexer.search.request import DATE_PARAM_PATTERN, DUPLICATES, FALSE_WORDS, MAX_QUERY_CHARS, TRUE_WORDS
from indexer.search.results import ArticleView, SearchExport, SearchResult
from webapp.answers import Error, ErrorDetail, Navigation, NotReady, Ready, Sources
from webapp.export import EXPORT_FORMATS

# Empty is allowed: a search form sends "since=" when the field is left blank (no limit).
_DATE_PATTERN = rf"^({DATE_PARAM_PATTERN})?$"

# Every JSON answer, its schema derived from the dataclass that declares it and named after it.
_ANSWERS = (SearchResult, SearchExport, ArticleView, Coverage, Comparison, Stats, Sources, Ready, NotReady, Error)

# Where an answer's JSON is not its dataclass's fields as they are. tests/test_webapp_schema.py
# checks real answers against the schemas, which admit no undeclared key: a stale entry fails.
_ADDED_KEYS: dict[type, dict[str, Any]] = {
    SearchResult: {"links": Navigation},  # webapp/api.py adds the page links
    SearchExport: {  # to_dict counts the rows
        "exported": Annotated[int, Field(ge=0, le=MAX_RESULT_DEPTH, description="How many articles follow.")],
    },
}
_INLINED_FIELDS = {ArticleView: "article"}  # to_dict writes the article's own fields at the top level

# As answers are written: asdict() writes every field, defaults included, and nothing else.
_AS_WRITTEN = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)
_REF_TEMPLATE = "#/components/schemas/{model}"


class _AnswerSchema(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # a title would only restate the key

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])  # never applies: every answer writes every field

    # isoformat() writes dates and datetimes. No format is claimed: a datetime read without an
    # offset has none, which RFC 3339's date-time requires; and date | datetime reads as one string.
    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string"}

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        return {"type": "string"}


def _components() -> tuple[dict[str, Any], dict[type, dict[str, str]]]:
    """The schemas of every answer and what they refer to, and each answer's $ref."""
    added = [(owner, key, kind) for owner, keys in _ADDED_KEYS.items() for key, kind in keys.items()]
    adapter = TypeAdapter(tuple[(*_ANSWERS, *(kind for _, _, kind in added))], config=_AS_WRITTEN)
    generated = adapter.json_schema(
        mode="serialization", ref_template=_REF_TEMPLATE, schema_generator=_AnswerSchema
    )
    schemas, refs = generated["$defs"], dict(zip(_ANSWERS, generated["prefixItems"]))

    def name_of(ref: dict[str, str]) -> str:
        return ref["$ref"].rsplit("/", 1)[1]

    for (owner, key, _), schema in zip(added, generated["prefixItems"][len(_ANSWERS) :]):
        schemas[name_of(refs[owner])]["properties"][key] = schema
        schemas[name_of(refs[owner])]["required"].append(key)
    for owner, key in _INLINED_FIELDS.items():
        outer = schemas[name_of(refs[owner])]
        inner = schemas.pop(name_of(outer["properties"].pop(key)))  # referred to by nothing else
        outer["properties"] = {**inner["properties"], **outer["properties"]}
        outer["required"] = [*inner["required"], *(name for name in outer["required"] if name != key)]
    return schemas, refs


# Inputs that have broken search engines before; listed so that spec-driven fuzzers try them.
_QUERY_EXAMPLES = {
    "word": {"summary": "one word", "value": "Kursk"},
    "words": {"summary": "several words, all must match", "value": "Laos troops"},
    "phrase": {"summary": "a quoted phrase", "value": '"Marxist ideology"'},
    "unbalanced_quote": {"summary": "an unclosed quote", "value": '"Laos'},
    "field_syntax": {"summary": "a field term", "value": "title:Laos"},
    "source_field": {"summary": "an outlet in the query", "value": 'source:"Kyiv Independent" Kursk'},
    "unknown_field": {"summary": "an unknown field is plain text", "value": "foo:bar"},
    "empty_field": {"summary": "a field with nothing after it", "value": "title:"},
    "wildcard": {"summary": "a prefix wildcard", "value": "Laos*"},
    "leading_wildcard": {"summary": "a leading wildcard (dropped, with a notice)", "value": "*aos"},
    "lone_wildcard": {"summary": "a wildcard alone", "value": "*"},
    "short_wildcard": {"summary": "a one-letter wildcard", "value": "a*"},
    "fuzzy": {"summary": "a fuzzy term", "value": "Kursc~"},
    "fuzzy_distance": {"summary": "a fuzzy term with an edit distance", "value": "Thonglun~2"},
    "operators": {"summary": "AND/OR/NOT operators", "value": "Laos AND Russia OR NOT Ukraine"},
    "lowercase_operators": {"summary": "lower-case and/or/not are words", "value": "laos and russia or not"},
    "exclusion": {"summary": "an excluded word", "value": "Kursk -Laos"},
    "lone_minus": {"summary": "a dash alone", "value": "Laos - Russia"},
    "only_exclusion": {"summary": "only an exclusion", "value": "-Laos"},
    "group": {"summary": "brackets", "value": "(Laos OR Vietnam) troops"},
    "unbalanced_close": {"summary": "an unmatched closing bracket", "value": "Laos ) troops )"},
    "deep_brackets": {"summary": "deeply nested brackets", "value": "((((((((((Laos))))))))))"},
    "dates_in_query": {"summary": "dates in the query", "value": "Kursk since:2025-07 until:2025-07-31"},
    "bad_date_in_query": {"summary": "a date that is not one (ignored, with a notice)", "value": "Kursk date:soon"},
    "long_description": {
        "summary": "a long plain query, ranked as a description",
        "value": "efforts of the ambassador to get the president to change his policies of repression",
    },
    "lone_operator": {"summary": "an operator alone", "value": "NOT"},
    "range_syntax": {"summary": "range and boost syntax", "value": "[a TO z] Laos^2"},
    "brackets": {"summary": "unbalanced brackets", "value": "Laos ( {"},
    "markup": {"summary": "markup is escaped in passages", "value": "<script>alert(1)</script>"},
    "nul": {"summary": "a NUL byte", "value": "\u0000Laos"},
    "apostrophe": {"summary": "a curly apostrophe", "value": "Russia\u2019s"},
    "hyphenated": {"summary": "a hyphenated name", "value": "T-72B1"},
    "empty": {"summary": "empty: every article, newest first", "value": ""},
}


def _in_query(name: str, description: str, schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema, **more}


def _search_parameters() -> list[dict[str, Any]]:
    date_help = "YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its {} day."
    return [
        _in_query(
            "q",
            "Words (all must match, in title or body), \"quoted phrases\", OR, -excluded, "
            "(brackets), prefix*, fuzzy~, title:/source:/author: terms and since:/until:/date: "
            "dates. Upper-case AND/OR/NOT are operators; lower-case ones are words. A plain query "
            "of six words or more, up to a pasted paragraph, is read as a description: its rarest "
            "64 words, any of which may match. Nothing typed is an error: what had to be simplified "
            "is said in `notices`. Empty means every article.",
            {"type": "string", "maxLength": MAX_QUERY_CHARS, "default": ""},
            examples=_QUERY_EXAMPLES,
        ),
        _in_query(
            "source",
            "Only articles from this outlet (its display name); repeat for several outlets.",
            {"type": "array", "items": {"type": "string"}},
            style="form",
            explode=True,
            examples={"one": {"value": ["Dagens"]}, "several": {"value": ["Dagens", "Kontur"]}},
        ),
        _in_query(
            "since",
            "Published on or after this date. " + date_help.format("first"),
            {"type": "string", "pattern": _DATE_PATTERN},
            examples={"day": {"value": "2025-07-17"}, "month": {"value": "2025-07"}, "year": {"value": "2025"}},
        ),
        _in_query(
            "until",
            "Published on or before this date (inclusive). " + date_help.format("last"),
            {"type": "string", "pattern": _DATE_PATTERN},
            examples={"day": {"value": "2025-07-31"}, "month": {"value": "2025-07"}},
        ),
        _in_query(
            "sort",
            "Order of hits; an empty query with the default sorts newest first.",
            {"type": "string", "enum": ["", *SORTS], "default": SORTS[0]},
        ),
        _in_query(
            "recency",
            "1 to rank newer articles higher (relevance sort only): an article's score "
            "falls towards half as it gets older than the newest article in the index.",
            {"type": "string", "enum": ["", *TRUE_WORDS, *FALSE_WORDS], "default": "0"},
        ),
        _in_query(
            "duplicates",
            "collapse: copies of the same text under several outlets fold into the "
            "best-ranked one, which lists them in `duplicates`; show: list every copy as its own hit.",
            {"type": "string", "enum": ["", *DUPLICATES], "default": DUPLICATES[0]},
        ),
        _in_query(
            "page",
            f"Page number, from 1 to {MAX_PAGE} (deeper results are not served: "
            "narrow the query instead).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        ),
        _in_query(
            "per_page",
            f"Hits per page, 1 to {MAX_PER_PAGE}.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
        ),
    ]


def _coverage_parameters() -> list[dict[str, Any]]:
    return [
        _in_query("interval", "Period counted: day, week (from Monday), month or year; empty: chosen from "
                  "the matches' span. Over 1,000 periods are counted one interval coarser (with a notice).",
                  {"type": "string", "enum": ["", *INTERVALS]}),
        _in_query("by", "source: split by outlet; none: matches alone.",
                  {"type": "string", "enum": ["", *SPLITS], "default": SPLITS[0]}),
        _in_query("top", "Outlets counted apart; the rest are one series, others.",
                  {"type": "integer", "minimum": 1, "maximum": MAX_TOP, "default": 10}),
    ]


def _compare_parameters() -> list[dict[str, Any]]:
    search = {p["name"]: p for p in _search_parameters()}
    return [
        _in_query("q", f"A search, 1 to {MAX_QUERIES} times; a sixth is refused with 400.",
                  {"type": "array", "items": search["q"]["schema"], "minItems": 1, "maxItems": MAX_QUERIES},
                  required=True, style="form", explode=True,
                  examples={"two": {"value": ["Kursk", "Laos"]}}),
        search["source"], search["since"], search["until"], _coverage_parameters()[0],
        _in_query("format", "json (default) or csv", {"type": "string", "enum": ["", *EXPORT_FORMATS]}),
    ]


def _get(
    operation_id: str, summary: str, responses: dict[str, Any], parameters: list[Any] | None = None
) -> dict[str, Any]:
    operation = {"operationId": operation_id, "summary": summary, "responses": responses}
    return {"get": {**operation, "parameters": parameters} if parameters else operation}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document, built once."""
    schemas, refs = _components()

    def answer(description: str, answer_type: type) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": refs[answer_type]}}}

    def error(description: str, code: str, message: str) -> dict[str, Any]:
        response = answer(description, Error)
        response["content"]["application/json"]["example"] = asdict(Error(ErrorDetail(code, message)))
        return response

    bad_parameter = error(
        "A parameter cannot be used", "bad_parameter", f"per_page must be between 1 and {MAX_PER_PAGE}"
    )
    index_missing = error(
        "There is no index yet", "index_missing", "no index at newsdesk-data/index; run `newsdesk reindex`"
    )
    exported = answer("The matching articles, as an attachment", SearchExport)
    exported["content"]["text/csv"] = {"schema": {"type": "string"}}
    compared = answer("The counts (format=csv: one row per period)", Comparison)
    compared["content"]["text/csv"] = {"schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsdesk",
            "version": "1.0.0",
            "description": "Full-text search over scraped news articles. Every error answers "
            '{"error": {"code", "message"}}.',
        },
        "paths": {
            "/api/search": _get(
                "search",
                "Search articles: a page of hits with highlighted passages, facets and a suggestion",
                {"200": answer("The results", SearchResult), "400": bad_parameter, "503": index_missing},
                _search_parameters(),
            ),
            "/api/export": _get(
                "export",
                f"Every article a search matches (up to {MAX_RESULT_DEPTH}, copies included, "
                "in the search's order) as CSV or JSON; page and per_page are ignored",
                {"200": exported, "400": bad_parameter, "503": index_missing},
                [
                    _in_query(
                        "format",
                        "csv (default; a header row, formulas neutralised) or json",
                        {"type": "string", "enum": ["", *EXPORT_FORMATS], "default": "csv"},
                    ),
                    *_search_parameters(),
                ],
            ),
            "/api/coverage": _get(
                "coverage",
                "A search's matching articles per period against every article indexed in it, "
                "split by outlet (the top ones, then others); undated matches counted apart",
                {"200": answer("The counts", Coverage), "400": bad_parameter, "503": index_missing},
                [*_search_parameters(), *_coverage_parameters()],
            ),
            "/api/compare": _get(
                "compare",
                f"Up to {MAX_QUERIES} searches (q repeated; the filters shared) on one timeline: "
                "each one's matches per period and their share of the period's articles",
                {"200": compared, "400": bad_parameter, "503": index_missing},
                _compare_parameters(),
            ),
            "/api/sources": _get(
                "sources",
                "Every outlet with its number of articles",
                {"200": answer("The outlets", Sources), "503": index_missing},
            ),
            "/api/articles/{id}": _get(
                "article",
                "One article, whole, with similar articles and copies under other outlets",
                {
                    "200": answer("The article", ArticleView),
                    "400": error("q is too long or given twice", "bad_parameter",
                                 f"the query is longer than {MAX_QUERY_CHARS} characters"),
                    "404": error("No article has this id", "not_found", "no article with id 'x'"),
                    "503": index_missing,
                },
                [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "description": "The article id, as in a search hit",
                        "schema": {"type": "string"},
                    },
                    _in_query(
                        "q",
                        "A search whose words and phrases are marked in body_highlight "
                        "(the query language of /api/search).",
                        {"type": "string", "maxLength": MAX_QUERY_CHARS},
                        examples={"words": {"value": 'Kursk "military engineers"'},
                                  "markup": {"value": "<script>alert(1)</script>"}},
                    ),
                ],
            ),
            "/api/stats": _get(
                "stats",
                "What the index holds: articles, sources, date range, size",
                {"200": answer("The statistics", Stats), "503": index_missing},
            ),
            "/api/openapi.json": _get(
                "openapi",
                "This document",
                {"200": {"description": "An OpenAPI 3.1 document",
                         "content": {"application/json": {"schema": {"type": "object"}}}}},
            ),
            "/healthz": _get(
                "health",
                "Whether searches can be answered",
                {
                    "200": answer("Ready", Ready),
                    "503": answer("Not ready; the reason says what to run", NotReady),
                },
            ),
        },
        "components": {"schemas": schemas},
    }
