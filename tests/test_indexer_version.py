"""The schema version: recorded per generation, an older index served as written and said
so, rebuilt in full by the next reindex; and what version 2 changed (headlines indexed with
the text, a position gap between them, passages still cut from the body)."""

import json

import pytest
from click.testing import CliRunner

from indexer import SearchRequest, SearchService, optimize, reindex
from indexer.build.store import VERSION_FILE, IndexStore, generation_version
from indexer.schema.fields import SCHEMA_VERSION
from webapp import create_app
from webapp.cli import cli

BODY = ("Talks in Istanbul ended without a deal on grain exports. Officials said the talks "
        "would resume next week, after the ministers meet again.")


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def _record(n, title, body=BODY):
    return {"url": f"https://x.example/{n}", "title": title, "body": body, "source": "S", "published": "2025-07-01"}


def _ids(service, q):
    return {hit.title for hit in service.search(SearchRequest(q=q)).hits}


@pytest.fixture
def folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _write(tmp_path / "a" / "a.jsonl", [_record(1, "Grain deal collapses"), _record(2, "Markets calm")])
    _write(tmp_path / "b" / "b.jsonl", [_record(3, "Harbour reopens")])
    return tmp_path


@pytest.fixture
def old_index(folders, version_1):
    """An index as a newsdesk before schema versions wrote it: no record of its version,
    and bodies indexed without their headlines."""
    index = folders / "index"
    with version_1():
        reindex(index, [folders / "a", folders / "b"])
    (IndexStore(index).require_live_generation() / VERSION_FILE).unlink()
    return index


def test_a_new_index_records_this_version_and_is_not_outdated(folders):
    reindex(folders / "index", [folders / "a"])
    store = IndexStore(folders / "index")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.outdated() is None
    assert SearchService(folders / "index").stats().outdated is None


def test_an_older_index_keeps_serving_as_written_and_says_so(old_index):
    service = SearchService(old_index)
    assert _ids(service, "collapses") == {"Grain deal collapses"}  # through the title field
    with service.store.open().searcher() as searcher:
        assert searcher.reader().doc_frequency("body", "collaps") == 0  # read as it was written
    outdated = service.stats().outdated
    assert outdated and "schema version 1" in outdated and f"version {SCHEMA_VERSION}" in outdated
    client = create_app({"TESTING": True, "INDEX_DIR": str(old_index)}).test_client()
    assert client.get("/api/stats").get_json()["outdated"] == outdated
    page = client.get("/").get_data(as_text=True)
    assert "Built by an older newsdesk" in page and "<code>newsdesk reindex</code> rebuilds it" in page
    shown = CliRunner().invoke(cli, ["--index", str(old_index), "stats"])
    assert "outdated:" in shown.output and "rebuilds it in full" in shown.output


def test_the_next_reindex_rebuilds_it_in_full_with_one_line_saying_so(old_index, folders):
    result = CliRunner().invoke(cli, ["--index", str(old_index), "reindex", str(folders / "a")])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if line.startswith("Rebuilding in full:")]
    assert len(said) == 1 and "schema version 1" in said[0]
    store = IndexStore(old_index)
    assert store.schema_version() == SCHEMA_VERSION and store.outdated() is None
    with store.open().reader() as reader:
        assert reader.doc_frequency("body", "collaps") == 1  # now with the headline
        assert reader.doc_count() == 3  # the other folder's article read again, not dropped
    assert json.loads((old_index / "last-reindex.json").read_text())["full"] is True
    # The next one is an update again.
    report = reindex(old_index, [folders / "a"])
    assert not report.full and report.rebuilt is None and report.unchanged == 2


def test_the_rebuild_is_reported(old_index, folders):
    report = reindex(old_index, [folders / "a", folders / "b"])
    assert report.full and report.added == 0 and report.unchanged == 3
    assert report.rebuilt and "schema version 1" in report.rebuilt


def test_optimize_keeps_the_version_it_merges(old_index, folders):
    _write(folders / "a" / "c.jsonl", [_record(4, "Late news")])
    store = IndexStore(old_index)
    live = store.require_live_generation()
    (live / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")  # an update, as of this version
    reindex(old_index, [folders / "a"])
    (store.require_live_generation() / VERSION_FILE).unlink()
    optimize(old_index)
    assert store.require_live_generation() != live
    assert generation_version(store.require_live_generation()) == 1


def test_an_unreadable_version_record_is_outdated(folders):
    reindex(folders / "index", [folders / "a"])
    store = IndexStore(folders / "index")
    (store.require_live_generation() / VERSION_FILE).write_text("two\n")
    assert store.schema_version() == 0 and store.outdated()


def test_a_phrase_does_not_join_the_end_of_the_body_to_the_headline(tmp_path):
    feed = _write(tmp_path / "f.jsonl", [_record(1, "Grain deal collapses", body="Exports of wheat fell. Talks resume")])
    reindex(tmp_path / "index", [feed])
    service = SearchService(tmp_path / "index")
    assert _ids(service, '"talks resume"') == {"Grain deal collapses"}
    assert _ids(service, '"grain deal"') == {"Grain deal collapses"}
    assert _ids(service, '"resume grain"') == set()
    assert _ids(service, "collapses wheat") == {"Grain deal collapses"}  # one in each


def test_passages_are_cut_from_the_body_at_the_right_places(tmp_path):
    long_title = "Istanbul talks " * 20
    feed = _write(tmp_path / "f.jsonl", [_record(1, long_title.strip())])
    reindex(tmp_path / "index", [feed])
    hit = SearchService(tmp_path / "index").search(SearchRequest(q="ministers")).hits[0]
    assert hit.highlights == ["Officials said the talks would resume next week, after the <mark>ministers</mark> "
                              "meet again."]
    title_only = SearchService(tmp_path / "index").search(SearchRequest(q="istanbul")).hits[0]
    assert "<mark>Istanbul</mark> ended" in title_only.highlights[0]


def test_a_version_2_index_is_read_in_english_until_rebuilt_in_each_language(tmp_path, monkeypatch):
    from schema_versions import indexing_version_2

    german = ("Die Stadt Berlin will bis zum Jahr 2030 neue Häuser für Familien bauen. Ein Haus am "
              "Stadtrand kostet inzwischen mehr als eine halbe Million Euro.")
    feed = _write(tmp_path / "f.jsonl", [{**_record(1, "Wohnungsbau", body=german), "language": "de"}])
    with indexing_version_2(monkeypatch):
        reindex(tmp_path / "index", [feed])
    (IndexStore(tmp_path / "index").require_live_generation() / VERSION_FILE).write_text("2\n")
    service = SearchService(tmp_path / "index")
    assert "schema version 2" in service.stats().outdated
    assert _ids(service, "Haus") == {"Wohnungsbau"}  # read as it was written: English
    assert _ids(service, "Häusern") == set()
    report = reindex(tmp_path / "index", [feed])
    assert report.full and "schema version 2" in report.rebuilt
    assert _ids(SearchService(tmp_path / "index"), "Häusern") == {"Wohnungsbau"}
