"""The build table: the same articles built as one index and as N shards with `--workers W`
on this machine, and as N shards on a Dask cluster of W one-thread workers; the cluster's
time and memory over the local sharded build's are the engine's overhead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.cluster.engine import Cluster
from bench.perf.build import reindex_command
from bench.perf.metrics import folder_mb
from bench.tables import render

HEADERS = ["build", "articles", "wall time", "articles/s", "peak RSS (trees)", "index",
           "time vs local shards", "RSS vs local shards"]


@dataclass(frozen=True)
class Built:
    """What the build part leaves for the query part: the same articles as one index and as
    shards, and the address of the run's cluster (which stays up until the run ends)."""

    one: Path
    shards: Path
    shard_count: int
    articles: int
    cluster: str


def build(articles: Path, work: Path, shards: int, workers: int, cluster: Cluster) -> Built:
    one, local, remote = work / "one-index", work / "shards-local", work / "shards-cluster"
    runs = [
        (f"one index, --workers {workers}", one, reindex_command(articles, one, workers)),
        (f"{shards} shards, --workers {workers}", local,
         reindex_command(articles, local, workers, ["--shards", str(shards)])),
        (f"{shards} shards, --cluster ({workers} workers)", remote,
         reindex_command(articles, remote, None, ["--shards", str(shards), "--cluster", cluster.address],
                         also=cluster.pids)),
    ]
    baseline = runs[1][2]
    rows = []
    for label, index, measured in runs:
        print(f"{label}: {measured['articles']:,} articles in {measured['seconds']:.0f} s", flush=True)
        rows.append([label, f"{measured['articles']:,}", f"{measured['seconds']:.1f} s",
                     _rate(measured['articles'] / measured['seconds']), f"{measured['peak_mb']:,.0f} MB",
                     f"{folder_mb(index):,.0f} MB", f"{measured['seconds'] / baseline['seconds']:.2f}x",
                     f"{measured['peak_mb'] / baseline['peak_mb']:.2f}x"])
    counts = {measured["articles"] for _, _, measured in runs}
    if len(counts) != 1:
        raise RuntimeError(f"the builds hold different numbers of articles: {sorted(counts)}")
    print(f"\n## Build: `newsdesk reindex --full`, {shards} shards locally and on a Dask cluster\n")
    print(render(HEADERS, rows))
    print(f"\nwall time of the command, started with the cluster already up ({workers} `dask worker` "
          "processes of one thread, each under its nanny, and a `dask scheduler`, all on this machine); "
          "peak RSS summed over the command's process tree and, for the cluster, the scheduler's and "
          "the workers' trees, sampled every 50 ms. vs local shards: over the local "
          f"{shards}-shard build, so the cluster row's ratios are what the engine costs on one machine.\n")
    return Built(one, local, shards, counts.pop(), cluster.address)


def _rate(value: float) -> str:
    return f"{value:,.0f}/s" if value >= 100 else f"{value:.1f}/s"
