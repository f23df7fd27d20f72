"""The speed benchmark: its measuring helpers, and a tiny run so that it keeps working."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bench.perf.metrics import percentile, ratio
from bench.perf.slices import repeated, spread

ROOT = Path(__file__).resolve().parents[1]


def test_percentile_interpolates_between_ranks():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 3.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile([7.0], 99) == 7.0
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_ratio_says_how_many_times_faster():
    assert ratio(200.0, 10.0) == "20.0x"
    assert ratio(1.0, 0.0) == "–"


def test_spread_keeps_the_mix_and_repeated_makes_unique_copies():
    lines = [json.dumps({"id": str(n), "url": f"https://a.example/{n}"}) + "\n" for n in range(100)]
    sample = spread(lines, 10)
    assert len(sample) == 10 and sample[0] == lines[0] and sample[-1] == lines[90]
    assert spread(lines, 500) == lines
    copies = [json.loads(line) for line in repeated(lines[:3], 4)]
    assert len(copies) == 12
    assert len({c["id"] for c in copies}) == len({c["url"] for c in copies}) == 12


def fake_articles(path: Path, count: int) -> Path:
    """Articles that hit every query of the mix, in the corpus's JSON Lines shape."""
    from bench.perf.pages import MIX

    rng = random.Random(3)
    words = [w.strip('"') for q in MIX for w in q.q.split()] + "said the of report vote".split()
    sources = [q.source for q in MIX if q.source] + ["Other Outlet"]
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            body = "\n\n".join(" ".join(rng.choices(words, k=60)) for _ in range(3))
            handle.write(json.dumps({
                "id": f"a{n}", "title": " ".join(rng.choices(words, k=6)), "body": body,
                "source": rng.choice(sources), "date": f"2019-{rng.randint(1, 12):02d}-0{rng.randint(1, 9)}",
                "url": f"https://news.example/{n}",
            }) + "\n")
    return path


def test_quick_run_prints_every_table(tmp_path):
    data = fake_articles(tmp_path / "articles.jsonl", 300)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "perf", str(data), "--size", "200", "--rounds", "2",
         "--naive-rounds", "1", "--http-seconds", "1", "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for heading in ("## Ingest + index", "## Search page", "## HTTP"):
        assert heading in out
    assert "newsdesk incremental, 2 changed" in out
    for kind in ("broad word", "rarer word", "two words", "phrase + source", "date-sorted"):
        assert f"| {kind}" in out
    http_row = out.split("## HTTP")[1].splitlines()[4]
    assert http_row.split("|")[-2].strip() == "0", http_row  # no errors


def test_only_runs_the_chosen_tables(tmp_path):
    data = fake_articles(tmp_path / "articles.jsonl", 150)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "perf", str(data), "--size", "100", "--only", "ingest",
         "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "## Ingest + index" in done.stdout
    assert "## Search page" not in done.stdout and "## HTTP" not in done.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "bench", "perf", str(data), "--only", "search,nonsense"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert refused.returncode == 2 and "choose from ingest, search, http, scaling" in refused.stderr


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="samples /proc")
def test_tree_memory_counts_child_processes():
    from bench.perf.metrics import TreeMemory

    hold = "import time; block = bytearray(300_000_000); block[::4096] = b'x' * len(block[::4096]); time.sleep(1.5)"
    with TreeMemory(interval=0.02) as alone:
        pass
    with TreeMemory(interval=0.02) as memory:
        subprocess.run([sys.executable, "-c", hold], check=True)
    assert memory.peak_mb >= alone.peak_mb + 290
