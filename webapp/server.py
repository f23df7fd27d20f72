"""The production server: gunicorn running the Flask app, started from `newsdesk serve`."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from webapp.app import create_app


class NewsdeskServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with its settings given in code rather than read from its command line.

    The app is not preloaded: each worker process builds its own app, and so its own
    search service and searchers, after the fork; each warms a new index's searcher ahead
    of its requests (indexer/warming.py).
    """

    def __init__(self, index_dir: Path, options: dict[str, Any], write_token: str | None = None,
                 settings: dict[str, Any] | None = None) -> None:
        self.index_dir = index_dir
        self.write_token = write_token
        self.settings = settings or {}  # more of the app's config: CLUSTER, SHARD_SECONDS, PRELOAD...
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app({"INDEX_DIR": str(self.index_dir), "WRITE_TOKEN": self.write_token, "WARM_READERS": True,
                           **self.settings})


def run(index_dir: Path, host: str, port: int, workers: int, write_token: str | None = None,
        settings: dict[str, Any] | None = None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM stop the workers gracefully); `settings`
    go to the app's config."""
    NewsdeskServer(
        index_dir,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "newsdesk",
            # No runtime-control socket: gunicorn's default path is shared by every server
            # of the user, and nothing here uses it.
            "control_socket_disable": True,
            # Searches are short; a worker stuck for this long is restarted.
            "timeout": 60,
            # Requests are GETs with a query string. A query may be 10,000 characters, up to
            # 90 KB percent-encoded, past the most gunicorn allows as a limit (8,190 bytes),
            # so the line is not limited here (0; gunicorn's parser still stops at 1 MB) and
            # the app refuses a longer query; header blocks stay limited.
            "limit_request_line": 0,
            "limit_request_fields": 50,
            "limit_request_field_size": 8190,
        },
        write_token,
        settings,
    ).run()


def unusable_address(host: str, port: int) -> str | None:
    """Why the server cannot listen on host:port, in one line; None when it can.

    Asked before anything starts, so that a taken port is one line of error rather than
    gunicorn's retries and log lines.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        return f"cannot listen on {host!r}: {error.strerror}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            return f"cannot listen on {host}:{port} ({error.strerror}); choose another --port"
    return None
