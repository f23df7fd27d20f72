"""End to end: the real server (`newsdesk serve`, gunicorn) driven by a real Chromium.

Debian's chromium through Playwright's sync API, with our own fixtures (pytest-playwright's
clash with sync_playwright in one session). The browser is never downloaded.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.load(response)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    """Screenshots and the server log, kept under pytest's temporary folder."""
    return tmp_path_factory.mktemp("artifacts")


@pytest.fixture(scope="module")
def server(tmp_path_factory, artifacts):
    """`newsdesk serve` in its own process group, on an empty index folder (so it builds one)."""
    index = tmp_path_factory.mktemp("served") / "index"
    port = free_port()
    log_path = artifacts / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "--index", str(index), "serve",
             "--port", str(port), "--workers", "2"],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                status, body = get_json(base + "/healthz")
                if status == 200 and body["status"] == "ok":
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no healthy /healthz within 60 s:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, artifacts, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    # The last state of every test, passed or failed, for a person to look at.
    opened.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()


def test_server_built_the_index_and_answers_json(server):
    status, stats = get_json(server + "/api/stats")
    assert status == 200 and stats["articles"] == 5
    status, found = get_json(server + "/api/search?q=Kursk")
    assert status == 200 and found["total"] == 5


def test_search_then_open_an_article(server, page, artifacts):
    page.goto(server + "/")
    page.fill("#q", "Kursk")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?*q=Kursk*")
    hits = page.locator("article.hit")
    hits.first.wait_for()
    assert hits.count() == 5
    assert page.locator("article.hit mark").count() >= 5
    assert page.locator("article.hit mark").first.inner_text().lower() == "kursk"
    page.screenshot(path=str(artifacts / "results.png"), full_page=True)

    first = page.locator("a.hit-title").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_url("**/articles/*")
    body = page.locator(".article-body")
    body.wait_for()
    assert "Kursk" in body.inner_text()
    assert title in page.locator("h1").inner_text()
