"""One index build in its own process, so that its peak memory is its own.

`python -m bench.perf.build KIND JSONL OUT [WORKERS]` prints one JSON line:
{"seconds", "articles", "peak_mb"}: peak_mb is the peak memory summed over the build's
process tree (its worker processes included). KIND is newsdesk (full reindex), update (incremental
reindex of an existing newsdesk index), naive or fts5. `reindex_command` measures the same
for `newsdesk reindex --full` run as a user runs it, `optimize_command` for `newsdesk optimize`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter

from bench.perf.metrics import TreeMemory


def run_build(kind: str, jsonl: Path, out: Path, workers: int) -> dict[str, float]:
    with TreeMemory() as memory:
        seconds, articles = _build(kind, jsonl, out, workers)
    return {"seconds": seconds, "articles": articles, "peak_mb": memory.peak_mb}


def _build(kind: str, jsonl: Path, out: Path, workers: int) -> tuple[float, int]:
    started = perf_counter()
    if kind in ("newsdesk", "update"):
        from indexer import reindex

        report = reindex(out, [jsonl], full=kind == "newsdesk", workers=workers)
        articles = report.added + report.updated if kind == "update" else report.articles
    elif kind == "naive":
        from bench.perf import naive

        articles = naive.build(jsonl, out)
    elif kind == "fts5":
        from bench.perf import fts5

        articles = fts5.build(jsonl, out)
    else:
        raise SystemExit(f"unknown build kind {kind!r}")
    return perf_counter() - started, articles


def reindex_command(jsonl: Path, out: Path, workers: int | None = None, options: Sequence[str] = (),
                    also: Sequence[int] = ()) -> dict[str, float]:
    """`newsdesk reindex --full` into a new index `out`, with the command's default settings
    (its own default --workers unless `workers` is given) and any other `options`, measured from
    outside: wall time, the articles the index then holds, and the peak memory summed over the
    command's process tree and those of the processes `also` (a cluster's scheduler and workers)."""
    shutil.rmtree(out, ignore_errors=True)
    return _measured_command(out, ["reindex", "--full", *options, str(jsonl)], workers, also)


def optimize_command(index: Path, workers: int | None = None) -> dict[str, float]:
    """`newsdesk optimize` of the index `index`, measured from outside as `reindex_command` is."""
    return _measured_command(index, ["optimize"], workers)


def _measured_command(index: Path, arguments: list[str], workers: int | None,
                      also: Sequence[int] = ()) -> dict[str, float]:
    command = [sys.executable, "-m", "webapp.cli", "--index", str(index), *arguments]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with TreeMemory(root=child.pid, also=also) as memory:
        _, errors = child.communicate()
    seconds = perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"newsdesk {arguments[0]} exited with {child.returncode}: {errors.strip()[-2000:]}")
    return {"seconds": seconds, "articles": indexed_articles(index), "peak_mb": memory.peak_mb}


def indexed_articles(index: Path) -> int:
    """How many articles the live generation of the newsdesk index `index` holds (0: none)."""
    from indexer import IndexStore

    store = IndexStore(index)
    if store.live_generation() is None:
        return 0
    return store.open().doc_count()


def build_in_child(kind: str, jsonl: Path, out: Path, workers: int = 1) -> dict[str, float]:
    """Run one build in a fresh interpreter and return what it measured."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.perf.build", kind, str(jsonl), str(out), str(workers)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    kind, jsonl, out, *rest = sys.argv[1:]
    print(json.dumps(run_build(kind, Path(jsonl), Path(out), int(rest[0]) if rest else 1)))
