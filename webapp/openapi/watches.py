"""The saved searches' part of the OpenAPI document: /api/watches[/{name}] and the feeds."""

from __future__ import annotations

from typing import Any, Callable

from indexer.search.request import DATE_PARAM_PATTERN
from indexer.watches.saved import NAME
from webapp.watches.answers import Removed, WatchList
from webapp.watches.api import MAX_SOURCE_CHARS, MAX_SOURCES, MAX_WATCH_QUERY_CHARS
from webapp.watches.guard import READ_ONLY

# The operator's write token, as `Authorization: Bearer TOKEN`.
SECURITY_SCHEMES = {"writeToken": {"type": "http", "scheme": "bearer",
                                   "description": "The token given to `newsdesk serve --write-token`."}}

_DATE_PATTERN = rf"^({DATE_PARAM_PATTERN})?$"
_NAME = {"type": "string", "pattern": f"^{NAME.pattern}$", "maxLength": 64}


def watch_paths(answer: Callable[[str, type], dict[str, Any]], error: Callable[[str, str, str], dict[str, Any]],
                status_type: type, bad_parameter: dict[str, Any], index_missing: dict[str, Any]) -> dict[str, Any]:
    """The path items, given the document's helpers for answers and errors."""
    name = {"name": "name", "in": "path", "required": True, "description": "The saved search's name",
            "schema": {"type": "string"}}
    unknown = error("No saved search has this name", "not_found", "no saved search named 'x'")
    forbidden = error("A read-only server: no write token was set", "forbidden", READ_ONLY)
    unauthorized = error("No write token given, or a wrong one", "unauthorized",
                         "the write token given is not this server's")
    unusable = error("The saved searches' file cannot be used (damaged, or written by another process "
                     "for too long)", "watches_unavailable", "saved searches at ... cannot be read (...)")
    body = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {**_NAME, "description": "1 to 64 lowercase letters, digits, - or _, starting and "
                                             "ending with a letter or digit."},
            "q": {"type": "string", "maxLength": MAX_WATCH_QUERY_CHARS,
                  "description": "The query, in the language of /api/search; empty: every article."},
            "source": {"type": "array", "maxItems": MAX_SOURCES,
                       "items": {"type": "string", "maxLength": MAX_SOURCE_CHARS},
                       "description": "Only articles of these outlets."},
            "since": {"type": "string", "pattern": _DATE_PATTERN, "description": "Published on or after."},
            "until": {"type": "string", "pattern": _DATE_PATTERN, "description": "Published on or before."},
        },
    }
    return {
        "/api/watches": {
            "get": {"operationId": "watches", "summary": "Every saved search, with its number of new matches",
                    "responses": {"200": answer("The saved searches", WatchList), "503": unusable}},
            "post": {
                "operationId": "addWatch",
                "summary": "Save a search under a name; what it matches now is not new, what a reindex "
                           "adds later is. Needs the write token",
                "security": [{"writeToken": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                "responses": {
                    "201": answer("Saved", status_type),
                    "400": bad_parameter,
                    "401": unauthorized,
                    "403": forbidden,
                    "409": error("A saved search has this name", "conflict", "a saved search named 'x' "
                                 "exists already; remove it first or choose another name"),
                    "503": index_missing,
                },
            },
        },
        "/api/watches/{name}": {
            "parameters": [name],
            "get": {"operationId": "watch", "summary": "One saved search, its new matches counted and the "
                                                       "last 50 found listed (the last found first)",
                    "responses": {"200": answer("The saved search", status_type), "404": unknown,
                                  "503": index_missing}},
            "delete": {"operationId": "removeWatch",
                       "summary": "Remove a saved search and what it found. Needs the write token",
                       "security": [{"writeToken": []}],
                       "responses": {"200": answer("Removed", Removed), "401": unauthorized, "403": forbidden, "404": unknown,
                                     "503": unusable}},
        },
        "/feeds/{name}.atom": {
            "parameters": [name],
            "get": {"operationId": "feed", "summary": "A saved search's Atom feed: what it found since it "
                                                      "was saved, the last found first",
                    "responses": {"200": {"description": "An Atom feed",
                                          "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                                  "404": unknown, "503": index_missing}},
        },
    }
