"""`python -m bench coverage`: every query of the perf mix timed as a page and as coverage (or,
with --terms, as distinctive words), in turns, and compared with the target."""

import subprocess
import sys
from pathlib import Path

from synthetic import write_feed

ROOT = Path(__file__).resolve().parents[1]


def test_the_bench_times_each_query_both_ways_and_judges_the_broadest(tmp_path):
    corpus = write_feed(tmp_path / "corpus.jsonl", 120, "trump")  # the mix's broad word, in every article
    work = tmp_path / "work"
    command = [sys.executable, "-m", "bench", "coverage", str(corpus), "--work", str(work),
               "--rounds", "2", "--workers", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    assert done.stdout.startswith("120 articles indexed")
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == 12 and rows[0].split("|")[1].strip() == "trump"
    assert rows[0].split("|")[2].strip() == "120"
    assert "Broadest query 'trump' (120 matches): coverage at most" in done.stdout
    assert (work / "index" / "CURRENT").exists()


def test_the_bench_times_distinctive_words_with_terms(tmp_path):
    corpus = write_feed(tmp_path / "corpus.jsonl", 60, "trump")
    command = [sys.executable, "-m", "bench", "coverage", str(corpus), "--work", str(tmp_path / "work"),
               "--rounds", "1", "--workers", "1", "--terms", "--cpu"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    header = next(line for line in done.stdout.splitlines() if line.startswith("| query"))
    assert [cell.strip() for cell in header.split("|")[1:-1]] == [
        "query", "matches", "page", "coverage", "ratio", "words", "ratio", "by outlet", "ratio"]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == 12 and rows[0].split("|")[2].strip() == "60"
    assert "(CPU time of this process). Coverage (month x top 10 outlets) of the broadest query 'trump'" in done.stdout
    assert "No query matches 10,000 articles or more: nothing to judge." in done.stdout
