"""`python -m bench scale`: the build and search tables at two corpus sizes, run end to end on
a small real-like input made here (and on a slice of the real corpus when it is present)."""

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from real_data import allsides_lines
from synthetic import vocabulary

from bench.perf.metrics import private_and_resident_mb
from bench.perf.pages import KINDS, MIX
from bench.scale.measure import count, lines
from bench.scale.run import corpora

ROOT = Path(__file__).resolve().parents[1]


def real_like(path: Path, count: int = 60, seed: int = 5) -> Path:
    """Articles in the allsides fields, words drawn by Zipf's law from made-up words (so that
    queries never asked before can be found), a phrase of the perf mix in each paragraph, and
    the mix's outlets among others."""
    rng = random.Random(seed)
    words = vocabulary(800, seed=11)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    phrases = [query.q.strip('"') for query in MIX]
    outlets = [query.source for query in MIX if query.source] + ["Alpha News", "Beta Daily"]
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            paragraphs = []
            for _ in range(rng.randint(4, 8)):
                text = rng.choices(words, weights, k=rng.randint(30, 60))
                text.insert(rng.randrange(len(text)), rng.choice(phrases))
                paragraphs.append(" ".join(text).capitalize() + ".")
            outlet = outlets[n % len(outlets)]
            out.write(json.dumps({
                "id": f"r{n}", "title": " ".join(rng.choices(words, weights, k=7)).capitalize(),
                "body": "\n\n".join(paragraphs), "source": outlet,
                "date": f"20{12 + n % 9}-0{1 + n % 9}-1{n % 10}",
                "url": f"https://{outlet.split()[0].lower()}.example/{n}",
            }) + "\n")
    return path


def bench_scale(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench", "scale", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def table(out: str, heading: str) -> list[list[str]]:
    """The rows of the table under the first heading starting with `heading`, as cells."""
    after = out.split(f"\n## {heading}", 1)[1].split("\n\n", 2)[1]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in after.splitlines()[2:]]


def number(cell: str) -> float:
    return float(cell.split()[0].rstrip("x/s").replace(",", ""))


def check_tables(out: str, sizes: list[tuple[int, Path]]) -> None:
    """The build and search tables hold a sane row per size and per kind."""
    built = table(out, "Build")
    assert [row[0] for row in built] == [f"{n:,}" for n, _ in sizes]
    for row, (n, corpus) in zip(built, sizes):
        assert number(row[1]) == count(corpus) == n  # every article of the corpus indexed
        rate, seconds, peak, optimize, _, optimize_peak, index, per_article, naive, _, _, fts5_size, _ = \
            map(number, row[2:])
        assert rate > 0 and seconds > 0 and peak > 30 and naive > 0 and optimize > 0 and optimize_peak > 30
        before, after = (int(part) for part in row[6].split(" -> "))  # segments, built and optimized
        assert 1 <= after <= before
        assert index > 0 and per_article > 0 and fts5_size > 0
        assert rate == pytest.approx(n / seconds, rel=0.5)  # the wall time is rounded
    searched = table(out, "Search page")
    assert [row[0] for row in searched] == list(KINDS)
    for row in searched:
        p50s = row[1 : 1 + 2 * len(sizes) : 2]
        assert all(number(p50) > 0 for p50 in p50s), row  # every kind has a p50 at every size
        assert number(row[-2]) > 0  # FTS5's p50
    memory = table(out, "Server memory")
    assert [row[0] for row in memory] == [f"{n:,}" for n, _ in sizes for _ in range(2)]  # 2 workers each
    for row in memory:
        resident, private, shared, heap = number(row[2]), number(row[3]), number(row[4]), number(row[5])
        assert 0 < private < resident and shared > 0 and 0 < heap < resident


def test_a_tiny_run_prints_both_tables_and_search_reuses_the_build(tmp_path):
    real = real_like(tmp_path / "real.jsonl")
    work = tmp_path / "work"
    done = bench_scale(real, "--articles", 300, "--small", 150, "--naive-articles", 100, "--per-kind", 3,
                       "--work", work)
    assert done.returncode == 0, done.stderr
    check_tables(done.stdout, [(n, work / f"scale-{n}-seed0.jsonl.gz") for n in (150, 300)])
    assert "made scale-300-seed0.jsonl.gz" in done.stdout
    for target in ("at least 3x naive", "at most 2,000 MB at 300", "at most 1.5x SQLite FTS5",
                   "p50 at most 150 ms", "p95 at most 3x p50", "growth from 150 to 300 at most 2x"):
        assert target in done.stdout

    again = bench_scale(real, "--articles", 300, "--small", 150, "--per-kind", 2, "--only", "search",
                        "--work", work)
    assert again.returncode == 0, again.stderr
    assert "reused scale-150-seed0.jsonl.gz" in again.stdout and "\nmade " not in again.stdout
    assert "## Build" not in again.stdout and "## Search page" in again.stdout


def test_search_alone_needs_an_earlier_build_and_parts_are_checked(tmp_path):
    real = real_like(tmp_path / "real.jsonl", count=10)
    alone = bench_scale(real, "--articles", 100, "--only", "search", "--work", tmp_path / "empty")
    assert alone.returncode == 2 and "needs --work holding the indexes" in alone.stderr
    wrong = bench_scale(real, "--articles", 100, "--only", "build,nonsense")
    assert wrong.returncode == 2 and "choose from build, search" in wrong.stderr


def test_a_run_on_real_articles(tmp_path):
    real_lines = allsides_lines(37_554, 75)
    if not real_lines:
        pytest.skip("the allsides corpus is not beside this checkout")
    real = tmp_path / "real.jsonl"
    real.write_text("".join(real_lines), "utf-8")
    work = tmp_path / "work"
    done = bench_scale(real, "--articles", 400, "--small", 200, "--naive-articles", 100, "--per-kind", 2,
                       "--work", work)
    assert done.returncode == 0, done.stderr
    check_tables(done.stdout, [(n, work / f"scale-{n}-seed0.jsonl.gz") for n in (200, 400)])


def test_one_size_when_the_small_one_is_not_smaller(tmp_path):
    assert [s.articles for s in corpora.sizes(100, 150, 0, tmp_path)] == [100]
    assert [s.articles for s in corpora.sizes(1_000_000, 150_000, 0, tmp_path)] == [150_000, 1_000_000]


def test_the_naive_slice_is_spread_over_the_whole_corpus(tmp_path):
    size = corpora.Size(1_000, 0, tmp_path)
    with gzip.open(size.corpus, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"id": n}) + "\n" for n in range(1_000))
    taken = [json.loads(line)["id"] for line in lines(corpora.spread_slice(size, 40, tmp_path / "s.jsonl"))]
    assert taken == list(range(0, 1_000, 25))
    assert len(list(lines(corpora.spread_slice(size, 5_000, tmp_path / "all.jsonl")))) == 1_000


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads /proc")
def test_private_memory_is_part_of_the_resident():
    private, heap, resident = private_and_resident_mb(os.getpid())
    assert 0 < private <= resident and 0 < heap <= resident
