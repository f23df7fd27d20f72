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
    # 2,148 articles: three full segments of 700 as they stream in, then the last 48 in
    # one share per worker.
    assert [segment.doc_count_all() for segment in ix._segments()] == [700] * 3 + [48 // workers] * workers
    assert snapshot(tmp_path / "several") == snapshot(tmp_path / "one")


def test_a_full_build_reads_and_writes_as_the_articles_stream(export, tmp_path):
    """Parts are read from the file as they are taken, and batches are cut as articles
    arrive: the first batch pulls one batch's worth of articles, not the whole corpus."""
    from corpus import discover, ingest
    from indexer.build import parallel, rawkeys

    todo = rawkeys.plan(discover([export]).inputs, {}, LINES_PER_PART)
    assert not isinstance(todo.tasks, list)
    assert next(iter(todo.tasks)).first == 1 and todo.records == LINES_PER_PART  # one part read
    articles = [a for outcome in ingest([export]) for a in outcome.articles]
    pulled = []

    def stream():
        for article in articles:
            pulled.append(article)
            yield article, b""

    first = next(parallel._batches(stream(), 2, 700))
    assert len(first) == 700 and len(pulled) == 700
