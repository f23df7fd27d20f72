"""A parallel reindex (a big export read in parts, segments written by several processes)
builds the same index as a serial one."""

import json
import random

import pytest
from whoosh import index as whoosh_index

from indexer import IndexStore, SearchRequest, SearchService, reindex
from indexer.build.update import LINES_PER_PART

WORDS = ("senate vote budget Kyïv T-72B1 Russia’s troops border court ruling election "
         "governor storm flood market rally tariff climate hearing").split()


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A JSON Lines export of more than two parts' worth of lines, with a few bad lines."""
    rng = random.Random(6)
    lines = []
    for n in range(LINES_PER_PART * 2 + 150):
        if n in (5, LINES_PER_PART + 3):
            lines.append("{not json")
            continue
        lines.append(json.dumps({
            "title": " ".join(rng.choices(WORDS, k=5)),
            "body": " ".join(rng.choices(WORDS, k=40)),
            "source": rng.choice(["Alpha News", "Beta Post", "Gamma Wire"]),
            "date": f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://news.example/{n}",
        }))
    path = tmp_path_factory.mktemp("export") / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(index_dir):
    ix = whoosh_index.open_dir(str(IndexStore(index_dir).require_live_generation()))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs = sorted((d["id"], sorted(d.items())) for d in searcher.documents())
        terms = {
            (field, text): (reader.doc_frequency(field, text), reader.frequency(field, text))
            for field, text in reader.all_terms()
        }
        return docs, terms


def test_parallel_build_equals_serial(export, tmp_path):
    serial = reindex(tmp_path / "serial", [export], workers=1)
    parallel = reindex(tmp_path / "parallel", [export], workers=2)
    assert serial.articles == parallel.articles == LINES_PER_PART * 2 + 148
    assert parallel.rejected == serial.rejected
    assert [r.reason for r in parallel.rejected] == [
        "line 6: not valid JSON (Expecting property name enclosed in double quotes)",
        f"line {LINES_PER_PART + 4}: not valid JSON (Expecting property name enclosed in double quotes)",
    ]
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "serial")
    for q in ("senate", '"border court"', "T-72B1", "kyiv"):
        one = SearchService(tmp_path / "serial").search(SearchRequest(q=q))
        two = SearchService(tmp_path / "parallel").search(SearchRequest(q=q))
        assert one.total == two.total > 0
        assert one.facets == two.facets


def test_parallel_incremental_update_reads_parts_too(export, tmp_path):
    reindex(tmp_path / "ix", [export], workers=2)
    report = reindex(tmp_path / "ix", [export], workers=2)
    assert (report.added, report.updated, report.deleted) == (0, 0, 0)
    assert report.unchanged == LINES_PER_PART * 2 + 148


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_bigger_than_one_segment_writes_several(export, tmp_path, workers):
    reindex(tmp_path / "one", [export], workers=1)
    report = reindex(tmp_path / "several", [export], workers=workers, segment_articles=700)
    assert report.articles == LINES_PER_PART * 2 + 148
    ix = whoosh_index.open_dir(str(IndexStore(tmp_path / "several").require_live_generation()))
    # 2,150 records (two of them bad lines, in the first and second segments): three full
    # segments of 700 records as they stream in, then the last 50 in one share per worker.
    assert [segment.doc_count_all() for segment in ix._segments()] == [699, 699, 700] + [50 // workers] * workers
    assert snapshot(tmp_path / "several") == snapshot(tmp_path / "one")


def test_a_full_build_reads_and_writes_as_the_records_stream(export):
    """Parts are read from the file as they are taken, and shares are cut as the records
    arrive: the first share pulls one share's worth of lines, not the whole corpus, and no
    raw key is kept in this process (the worker writing a record takes its key)."""
    from corpus import discover
    from indexer.build import parallel, rawkeys

    todo = rawkeys.plan(discover([export]).inputs, {}, LINES_PER_PART, full=True)
    assert not isinstance(todo.tasks, list)
    first = next(parallel.shares(todo.tasks, 2, 700))
    assert [(part.first, len(part.lines)) for part in first] == [(1, 700)]
    assert todo.records == LINES_PER_PART and not todo.keys  # one part read


def write_export(path, lines):
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def records(count, changed=()):
    return [{
        "title": f"Story {n}" + (" revised" if n in changed else ""),
        "body": f"Senate vote number {n} on the budget" + (", revised" if n in changed else ""),
        "url": f"https://news.example/{n}",
    } for n in range(count)]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_first_of_an_id_wins_within_and_across_segments(tmp_path, workers):
    """Each segment is written by the process that reads it, so a later copy of an id is
    written and then deleted before the generation goes live: the same articles as an
    export without the copies, and each copy reported with the line it repeats."""

    lines = records(900)
    copies = {450: 3, 460: 455, 800: 3, 801: 800}  # line index -> index of the line it repeats
    for at, of in copies.items():
        lines[at] = dict(lines[at], url=lines[of]["url"])
    first = {450: 3, 460: 455, 800: 3, 801: 3}  # 801 repeats 800, itself a copy of 3
    export = write_export(tmp_path / "export.jsonl", lines)
    unique = write_export(tmp_path / "unique.jsonl", [line for n, line in enumerate(lines) if n not in copies])
    report = reindex(tmp_path / "ix", [export], workers=workers, segment_articles=200)
    assert report.articles == report.added == 900 - len(copies)
    assert [(r.path, r.reason) for r in report.rejected] == [
        (f"{export}#{at + 1}", f"same URL as {export}#{of + 1}") for at, of in first.items()
    ]
    expected = reindex(tmp_path / "unique", [unique], workers=1)
    assert expected.articles == report.articles
    built, wanted = snapshot(tmp_path / "ix")[0], snapshot(tmp_path / "unique")[0]
    assert [(id, [(k, v) for k, v in doc if k != "path"]) for id, doc in built] == [
        (id, [(k, v) for k, v in doc if k != "path"]) for id, doc in wanted
    ]
    service = SearchService(tmp_path / "ix")
    assert service.search(SearchRequest(q='"vote number 3"')).total == 1
    assert service.search(SearchRequest(q='"vote number 450"')).total == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_a_full_rebuild_counts_against_the_index_it_replaces(tmp_path, workers):
    reindex(tmp_path / "ix", [write_export(tmp_path / "a.jsonl", records(1000))], workers=workers,
            segment_articles=300)
    lines = records(1010, changed={5, 700})  # ten new, two changed
    del lines[400:403]  # three gone
    report = reindex(tmp_path / "ix", [write_export(tmp_path / "a.jsonl", lines)], full=True, workers=workers,
                     segment_articles=300)
    assert report.full
    assert (report.added, report.updated, report.deleted, report.unchanged) == (10, 2, 3, 995)
    assert report.articles == 1007
