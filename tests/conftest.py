"""Shared fixtures: a real index of the bundled samples, built once per session, and the web app."""

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
