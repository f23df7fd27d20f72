"""The web face of newsdesk: HTML pages and a JSON API over one search service."""

from webapp.app import create_app

__all__ = ["create_app"]
