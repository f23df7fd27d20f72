"""The JSON API: the search service's own documents, plus the OpenAPI description and a probe."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, current_app, jsonify, request

from indexer import BadRequest, SearchRequest
from indexer.present.terms import TermsOptions
from webapp.answers import NotReady, Ready, Sources
from webapp.context import (
    compare_requests,
    coverage_options,
    first_request,
    query_of,
    run_search,
    search_service,
)
from webapp.errors import NotFound
from webapp.export import EXPORT_FORMATS, comparison_csv, export_csv
from webapp.links import SearchLinks
from webapp.openapi import openapi_document

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search() -> Response:
    search_request, result = run_search(request.args)
    links = SearchLinks(search_request, result, endpoint="api.search").navigation()
    return jsonify({**result.to_dict(), "links": asdict(links)})


@bp.get("/api/coverage")
def coverage() -> Response:
    """A search's matches per period against every article indexed then, by outlet."""
    args = request.args
    search_request = SearchRequest.from_params({key: args.getlist(key) for key in args})
    return jsonify(search_service().coverage(search_request, coverage_options(args)).to_dict())


@bp.get("/api/terms")
def terms() -> Response:
    """The words a search's matches hold more often than the rest of the index (and, with
    by=source, each leading outlet's against the others')."""
    args = request.args
    search_request = SearchRequest.from_params({key: args.getlist(key) for key in args})
    options = TermsOptions.from_params({"top": args.getlist("top"), "by": args.getlist("by")})
    return jsonify(search_service().terms(search_request, options).to_dict())


@bp.get("/api/compare")
def compare() -> Response:
    """Up to five queries (q repeated) on one timeline, as JSON or CSV."""
    kind = request.args.get("format") or "json"
    if kind not in EXPORT_FORMATS:
        raise BadRequest("format", f"format must be one of {', '.join(EXPORT_FORMATS)}")
    requests, interval = compare_requests(request.args)
    comparison = search_service().compare(requests, interval)
    if kind == "json":
        return jsonify(comparison.to_dict())
    response = Response(comparison_csv(comparison), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="newsdesk-compare.csv"'
    return response


@bp.get("/api/first")
def first() -> Response:
    """Who reported first: each outlet's earliest match (or copy of a story), in time order."""
    search_request, story = first_request(request.args)
    found = search_service().first(search_request, story)
    if found is None:
        raise NotFound(f"no article with id {story!r}")
    return jsonify(found.to_dict())


@bp.get("/api/stories/<article_id>")
def story(article_id: str) -> Response:
    """One article's near-duplicate copies, earliest first, with what each changed."""
    found = search_service().story(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    return jsonify(found.to_dict())


@bp.get("/api/articles/<article_id>")
def article(article_id: str) -> Response:
    found = search_service().article_view(article_id, q=query_of(request.args))
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    return jsonify(found.to_dict())


@bp.get("/api/export")
def export() -> Response:
    """Every article the search matches, up to MAX_RESULT_DEPTH, as CSV or JSON."""
    args = request.args.copy()
    kind = args.pop("format", "csv") or "csv"
    if kind not in EXPORT_FORMATS:
        raise BadRequest("format", f"format must be one of {', '.join(EXPORT_FORMATS)}")
    search_request = SearchRequest.from_params({key: args.getlist(key) for key in args})
    exported = search_service().export(search_request)
    if kind == "json":
        response = jsonify(exported.to_dict())
    else:
        response = Response(export_csv(exported), mimetype="text/csv")
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="newsdesk-export.{kind}"'
    return response


@bp.get("/api/sources")
def sources() -> Response:
    return jsonify(asdict(Sources(search_service().sources())))


@bp.get("/api/stats")
def stats() -> Response:
    return jsonify(search_service().stats().to_dict())


@bp.get("/api/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/healthz")
def healthz() -> Response:
    ok, reason = search_service().health()
    if not ok:
        response = jsonify(asdict(NotReady(reason)))
        response.status_code = 503
    else:
        response = jsonify(asdict(Ready(str(current_app.config["INDEX_DIR"]))))
    response.headers["Cache-Control"] = "no-store"
    return response
