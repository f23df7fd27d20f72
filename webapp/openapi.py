"""The OpenAPI 3.0 description of the JSON API, with the limits taken from the indexer."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from indexer import MAX_PAGE, MAX_PER_PAGE, MAX_RESULT_DEPTH, SORTS, ExportRow
from indexer.search.request import DATE_PARAM_PATTERN, DUPLICATES, FALSE_WORDS, MAX_QUERY_CHARS, TRUE_WORDS
from webapp.export import EXPORT_FORMATS

# Empty is allowed: a search form sends "since=" when the field is left blank (no limit).
_DATE_PATTERN = rf"^({DATE_PARAM_PATTERN})?$"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def _error_response(description: str, example_code: str, example_message: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Error"},
                "example": {"error": {"code": example_code, "message": example_message}},
            }
        },
    }


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


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


def _search_parameters() -> list[dict[str, Any]]:
    date_help = "YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its {} day."
    return [
        {
            "name": "q",
            "in": "query",
            "description": (
                "Words (all must match, in title or body), \"quoted phrases\", OR, -excluded, "
                "(brackets), prefix*, fuzzy~, title:/source:/author: terms and since:/until:/date: "
                "dates. Upper-case AND/OR/NOT are operators; lower-case ones are words. Nothing typed "
                "is an error: what had to be simplified is said in `notices`. Empty means every article."
            ),
            "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS, "default": ""},
            "examples": _QUERY_EXAMPLES,
        },
        {
            "name": "source",
            "in": "query",
            "description": "Only articles from this outlet (its display name); repeat for several outlets.",
            "style": "form",
            "explode": True,
            "schema": {"type": "array", "items": {"type": "string"}},
            "examples": {
                "one": {"value": ["Dagens"]},
                "several": {"value": ["Dagens", "Kontur"]},
            },
        },
        {
            "name": "since",
            "in": "query",
            "description": "Published on or after this date. " + date_help.format("first"),
            "schema": {"type": "string", "pattern": _DATE_PATTERN},
            "examples": {"day": {"value": "2025-07-17"}, "month": {"value": "2025-07"}, "year": {"value": "2025"}},
        },
        {
            "name": "until",
            "in": "query",
            "description": "Published on or before this date (inclusive). " + date_help.format("last"),
            "schema": {"type": "string", "pattern": _DATE_PATTERN},
            "examples": {"day": {"value": "2025-07-31"}, "month": {"value": "2025-07"}},
        },
        {
            "name": "sort",
            "in": "query",
            "description": "Order of hits; an empty query with the default sorts newest first.",
            "schema": {"type": "string", "enum": ["", *SORTS], "default": SORTS[0]},
        },
        {
            "name": "recency",
            "in": "query",
            "description": "1 to rank newer articles higher (relevance sort only): an article's score "
            "falls towards half as it gets older than the newest article in the index.",
            "schema": {"type": "string", "enum": ["", *TRUE_WORDS, *FALSE_WORDS], "default": "0"},
        },
        {
            "name": "duplicates",
            "in": "query",
            "description": "collapse: copies of the same text under several outlets fold into the "
            "best-ranked one, which lists them in `duplicates`; show: list every copy as its own hit.",
            "schema": {"type": "string", "enum": ["", *DUPLICATES], "default": DUPLICATES[0]},
        },
        {
            "name": "page",
            "in": "query",
            "description": f"Page number, from 1 to {MAX_PAGE} (deeper results are not served: "
                           "narrow the query instead).",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "description": f"Hits per page, 1 to {MAX_PER_PAGE}.",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
        },
    ]


def _schemas() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {
                            "type": "string",
                            "description": "Stable, machine-readable: bad_parameter, not_found, "
                            "method_not_allowed, index_missing, internal, ...",
                        },
                        "message": {"type": "string", "description": "What went wrong and what would work."},
                    },
                }
            },
        },
        "FacetValue": {
            "type": "object",
            "required": ["value", "count"],
            "properties": {"value": text, "count": {"type": "integer", "minimum": 0}},
        },
        "Copy": {
            "type": "object",
            "required": ["id", "source", "title", "published"],
            "properties": {"id": text, "source": _nullable(text), "title": text, "published": _nullable(text)},
        },
        "Similar": {
            "type": "object",
            "required": ["id", "title", "source", "published", "score"],
            "properties": {
                "id": text, "title": text, "source": _nullable(text), "published": _nullable(text),
                "score": {"type": "number"},
            },
        },
        "Hit": {
            "type": "object",
            "required": ["id", "title", "url", "source", "published", "author", "score", "highlights",
                         "title_highlight", "duplicates"],
            "properties": {
                "id": text,
                "title": text,
                "url": _nullable(text),
                "source": _nullable(text),
                "published": _nullable({"type": "string", "description": "ISO 8601 date or datetime"}),
                "author": _nullable(text),
                "score": {"type": "number"},
                "highlights": {
                    "type": "array",
                    "description": "Up to three HTML-escaped passages (whole sentences where they fit) "
                    "in which <mark>...</mark> is the only markup.",
                    "items": text,
                },
                "title_highlight": {
                    "type": "string",
                    "description": "The title, HTML-escaped, with the matched words in <mark>...</mark>.",
                },
                "duplicates": {
                    "type": "array",
                    "description": "Copies of this article's text under other outlets, folded into this hit.",
                    "items": {"$ref": "#/components/schemas/Copy"},
                },
            },
        },
        "SearchResult": {
            "type": "object",
            "required": ["query", "total", "page", "per_page", "took_ms", "suggestion", "hits", "facets",
                         "notices", "links"],
            "properties": {
                "links": {
                    "type": "object",
                    "description": "Relative URLs of this search's pages, every parameter kept; "
                    "prev and next are null at either end.",
                    "required": ["self", "first", "prev", "next", "last"],
                    "additionalProperties": False,
                    "properties": {
                        "self": text, "first": text, "last": text,
                        "prev": _nullable(text), "next": _nullable(text),
                    },
                },
                "query": text,
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "took_ms": {"type": "number", "minimum": 0},
                "suggestion": _nullable({
                    "type": "string",
                    "description": "A did-you-mean when nothing matched all the words: the query as "
                    "typed with only unknown words replaced. Never applied by itself.",
                }),
                "notices": {
                    "type": "array",
                    "description": "What was simplified or relaxed to answer the query, in plain words "
                    "(an unclosed quote, a capped wildcard, the any-word fallback, ...).",
                    "items": text,
                },
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {
                    "type": "object",
                    "required": ["source", "published"],
                    "properties": {
                        "source": {
                            "type": "array",
                            "description": "Outlets with counts; ignores the source filter itself.",
                            "items": {"$ref": "#/components/schemas/FacetValue"},
                        },
                        "published": {
                            "type": "array",
                            "description": "Months (YYYY-MM) with counts; ignores the date filter itself.",
                            "items": {"$ref": "#/components/schemas/FacetValue"},
                        },
                    },
                },
            },
        },
        "Article": {
            "type": "object",
            "required": ["id", "title", "body", "url", "source", "published", "author", "language", "path",
                         "fingerprint", "similar", "duplicates", "body_highlight"],
            "properties": {
                "id": text,
                "title": text,
                "body": {"type": "string", "description": "Clean text; paragraphs separated by a blank line."},
                "url": _nullable(text),
                "source": _nullable(text),
                "published": _nullable({"type": "string", "description": "ISO 8601 date or datetime"}),
                "author": _nullable(text),
                "language": _nullable(text),
                "path": text,
                "fingerprint": text,
                "similar": {
                    "type": "array",
                    "description": "Articles on the same subject (more like this), best first.",
                    "items": {"$ref": "#/components/schemas/Similar"},
                },
                "duplicates": {
                    "type": "array",
                    "description": "Copies of this article's text under other outlets.",
                    "items": {"$ref": "#/components/schemas/Copy"},
                },
                "body_highlight": _nullable({
                    "type": "string",
                    "description": "With q: the body HTML-escaped, the matched words in <mark>, paragraphs "
                    "separated by a blank line; null without q or when nothing in the body matched.",
                }),
            },
        },
        "ExportRow": {
            "type": "object",
            "required": list(ExportRow.FIELDS),
            "additionalProperties": False,
            "properties": {
                "id": text, "title": text, "source": _nullable(text),
                "published": _nullable(text), "author": _nullable(text), "url": _nullable(text),
                "score": {"type": "number"},
            },
        },
        "Export": {
            "type": "object",
            "required": ["query", "total", "exported", "notices", "articles"],
            "additionalProperties": False,
            "properties": {
                "query": text,
                "total": {"type": "integer", "minimum": 0},
                "exported": {"type": "integer", "minimum": 0, "maximum": MAX_RESULT_DEPTH},
                "notices": {"type": "array", "items": text},
                "articles": {"type": "array", "items": {"$ref": "#/components/schemas/ExportRow"}},
            },
        },
        "Sources": {
            "type": "object",
            "required": ["sources"],
            "additionalProperties": False,
            "properties": {
                "sources": {
                    "type": "array",
                    "description": "Every outlet in the index with its number of articles, largest first.",
                    "items": {"$ref": "#/components/schemas/FacetValue"},
                },
            },
        },
        "Stats": {
            "type": "object",
            "required": ["articles", "sources", "first_published", "last_published", "index_bytes", "index_path"],
            "properties": {
                "articles": {"type": "integer", "minimum": 0},
                "sources": {"type": "integer", "minimum": 0},
                "first_published": _nullable(text),
                "last_published": _nullable(text),
                "index_bytes": {"type": "integer", "minimum": 0},
                "index_path": text,
            },
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "properties": {
                "status": {"type": "string", "enum": ["ok", "unavailable"]},
                "reason": {"type": "string", "description": "Why searches cannot be answered, and what to run."},
                "index": {"type": "string"},
            },
        },
    }


_INDEX_MISSING = _error_response(
    "There is no index yet", "index_missing", "no index at newsdesk-data/index; run `newsdesk reindex`"
)


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document, built once."""
    bad_parameter = _error_response(
        "A parameter cannot be used", "bad_parameter", f"per_page must be between 1 and {MAX_PER_PAGE}"
    )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "newsdesk",
            "version": "1.0.0",
            "description": "Full-text search over scraped news articles. Every error answers "
            '{"error": {"code", "message"}}.',
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search articles: a page of hits with highlighted passages, facets and a suggestion",
                    "parameters": _search_parameters(),
                    "responses": {
                        "200": {"description": "The results", "content": _json("SearchResult")},
                        "400": bad_parameter,
                        "503": _INDEX_MISSING,
                    },
                }
            },
            "/api/export": {
                "get": {
                    "operationId": "export",
                    "summary": f"Every article a search matches (up to {MAX_RESULT_DEPTH}, copies included, "
                    "in the search's order) as CSV or JSON; page and per_page are ignored",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "query",
                            "description": "csv (default; a header row, formulas neutralised) or json",
                            "schema": {"type": "string", "enum": ["", *EXPORT_FORMATS], "default": "csv"},
                        },
                        *_search_parameters(),
                    ],
                    "responses": {
                        "200": {
                            "description": "The matching articles, as an attachment",
                            "content": {
                                "text/csv": {"schema": {"type": "string"}},
                                **_json("Export"),
                            },
                        },
                        "400": bad_parameter,
                        "503": _INDEX_MISSING,
                    },
                }
            },
            "/api/sources": {
                "get": {
                    "operationId": "sources",
                    "summary": "Every outlet with its number of articles",
                    "responses": {
                        "200": {"description": "The outlets", "content": _json("Sources")},
                        "503": _INDEX_MISSING,
                    },
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "operationId": "article",
                    "summary": "One article, whole, with similar articles and copies under other outlets",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": "The article id, as in a search hit",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "q",
                            "in": "query",
                            "description": "A search whose words and phrases are marked in body_highlight "
                            "(the query language of /api/search).",
                            "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS},
                            "examples": {"words": {"value": 'Kursk "military engineers"'},
                                         "markup": {"value": "<script>alert(1)</script>"}},
                        },
                    ],
                    "responses": {
                        "200": {"description": "The article", "content": _json("Article")},
                        "400": _error_response("q is too long or given twice", "bad_parameter",
                                               "the query is longer than 1000 characters"),
                        "404": _error_response("No article has this id", "not_found", "no article with id 'x'"),
                        "503": _INDEX_MISSING,
                    },
                }
            },
            "/api/stats": {
                "get": {
                    "operationId": "stats",
                    "summary": "What the index holds: articles, sources, date range, size",
                    "responses": {
                        "200": {"description": "The statistics", "content": _json("Stats")},
                        "503": _INDEX_MISSING,
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "An OpenAPI 3.0 document",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether searches can be answered",
                    "responses": {
                        "200": {"description": "Ready", "content": _json("Health")},
                        "503": {"description": "Not ready; the reason says what to run", "content": _json("Health")},
                    },
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
