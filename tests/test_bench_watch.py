"""`python -m bench watch`: saved searches catch up on a copy of an index given, which is left
unchanged, and the new matches are found and counted."""

import subprocess
import sys
from pathlib import Path

from synthetic import write_feed

ROOT = Path(__file__).resolve().parents[1]


def test_the_bench_finds_the_added_matches_and_leaves_the_index_given_alone(tmp_path):
    corpus = write_feed(tmp_path / "corpus.jsonl", 400, "corpusword")
    index = tmp_path / "index"
    subprocess.run([sys.executable, "-m", "bench.perf.build", "newsdesk", str(corpus), str(index), "1"],
                   cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    files = sorted((p.relative_to(index), p.stat().st_mtime_ns) for p in index.rglob("*"))
    added = write_feed(tmp_path / "added.jsonl", 50, "addedword", seed=2)
    command = [sys.executable, "-m", "bench", "watch", "--index", f"400={index}", "--added", str(added),
               "--work", str(tmp_path / "work"), "--percent", "10", "--rounds", "2",
               "--queries", "addedword|corpusword"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    row = [cell.strip() for cell in done.stdout.splitlines()[2].strip("|").split("|")]
    assert row[:2] == ["400", "40"]
    assert int(row[5]) == 40  # each added article has the word addedword; corpusword is in none
    assert float(row[2]) > 0 and float(row[3]) > 0 and row[4].endswith("x")  # timings: bench/, not here
    assert sorted((p.relative_to(index), p.stat().st_mtime_ns) for p in index.rglob("*")) == files
    assert not list((tmp_path / "work").iterdir())
