"""The web face of newsdesk, and the command line: HTML pages and a JSON API over one service.

    request --> context.run_search --> indexer.SearchService --> SearchResult
            --> pages.py (templates/) | api.py (JSON) | cli/ (text)

- app.py: `create_app` (configuration in, the app with its one search service out);
  context.py: the service on `app.extensions`, read by every blueprint;
- pages.py, templates/, static/: the server-rendered pages; links.py: the links a page
  and a JSON answer offer; export.py: CSV downloads;
- api.py: the JSON endpoints; openapi/: their OpenAPI description;
- errors.py: one JSON error shape and HTML error pages; security.py: response headers;
- answers.py: the JSON documents the web layer writes itself (errors, health, links);
- server.py: gunicorn for `newsdesk serve`;
- cli/: the `newsdesk` command (click), printing through its terminal.py.
"""

from webapp.app import create_app

__all__ = ["create_app"]
