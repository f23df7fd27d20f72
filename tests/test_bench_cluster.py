"""`python -m bench cluster`: a real Dask scheduler and two workers started by the benchmark,
the build table (one index and shards locally, shards on the cluster) and the query tables
(shards read by the server and searched on the cluster, against one index), run end to end
on a tiny input made here."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bench_scale import number, real_like, table

from bench.perf.metrics import TreeMemory
from bench.perf.pages import KINDS

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]


def bench_cluster(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench", "cluster", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


def test_a_tiny_run_prints_the_build_and_query_tables(tmp_path):
    real_like(tmp_path / "real.jsonl", count=80)
    work = tmp_path / "work"
    done = bench_cluster(tmp_path, "--articles", 60, "--work", work, "--rounds", 1, "--per-kind", 2)
    assert done.returncode == 0, done.stderr
    assert "Dask scheduler at tcp://127.0.0.1:" in done.stdout

    built = table(done.stdout, "Build")
    assert [row[0] for row in built] == ["one index, --workers 2", "4 shards, --workers 2",
                                         "4 shards, --cluster (2 workers)"]
    for row in built:
        articles, seconds, rate, peak, index, time_ratio, memory_ratio = map(number, row[1:])
        assert articles == 60 and seconds > 0 and rate == pytest.approx(60 / seconds, rel=0.1)
        assert peak > 30 and index > 0 and time_ratio > 0 and memory_ratio > 0
    assert number(built[1][-2]) == number(built[1][-1]) == 1.0  # the local shards are the baseline
    # The cluster's trees hold a scheduler and two workers beside the command: more than it alone.
    assert number(built[2][4]) > number(built[1][4]) / 2

    for heading in ("Search page over HTTP (`GET /search`), the perf query mix",
                    "Search page over HTTP (`GET /search`), queries never asked before"):
        rows = table(done.stdout, heading)
        assert [row[0] for row in rows] == [*KINDS, "all kinds"]
        assert all(len(row) == 1 + 3 * 2 + 2 for row in rows)  # three peers' p50 and p95, two ratios
        everything = rows[-1]
        assert all(number(cell) > 0 for cell in everything[1:]), everything
    assert (work / "shards-cluster").is_dir() and (work / "one-index").is_dir()


def test_bad_arguments_are_refused(tmp_path):
    missing = bench_cluster(tmp_path / "nothing.jsonl")
    assert missing.returncode == 2 and "no JSON Lines file" in missing.stderr
    real_like(tmp_path / "real.jsonl", count=5)
    one = bench_cluster(tmp_path / "real.jsonl", "--shards", 1)
    assert one.returncode == 2 and "--shards at least 2" in one.stderr


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_tree_memory_sums_several_roots():
    sleepers = [subprocess.Popen([sys.executable, "-c", "import time; b = b'x' * 60_000_000; "
                                  "time.sleep(30)"]) for _ in range(2)]
    try:
        time.sleep(1.5)
        with TreeMemory(root=sleepers[0].pid) as one:
            time.sleep(0.3)
        with TreeMemory(root=sleepers[0].pid, also=[sleepers[1].pid]) as both:
            time.sleep(0.3)
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()
    assert one.peak_mb > 60 and both.peak_mb > one.peak_mb + 50
