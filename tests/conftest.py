"""Shared fixtures: a real index of the bundled samples, built once per session, and the web app."""

import json
import os

import pytest
from click.testing import CliRunner
from real_data import allsides_lines
from schema_versions import indexing_version_1
from story_corpus import write_story_corpus
from synthetic import write_export
from wire_corpus import write_wire_corpus

from corpus import samples_path
from indexer import reindex
from indexer.search.query import MAX_EXPANSIONS
from webapp import create_app


@pytest.fixture
def version_1(monkeypatch):
    """A context in which documents are indexed as schema version 1 wrote them: the body
    without its headline (tests/schema_versions.py)."""
    return lambda: indexing_version_1(monkeypatch)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """The folder of a real on-disk index of the bundled sample articles (read-only for tests)."""
    index_dir = tmp_path_factory.mktemp("sample-index")
    reindex(index_dir, [samples_path()])
    return index_dir


@pytest.fixture(scope="session")
def varied_index(tmp_path_factory):
    """Sixty words sharing a prefix, dated articles for recency, and copies of one wire story."""
    folder = tmp_path_factory.mktemp("varied")
    wire = ("The ministry said on Tuesday that the convoy of forty trucks carrying grain and medicine "
            "crossed the border at dawn after a week of talks between the two governments, and that "
            "inspectors from the agency checked every vehicle before it was allowed to continue north "
            "towards the port city where the cargo will be loaded onto ships bound for the coast.")
    records = [
        {"url": "https://a.example/1", "source": "Alpha", "title": "Convoy crosses border", "body": wire,
         "published": "2025-06-01"},
        {"url": "https://b.example/1", "source": "Beta", "title": "Grain convoy crosses",
         "body": "By Beta staff. " + wire, "published": "2025-06-01"},
        {"url": "https://c.example/1", "source": "Gamma", "title": "Trucks cross at dawn",
         "body": wire.replace("forty", "40") + " Officials declined to comment further.", "published": "2025-06-02"},
        {"url": "https://d.example/1", "source": "Delta", "title": "Convoy analysis",
         "body": "An analysis of why the convoy matters for grain prices in the region, with the opinions of "
                 "traders and economists about supply, shipping insurance, harvest forecasts and the weather "
                 "in the coming weeks, which has been unusually dry across the northern plains this year.",
         "published": "2025-01-01"},
        {"url": "https://e.example/1", "source": "Epsilon", "title": "Words",
         "body": " ".join(f"zzword{n}" for n in range(MAX_EXPANSIONS + 10)) + " convoy",
         "published": "2024-01-01"},
    ]
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    index_dir = folder / "index"
    reindex(index_dir, [feed])
    return index_dir


@pytest.fixture(scope="session")
def story_index(tmp_path_factory):
    """Eight articles on an eruption among thirty, their words in counted articles (story_corpus.py)."""
    folder = tmp_path_factory.mktemp("story")
    reindex(folder / "index", [write_story_corpus(folder / "story.jsonl")], workers=1)
    return folder / "index"


@pytest.fixture(scope="session")
def wire_index(tmp_path_factory):
    """One wire story under four outlets beside an article with no copy (wire_corpus.py)."""
    folder = tmp_path_factory.mktemp("wire")
    reindex(folder / "index", [write_wire_corpus(folder / "wire.jsonl")], workers=1)
    return folder / "index"


@pytest.fixture
def wire_client(wire_index):
    """A client of an app on the wire story's index."""
    return create_app({"TESTING": True, "INDEX_DIR": str(wire_index)}).test_client()


@pytest.fixture(scope="session")
def updated_index(tmp_path_factory):
    """Two segments from a parallel build, then an update that deletes and rewrites articles."""
    folder = tmp_path_factory.mktemp("facets")
    exports = folder / "exports"
    exports.mkdir()
    write_export(exports / "a.jsonl", 600, seed=1)
    write_export(exports / "b.jsonl", 100, seed=3)
    reindex(folder / "index", [exports], workers=2)
    kept = (exports / "a.jsonl").read_text("utf-8").splitlines(keepends=True)[500:]
    write_export(exports / "a.jsonl", 600, seed=2)  # rewritten but for its last 100 articles,
    rewritten = (exports / "a.jsonl").read_text("utf-8").splitlines(keepends=True)[:500]
    # so that the second segment keeps live articles: a segment left without any is dropped.
    (exports / "a.jsonl").write_text("".join(rewritten + kept), "utf-8")
    (exports / "b.jsonl").unlink()  # gone
    report = reindex(folder / "index", [exports])
    assert report.deleted == 100 and report.updated > 0
    return folder / "index"


@pytest.fixture(scope="session")
def allsides_index(tmp_path_factory):
    lines = allsides_lines(40000, 125)
    if not lines:
        pytest.skip("the allsides-news corpus is not beside this checkout")
    folder = tmp_path_factory.mktemp("allsides")
    (folder / "slice.jsonl").write_text("".join(lines), encoding="utf-8")
    reindex(folder / "index", [folder / "slice.jsonl"])
    return folder / "index"


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
def story_client(story_index):
    """A client of an app on the index whose distinctive words are known (story_corpus.py)."""
    return create_app({"TESTING": True, "INDEX_DIR": str(story_index)}).test_client()


@pytest.fixture
def runner():
    """Runs `newsdesk` commands in-process; result.stdout and result.stderr are kept apart."""
    return CliRunner()


@pytest.fixture
def varied_client(varied_index):
    """A client of an app on the index with copies of one wire story and dated articles."""
    return create_app({"TESTING": True, "INDEX_DIR": str(varied_index)}).test_client()


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


@pytest.fixture
def desktop_page(browser):
    """A page of a fresh browser context, 1280 by 900, waiting at most 10 s for anything."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def samples_server(tmp_path_factory):
    """A real `newsdesk serve` of the bundled samples, for one test module."""
    from live_server import serving

    index = tmp_path_factory.mktemp("served") / "index"
    with serving(index, tmp_path_factory.mktemp("log") / "server.log") as base:
        yield base
