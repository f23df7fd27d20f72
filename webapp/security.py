"""Response headers that keep pages inert in a browser, and limits on what a request may carry."""

from __future__ import annotations

from flask import Flask, Response

# Scripts and styles only from this server, never inline: even if some text slipped through
# escaping, a browser would refuse to run it. No frames, no plugins, no <base> hijacking.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Opening an original article tells its site only our origin, not the query in our URL.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Searches are GETs with a query string; the only bodies are a saved search's few fields.
MAX_REQUEST_BODY_BYTES = 64 * 1024


def secure(app: Flask) -> None:
    """Add the security headers to every response and cap request bodies."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is no limit
        app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BODY_BYTES

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
