"""Shared fixtures: a real index of the bundled samples, built once per session, and the web app."""

import os

import pytest
from click.testing import CliRunner

from corpus import samples_path
from indexer import reindex
from webapp import create_app


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """The folder of a real on-disk index of the bundled sample articles (read-only for tests)."""
    index_dir = tmp_path_factory.mktemp("sample-index")
    reindex(index_dir, [samples_path()])
    return index_dir


@pytest.fixture
def app(sample_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(sample_index)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def empty_client(tmp_path):
    """A client of an app pointed at a folder that holds no index."""
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "no-index")}).test_client()


@pytest.fixture
def runner():
    """Runs `newsdesk` commands in-process; result.stdout and result.stderr are kept apart."""
    return CliRunner()


CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
# Quiet on a closed network; never downloads anything.
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


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright's sync API (the browser is never downloaded)."""
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
