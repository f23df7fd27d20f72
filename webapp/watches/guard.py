"""Who may save and remove searches: the first state a visitor could change.

The operator sets a write token (`newsdesk serve --write-token`, or NEWSDESK_WRITE_TOKEN);
without one the server is read-only and every write answers 403 saying so. A JSON write
sends the token as `Authorization: Bearer TOKEN`, and is answered 401 (with the
WWW-Authenticate challenge HTTP asks for) when it sends none or a wrong one. A page's form
carries a CSRF token (Flask-WTF), so another site cannot make a visitor's browser submit it,
and the write token in a password field, so a stranger on the page cannot either (403).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFProtect, generate_csrf
from werkzeug.exceptions import HTTPException

TOKEN_ENV = "NEWSDESK_WRITE_TOKEN"
READ_ONLY = (f"this server is read-only: saving and removing searches needs a write token, set by "
             f"`newsdesk serve --write-token` or the {TOKEN_ENV} environment variable")
_csrf = CSRFProtect()


class Forbidden(HTTPException):
    """A write without the operator's token; the message says what is needed."""

    code = 403

    def __init__(self, message: str) -> None:
        super().__init__(description=message)


class Unauthorized(HTTPException):
    """A JSON write without the write token, or with a wrong one."""

    code = 401

    def __init__(self, message: str) -> None:
        super().__init__(description=message)

    def get_headers(self, environ: Any = None, scope: Any = None) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), ("WWW-Authenticate", 'Bearer realm="newsdesk"')]


def install(app: Flask) -> None:
    """Read the write token (the app's config, else the environment) and set up CSRF."""
    token = app.config.get("WRITE_TOKEN") or os.environ.get(TOKEN_ENV) or None
    app.config["WRITE_TOKEN"] = token
    # Forms are checked where they are handled (`check_form`); JSON writes carry the token.
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    if token and not app.secret_key:
        # Every worker process derives the same key, so a form served by one is accepted by another.
        app.secret_key = hashlib.sha256(b"newsdesk csrf key\0" + token.encode("utf-8")).hexdigest()
    _csrf.init_app(app)


def writable() -> bool:
    """Whether this server accepts writes (with the token) at all."""
    return bool(current_app.config.get("WRITE_TOKEN"))


def csrf_token() -> str:
    return generate_csrf()


def check_api() -> None:
    """Refuse a JSON write without the write token (403, saying why)."""
    scheme, _, given = (request.headers.get("Authorization") or "").partition(" ")
    _check(given.strip() if scheme.lower() == "bearer" else "", "send it as `Authorization: Bearer TOKEN`",
           Unauthorized)


def check_form() -> None:
    """Refuse a form without a valid CSRF token (400) or the write token (403)."""
    if not writable():
        raise Forbidden(READ_ONLY)
    _csrf.protect()
    _check(request.form.get("token", ""), "type it into the form's write token field", Forbidden)


def _check(given: str, how: str, refusal: type[Forbidden] | type[Unauthorized]) -> None:
    token = current_app.config.get("WRITE_TOKEN")
    if not token:
        raise Forbidden(READ_ONLY)
    if not given:
        raise refusal(f"saving and removing searches needs this server's write token: {how}")
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise refusal("the write token given is not this server's")
