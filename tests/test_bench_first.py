"""`python -m bench first`: on an index already built, every query of the perf mix timed as a
page and as who reported first, in turns; the index is read, never written."""

import subprocess
import sys
from pathlib import Path

from synthetic import write_feed
from wire_corpus import write_wire_corpus

from indexer import reindex

ROOT = Path(__file__).resolve().parents[1]


def test_the_bench_times_each_query_both_ways_on_a_built_index(tmp_path):
    corpus = write_feed(tmp_path / "corpus.jsonl", 120, "trump")  # the mix's broad word, in every article
    reindex(tmp_path / "index", [corpus], workers=1)
    before = sorted(p.name for p in (tmp_path / "index").rglob("*"))
    command = [sys.executable, "-m", "bench", "first", str(tmp_path / "index"), "--rounds", "2"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    assert done.stdout.startswith("120 articles indexed")
    assert "cold: the first call" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == 12 and rows[0].split("|")[1].strip() == "trump"
    assert rows[0].split("|")[2].strip() == "120"
    assert sorted(p.name for p in (tmp_path / "index").rglob("*")) == before


def test_a_folder_without_an_index_is_refused(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bench", "first", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no newsdesk index at" in done.stderr


def test_the_story_mode_times_stories_against_their_article_pages_reading_only_their_articles(tmp_path):
    reindex(tmp_path / "index", [write_wire_corpus(tmp_path / "wire.jsonl")], workers=1)
    command = [sys.executable, "-m", "bench", "first", str(tmp_path / "index"), "--stories", "3", "--rounds", "2"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    assert "cold: the first story" in done.stdout
    rows = [line.split("|")[1].strip() for line in done.stdout.splitlines() if line.startswith("| ")][1:]
    assert rows == ["story view", "article page"]
    # The four copies of the one wire story are found, each its story's first article.
    assert "3 stories of 4-4 articles (median 4), 2 rounds, in turns; stored documents read beyond the " \
           "stories' own articles: 0." in " ".join(done.stdout.split())
