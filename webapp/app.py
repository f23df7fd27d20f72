"""The application factory: configuration in, a Flask app with its one search service out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from indexer import DEFAULT_INDEX_DIR, SearchService
from indexer.scatter import SHARD_SECONDS, ClusterSearchService
from indexer.warming import Warmer
from webapp import api, errors, pages, security, watches
from webapp.context import EXTENSION


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; INDEX_DIR comes from `test_config`, else $NEWSDESK_INDEX, else the default.

    The app starts even when there is no index yet: pages and /healthz then say what to run.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("NEWSDESK_INDEX") or str(DEFAULT_INDEX_DIR),
        # Never the interactive debugger: it runs code a client sends.
        DEBUG=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.debug = False
    # The API answers the search service's documents in their own key order.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    if app.config.get("CLUSTER"):  # searches run on the shards' workers of a Dask cluster
        service: SearchService = ClusterSearchService(Path(app.config["INDEX_DIR"]), app.config["CLUSTER"],
                                                      timeout=app.config.get("SHARD_SECONDS") or SHARD_SECONDS)
    else:
        service = SearchService(Path(app.config["INDEX_DIR"]))
    app.extensions[EXTENSION] = service
    if app.config.get("WARM_READERS") and not app.config.get("CLUSTER"):  # a reindex's readers opened ahead
        preloaded = app.config.get("PRELOADED")
        Warmer(service, preload=app.config.get("PRELOAD"), preloaded=Path(preloaded) if preloaded else None).start()

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(watches.api_bp)
    app.register_blueprint(watches.pages_bp)
    watches.install(app)
    errors.register(app)
    security.secure(app)
    pages.register_filters(app)
    return app

