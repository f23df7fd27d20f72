"""The build table: `newsdesk reindex --full` then `newsdesk optimize` at each size, beside naive
Whoosh's rate on an evenly spread slice and SQLite FTS5 on the same articles, and the issue's
targets under it. The search table reads the optimized indexes, as docs/scaling.md tells a user
to build a large one."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.perf.build import build_in_child, optimize_command, reindex_command
from bench.perf.metrics import folder_mb
from bench.scale.run.corpora import Size, spread_slice
from bench.tables import render, verdict

# The targets: articles/s against naive Whoosh's, the peak memory of the build's process tree
# at the largest size, the index's size against SQLite FTS5's.
MIN_OVER_NAIVE = 3.0
MAX_PEAK_MB = 2_000
MAX_OVER_FTS5 = 1.5

HEADERS = ["articles", "indexed", "articles/s", "wall time", "peak RSS (tree)", "optimize", "segments",
           "optimize peak RSS", "index", "per article", "naive articles/s", "vs naive", "FTS5 build",
           "FTS5 size", "size vs FTS5"]


def build(sizes: list[Size], work: Path, workers: int | None, naive_articles: int) -> None:
    """Build every index the search table reads, and print the build table."""
    largest = sizes[-1]
    sample = spread_slice(largest, naive_articles, work / f"naive-{naive_articles}.jsonl")
    shutil.rmtree(work / "naive", ignore_errors=True)
    naive = build_in_child("naive", sample, work / "naive")
    naive_rate = naive["articles"] / naive["seconds"]
    print(f"naive Whoosh: {naive['articles']:,} articles in {naive['seconds']:.0f} s", flush=True)
    rows, over_naive, over_fts5 = [], [], []
    for size in sizes:
        ours = reindex_command(size.corpus, size.index, workers)
        built_segments = segment_count(size.index)
        print(f"newsdesk reindex --full, {size.label} articles: {ours['seconds']:.0f} s, "
              f"{built_segments} segments", flush=True)
        merged = optimize_command(size.index, workers)
        merged_segments = segment_count(size.index)
        print(f"newsdesk optimize, {size.label} articles: {merged['seconds']:.0f} s, {merged_segments} segments",
              flush=True)
        rate, index_mb = ours["articles"] / ours["seconds"], live_mb(size.index)
        fts = build_in_child("fts5", size.corpus, size.fts5)
        fts_mb = size.fts5.stat().st_size / 1e6
        print(f"SQLite FTS5, {size.label} articles: {fts['seconds']:.0f} s", flush=True)
        over_naive.append(rate / naive_rate)
        over_fts5.append(index_mb / fts_mb)
        rows.append([size.label, f"{ours['articles']:,}", f"{rate:,.0f}/s", _seconds(ours["seconds"]),
                     f"{ours['peak_mb']:,.0f} MB", _seconds(merged["seconds"]),
                     f"{built_segments} -> {merged_segments}", f"{merged['peak_mb']:,.0f} MB", _mb(index_mb),
                     f"{index_mb * 1000 / max(1, ours['articles']):.1f} KB", f"{naive_rate:,.0f}/s",
                     f"{over_naive[-1]:.2f}x", _seconds(fts["seconds"]), _mb(fts_mb),
                     f"{over_fts5[-1]:.2f}x"])
    peak = max(ours["peak_mb"], merged["peak_mb"])
    setting = f"--workers {workers}" if workers else "default settings"
    print(f"\n## Build: `newsdesk reindex --full` ({setting}) from the gzipped JSON Lines corpus\n")
    print(render(HEADERS, rows))
    print(f"\nwall time and peak RSS summed over the command's process tree (its workers included); "
          f"optimize: `newsdesk optimize` after the build, the segments before and after; index: the "
          f"live generation on disk after optimize. naive Whoosh: one writer on an evenly spread "
          f"{naive['articles']:,}-article slice of the {largest.label}. FTS5: Python's sqlite3, "
          "the same articles, one transaction.")
    print("targets:")
    print(f"- articles/s at least {MIN_OVER_NAIVE:g}x naive Whoosh's: {_each(over_naive, sizes)} "
          f"{verdict(min(over_naive) >= MIN_OVER_NAIVE)}")
    print(f"- peak RSS of the process tree at most {MAX_PEAK_MB:,} MB at {largest.label}, build or "
          f"optimize: {peak:,.0f} MB "
          f"{verdict(peak <= MAX_PEAK_MB)}")
    print(f"- index size at most {MAX_OVER_FTS5:g}x SQLite FTS5's: {_each(over_fts5, sizes)} "
          f"{verdict(max(over_fts5) <= MAX_OVER_FTS5)}\n")


def live_mb(index: Path) -> float:
    """The size of the live generation of the newsdesk index `index`: the generation an
    optimize replaced stays on disk until the next reindex or optimize prunes it."""
    from indexer import IndexStore

    return folder_mb(IndexStore(index).require_live_generation())


def segment_count(index: Path) -> int:
    """How many segments the live generation of the newsdesk index `index` has."""
    from indexer import IndexStore

    with IndexStore(index).open().reader() as reader:
        return sum(1 for _ in reader.leaf_readers())


def _each(ratios: list[float], sizes: list[Size]) -> str:
    return ", ".join(f"{value:.2f}x at {size.label}" for value, size in zip(ratios, sizes))


def _seconds(value: float) -> str:
    return f"{value:,.0f} s" if value >= 100 else f"{value:.1f} s"


def _mb(value: float) -> str:
    return f"{value:,.0f} MB" if value >= 100 else f"{value:.1f} MB"
