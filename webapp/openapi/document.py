"""The OpenAPI 3.1 document of the JSON API: its paths, and the answers' schemas derived from
their dataclasses (the query parameters are in parameters.py)."""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from indexer import MAX_PER_PAGE, MAX_RESULT_DEPTH, Stats
from indexer.present.coverage import MAX_QUERIES, Comparison, Coverage
from indexer.present.first import FirstReports
from indexer.present.story import Story
from indexer.present.terms import MIN_ARTICLES, SAMPLE_SIZE, DistinctiveWords
from indexer.search.request import MAX_QUERY_CHARS
from indexer.search.results import ArticleView, SearchExport, SearchResult
from indexer.watches.saved import WatchStatus
from webapp.answers import Error, ErrorDetail, Navigation, NotReady, Ready, Sources
from webapp.export import EXPORT_FORMATS
from webapp.openapi.parameters import (
    compare_parameters,
    coverage_parameters,
    first_parameters,
    in_query,
    search_parameters,
    terms_parameters,
)
from webapp.openapi.watches import SECURITY_SCHEMES, watch_paths
from webapp.watches.answers import Removed, WatchList

# Every JSON answer, its schema derived from the dataclass that declares it and named after it.
_ANSWERS = (SearchResult, SearchExport, ArticleView, Coverage, Comparison, DistinctiveWords, Stats, Sources, Ready,
            NotReady, Error, FirstReports, Story, WatchStatus, WatchList, Removed)

# Where an answer's JSON is not its dataclass's fields as they are. tests/test_webapp_schema.py
# checks real answers against the schemas, which admit no undeclared key: a stale entry fails.
_ADDED_KEYS: dict[type, dict[str, Any]] = {
    SearchResult: {"links": Navigation},  # webapp/api.py adds the page links
    SearchExport: {  # to_dict counts the rows
        "exported": Annotated[int, Field(ge=0, le=MAX_RESULT_DEPTH, description="How many articles follow.")],
    },
    WatchStatus: {"feed": Annotated[str, Field(description="The address of its Atom feed.")]},  # watch_answer
}
# to_dict writes the article's (the saved search's) own fields at the top level
_INLINED_FIELDS = {ArticleView: "article", WatchStatus: "watch"}

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
                search_parameters(),
            ),
            "/api/export": _get(
                "export",
                f"Every article a search matches (up to {MAX_RESULT_DEPTH}, copies included, "
                "in the search's order) as CSV or JSON; page and per_page are ignored",
                {"200": exported, "400": bad_parameter, "503": index_missing},
                [
                    in_query(
                        "format",
                        "csv (default; a header row, formulas neutralised) or json",
                        {"type": "string", "enum": ["", *EXPORT_FORMATS], "default": "csv"},
                    ),
                    *search_parameters(),
                ],
            ),
            "/api/coverage": _get(
                "coverage",
                "A search's matching articles per period against every article indexed in it, "
                "split by outlet (the top ones, then others); undated matches counted apart",
                {"200": answer("The counts", Coverage), "400": bad_parameter, "503": index_missing},
                [*search_parameters(), *coverage_parameters()],
            ),
            "/api/terms": _get(
                "terms",
                "A search's distinctive words: those its matching articles hold more often than the rest "
                f"of the index, by log-likelihood G², each in its commonest written form, in {MIN_ARTICLES} "
                f"or more of them, the query's own words and numbers left out; found in a random "
                f"{SAMPLE_SIZE:,} of the matches when more match (said in sampled and notices), counted in all. "
                "With by=source, also each leading outlet's words against the other outlets' (outlets)",
                {"200": answer("The words", DistinctiveWords), "400": bad_parameter, "503": index_missing},
                [*search_parameters(), *terms_parameters()],
            ),
            "/api/compare": _get(
                "compare",
                f"Up to {MAX_QUERIES} searches (q repeated; the filters shared) on one timeline: "
                "each one's matches per period and their share of the period's articles",
                {"200": compared, "400": bad_parameter, "503": index_missing},
                compare_parameters(),
            ),
            "/api/first": _get(
                "first",
                "Who reported first: each outlet's earliest matching article (or copy of a story), "
                "outlets in time order with the lag after the first; page and per_page page the outlets",
                {
                    "200": answer("The outlets, earliest first", FirstReports),
                    "400": bad_parameter,
                    "404": error("No article has the story's id", "not_found", "no article with id 'x'"),
                    "503": index_missing,
                },
                first_parameters(),
            ),
            "/api/stories/{id}": _get(
                "story",
                "A story: one article and its near-duplicate copies under other outlets (what the search "
                "page folds into \"N similar\"), earliest first, each with its outlet, its time (or date) and "
                "what it changed against the earliest copy, headline and first paragraph, word by word",
                {
                    "200": answer("The story; a single article when it has no copy", Story),
                    "404": error("No article has this id", "not_found", "no article with id 'x'"),
                    "503": index_missing,
                },
                [{"name": "id", "in": "path", "required": True,
                  "description": "The id of any article of the story, as in a search hit",
                  "schema": {"type": "string"}}],
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
                    in_query(
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
            **watch_paths(answer, error, WatchStatus, bad_parameter, index_missing),
        },
        "components": {"schemas": schemas, "securitySchemes": SECURITY_SCHEMES},
    }
