"""Error handlers: one JSON shape for the API, an HTML page for the pages, never a traceback.

Every JSON error is {"error": {"code": ..., "message": ...}}. The same errors reach the
pages as HTML with the same status and message.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from indexer import BadRequest, IndexMissing
from webapp.answers import Error, ErrorDetail

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    500: "internal",
    503: "unavailable",
    413: "too_large",
    414: "uri_too_long",
    431: "headers_too_large",
}

_TITLES = {
    400: "Bad request",
    404: "Not found",
    500: "Something went wrong",
    405: "Method not allowed",
    503: "No index yet",
}


class NotFound(HTTPException):
    """An id the index does not know; the message names it."""

    code = 404

    def __init__(self, message: str) -> None:
        super().__init__(description=message)


def wants_json() -> bool:
    """The API, the feeds and the health probe answer JSON; every other path is a page."""
    path = request.path
    return path == "/api" or path.startswith(("/api/", "/feeds/")) or path == "/healthz"


def error_response(status: int, code: str, message: str) -> Response:
    """The response for one error, as JSON or as a page depending on the path."""
    if wants_json():
        response = jsonify(asdict(Error(ErrorDetail(code, message))))
    else:
        title = _TITLES.get(status, "Error")
        page = render_template("error.html", status=status, code=code, title=title, message=message)
        response = make_response(page)
    response.status_code = status
    return response


def _bad_request(error: BadRequest) -> Response:
    return error_response(400, error.code, error.message)


def _index_missing(error: IndexMissing) -> Response:
    return error_response(503, "index_missing", str(error))


def _http_error(error: HTTPException) -> Response | HTTPException:
    status = error.code or 500
    if status < 400:  # redirects raised as exceptions (e.g. a missing trailing slash)
        return error
    if isinstance(error, NotFound):
        message = error.description or "not found"
    elif status == 404:
        message = f"nothing at {request.path}"
    else:
        message = error.description or error.name
    response = error_response(status, _CODES.get(status, "http_error"), message)
    # Keep what the error adds to its headers, such as Allow on a 405.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _internal(error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal", "an internal error occurred; it has been logged")


def register(app: Flask) -> None:
    """Install the handlers on `app`."""
    app.register_error_handler(BadRequest, _bad_request)
    app.register_error_handler(IndexMissing, _index_missing)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal)
