"""`python -m bench incremental`: builds the bases once, adds the same articles to a copy of
each, and says what the commit rewrote; Whoosh's MERGE_SMALL choice is computed as Whoosh's."""

import subprocess
import sys
from pathlib import Path

from synthetic import write_feed

from bench.incremental import _merge_small_rewrites

ROOT = Path(__file__).resolve().parents[1]


def test_merge_small_merges_most_of_a_big_index_of_full_segments():
    assert _merge_small_rewrites([10_000] * 21) == 0
    assert _merge_small_rewrites([10_000] * 23) == 230_000
    assert _merge_small_rewrites([10_000] * 100) == 230_000


def test_the_bench_adds_the_same_articles_to_each_base_and_keeps_the_indexes(tmp_path):
    corpus = write_feed(tmp_path / "corpus.jsonl", 460, "corpusword")
    work = tmp_path / "work"
    command = [sys.executable, "-m", "bench", "incremental", str(corpus), "--work", str(work),
               "--bases", "150,400", "--add", "60", "--workers", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [(row[0], row[1]) for row in rows] == [("this", "150"), ("this", "400")]
    for row in rows:
        assert row[5:8] == ["1", "->", "2"] and row[8] == "0", row  # a new segment, nothing rewritten
    assert (work / "index-150" / "CURRENT").exists() and not (work / "trial").exists()
    assert len((work / "added" / "added.jsonl").read_text().splitlines()) == 60


def test_an_index_built_elsewhere_is_updated_with_articles_of_another_corpus(tmp_path):
    corpus = write_feed(tmp_path / "corpus.jsonl", 200, "corpusword")
    elsewhere = tmp_path / "elsewhere"
    subprocess.run([sys.executable, "-m", "bench.perf.build", "newsdesk", str(corpus), str(elsewhere), "1"],
                   cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    # Another corpus whose articles have the same urls: the bench makes them new articles.
    other = write_feed(tmp_path / "other.jsonl", 200, "corpusword")
    work = tmp_path / "work"
    command = [sys.executable, "-m", "bench", "incremental", str(corpus), "--work", str(work),
               "--bases", "100,200", "--index", f"200={elsewhere}", "--added", str(other),
               "--add", "30", "--workers", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [(row[0], row[1]) for row in rows] == [("this", "100"), ("this", "200")]
    assert not (work / "index-200").exists() and not (work / "base-200.jsonl").exists()
    added = (work / "added" / "added.jsonl").read_text().splitlines()
    assert len(added) == 30 and all('#added"' in line for line in added)
