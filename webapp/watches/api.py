"""/api/watches[/<name>]: saved searches as JSON (writes need the write token), and each
one's Atom feed at /feeds/<name>.atom."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from indexer import BadRequest, SearchRequest
from indexer.watches.saved import UnknownWatch, WatchBusy, WatchError
from indexer.watches.store import WatchExists
from webapp.context import search_service
from webapp.errors import error_response
from webapp.watches import guard
from webapp.watches.answers import Removed, watch_answer
from webapp.watches.feed import atom_feed

bp = Blueprint("watches_api", __name__)
# A saved search's fields in a POST body; "source" may be one outlet or a list.
FIELDS = ("name", "q", "source", "since", "until")
# Limits of a body (within the app's 64 KB): a saved search is a query, not a pasted article.
MAX_WATCH_QUERY_CHARS = 4000
MAX_SOURCES = 20
MAX_SOURCE_CHARS = 200


@bp.get("/api/watches")
def watches() -> Response:
    statuses = search_service().watches().statuses()
    return jsonify({"watches": [watch_answer(status) for status in statuses]})


@bp.post("/api/watches")
def add() -> Response:
    """Save a search: {"name", "q", "source", "since", "until"} as JSON."""
    guard.check_api()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("body", 'send the saved search as a JSON object: {"name": ..., "q": ...}')
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise BadRequest(unknown[0], f"unknown field {unknown[0]!r}; a saved search has {', '.join(FIELDS)}")
    name = body.get("name")
    if not isinstance(name, str):
        raise BadRequest("name", "name is required: the saved search's name, a string")
    params = {key: _strings(key, body[key]) for key in ("q", "source", "since", "until") if body.get(key) is not None}
    if len(params.get("q", "")) > MAX_WATCH_QUERY_CHARS:
        raise BadRequest("q", f"a saved search's query may be at most {MAX_WATCH_QUERY_CHARS} characters")
    sources = [params["source"]] if isinstance(params.get("source"), str) else params.get("source", [])
    if len(sources) > MAX_SOURCES or any(len(s) > MAX_SOURCE_CHARS for s in sources):
        raise BadRequest("source", f"a saved search may name at most {MAX_SOURCES} outlets, "
                                   f"each at most {MAX_SOURCE_CHARS} characters")
    status = search_service().watches().add(name, SearchRequest.from_params(params))
    response = jsonify(watch_answer(status))
    response.status_code = 201
    response.headers["Location"] = url_for("watches_api.watch", name=name)
    return response


@bp.get("/api/watches/<name>")
def watch(name: str) -> Response:
    return jsonify(watch_answer(search_service().watches().status(name)))


@bp.delete("/api/watches/<name>")
def remove(name: str) -> Response:
    guard.check_api()
    search_service().watches().remove(name)
    return jsonify(asdict(Removed(name)))


@bp.get("/feeds/<name>.atom")
def feed(name: str) -> Response:
    """The saved search's matches found since it was saved, the last found first."""
    status = search_service().watches().status(name)
    body = atom_feed(
        status,
        self_url=url_for("watches_api.feed", name=name, _external=True),
        search_url=url_for("pages.search", _external=True, **status.watch.params()),
        article_url=lambda article_id: url_for("pages.article", article_id=article_id, _external=True),
    )
    response = Response(body, mimetype="application/atom+xml")
    response.charset = "utf-8"
    return response


def _strings(key: str, value: Any) -> str | list[str]:
    if key == "source" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if not isinstance(value, str):
        raise BadRequest(key, f"{key} must be a string" + (" or a list of strings" if key == "source" else ""))
    return value


def answer_errors(blueprint: Blueprint) -> None:
    """A saved search's errors, answered alike by the API and the pages: an unknown name,
    a taken one, and a store that cannot be used (busy: try again shortly)."""

    @blueprint.errorhandler(UnknownWatch)
    def _unknown(error: UnknownWatch) -> Response:
        return error_response(404, "not_found", str(error))

    @blueprint.errorhandler(WatchExists)
    def _exists(error: WatchExists) -> Response:
        return error_response(409, "conflict", str(error))

    @blueprint.errorhandler(WatchError)
    def _unusable(error: WatchError) -> Response:
        response = error_response(503, "watches_unavailable", str(error))
        if isinstance(error, WatchBusy):
            response.headers["Retry-After"] = "5"
        return response


answer_errors(bp)
