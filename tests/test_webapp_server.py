"""The production server as started by `newsdesk serve`: no debugger ever, limits on requests."""

import http.client
import socket
import urllib.parse

import pytest
from live_server import serving

from corpus import samples_path
from indexer import reindex
from webapp.app import create_app
from webapp.security import SECURITY_HEADERS
from webapp.server import unusable_address

pytestmark = pytest.mark.faults


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    reindex(folder / "index", [samples_path()])
    # Everything that could switch a debugger on is set: it must stay off.
    debug_env = {"FLASK_DEBUG": "1", "FLASK_ENV": "development", "WERKZEUG_DEBUG_PIN": "off"}
    with serving(folder / "index", folder / "server.log", env=debug_env) as base:
        yield urllib.parse.urlsplit(base)


def request(server, path, headers=None):
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_no_debugger_even_when_the_environment_asks_for_one(server):
    for path in ("/console", "/?__debugger__=yes&cmd=resource&f=style.css"):
        status, _, body = request(server, path)
        assert status in (200, 404)
        assert "debugger" not in body.lower() and "werkzeug" not in body.lower()
    assert create_app({"DEBUG": True}).debug is False


def test_real_responses_carry_the_security_headers(server):
    status, headers, _ = request(server, "/search?q=Kursk")
    assert status == 200
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value


def test_a_query_of_ten_thousand_characters_is_answered(server):
    # Percent-encoded, far past the longest request line gunicorn can limit to (8,190 bytes).
    words = ("Kyïv Kursk region troops Laos demining " * 300)[:10_000]
    line = "/api/search?q=" + urllib.parse.quote_plus(words)
    assert len(line) > 11_000
    status, _, body = request(server, line)
    assert status == 200, body[:300]


def test_oversized_request_line_and_headers_are_refused(server):
    status, _, _ = request(server, "/api/search?q=" + "a" * 20_000)
    assert status in (400, 414)
    status, _, _ = request(server, "/healthz", headers={f"X-Filler-{n}": "x" for n in range(200)})
    assert status in (400, 431)
    status, _, _ = request(server, "/healthz", headers={"X-Big": "x" * 20_000})
    assert status in (400, 431)
    assert request(server, "/healthz")[0] == 200, "the server is still fine"


def test_a_taken_port_is_named_before_the_server_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        problem = unusable_address("127.0.0.1", port)
    assert problem is not None and problem.startswith(f"cannot listen on 127.0.0.1:{port} (")
    assert unusable_address("127.0.0.1", 0) is None  # any free port
