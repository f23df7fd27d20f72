"""Incremental reindexing skips records whose raw bytes are unchanged, and still adds,
updates and deletes exactly what changed."""

import json

from corpus import discover
from indexer import SearchRequest, SearchService, reindex
from indexer.build.indexed import every
from indexer.build.rawkeys import plan
from indexer.build.store import IndexStore
from indexer.build.update import LINES_PER_PART


def write_export(path, bodies):
    path.write_text("".join(
        json.dumps({"title": f"Story {n}", "body": body, "url": f"https://news.example/{n}",
                    "source": "Alpha News", "date": "2024-03-0%d" % (n % 9 + 1)}) + "\n"
        for n, body in enumerate(bodies)
    ), encoding="utf-8")


def bodies(count):
    return [f"The council debated item {n} about harbour dredging and ferry fares for the island."
            for n in range(count)]


def left_to_read(index_dir, export):
    indexed = every(IndexStore(index_dir).open())
    known = {path: (article_id, key) for article_id, (_, path, key) in indexed.items() if key}
    return plan(discover([export]).inputs, known, LINES_PER_PART)


def test_only_changed_records_are_read_again(tmp_path):
    export = tmp_path / "export.jsonl"
    texts = bodies(30)
    write_export(export, texts)
    first = reindex(tmp_path / "ix", [export])
    assert first.added == 30
    assert left_to_read(tmp_path / "ix", export).records == 0
    texts[7] = texts[7].replace("ferry fares", "ferry timetables")
    write_export(export, texts)
    todo = left_to_read(tmp_path / "ix", export)
    assert todo.records == 1 and len(todo.kept) == 29
    [part] = todo.tasks
    assert [n for n, line in enumerate(part.lines, start=part.first) if line.strip()] == [8]
    report = reindex(tmp_path / "ix", [export])
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 1, 0, 29)
    service = SearchService(tmp_path / "ix")
    assert [h.title for h in service.search(SearchRequest(q="timetables")).hits] == ["Story 7"]
    assert service.search(SearchRequest(q="dredging")).total == 30


def test_removed_and_new_records_are_deleted_and_added(tmp_path):
    export = tmp_path / "export.jsonl"
    texts = bodies(20)
    write_export(export, texts)
    reindex(tmp_path / "ix", [export])
    write_export(export, texts[:15])  # the last five lines removed
    report = reindex(tmp_path / "ix", [export])
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 5, 15)
    write_export(export, texts[:15] + ["A new story about the lighthouse keeper's retirement party."])
    report = reindex(tmp_path / "ix", [export])
    assert (report.added, report.deleted, report.unchanged) == (1, 0, 15)
    assert SearchService(tmp_path / "ix").search(SearchRequest(q="lighthouse")).total == 1


def test_a_bad_changed_line_costs_only_that_line(tmp_path):
    export = tmp_path / "export.jsonl"
    write_export(export, bodies(10))
    reindex(tmp_path / "ix", [export])
    lines = export.read_text("utf-8").splitlines(keepends=True)
    lines[3] = "{not json\n"
    export.write_text("".join(lines), encoding="utf-8")
    report = reindex(tmp_path / "ix", [export])
    assert [r.reason for r in report.rejected] == [
        "line 4: not valid JSON (Expecting property name enclosed in double quotes)"]
    # The bad line's article stays (its record could not be read), the others are unchanged.
    assert (report.deleted, report.unchanged) == (0, 9)
    assert SearchService(tmp_path / "ix").search(SearchRequest(q="dredging")).total == 10


def test_a_full_build_keeps_keys_and_workers_agree(tmp_path):
    export = tmp_path / "export.jsonl"
    write_export(export, bodies(LINES_PER_PART + 40))
    reindex(tmp_path / "ix", [export], full=True, workers=2)
    assert left_to_read(tmp_path / "ix", export).records == 0
    report = reindex(tmp_path / "ix", [export], workers=2)
    assert report.unchanged == LINES_PER_PART + 40 and report.added == report.updated == 0
