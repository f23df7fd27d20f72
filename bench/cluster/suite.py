"""The command line of `python -m bench cluster`: the articles, the cluster, then the tables."""

from __future__ import annotations

import argparse
from pathlib import Path
from time import perf_counter

from bench.options import work_folder
from bench.perf import slices


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench cluster",
        description="Build on a Dask cluster of local workers against `--workers` on this machine, and "
        "search N shards against one index, in one run.")
    parser.add_argument("data", type=Path, help="JSON Lines articles (.jsonl or .jsonl.gz), or a folder "
                        "holding one such file")
    parser.add_argument("--articles", type=int, help="an evenly spread slice of this many articles "
                        "(default: all)")
    parser.add_argument("--work", type=Path, help="folder for the slice, the indexes and the cluster's "
                        "files (default: a temporary one, removed at the end)")
    parser.add_argument("--workers", type=int, default=2, help="local build processes, and Dask workers "
                        "of one thread each (default 2)")
    parser.add_argument("--shards", type=int, default=4, help="shards of the sharded builds (default 4)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the perf query mix (default 5)")
    parser.add_argument("--per-kind", type=int, default=10, help="queries never asked before per kind "
                        "(default 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of those queries (default 0)")
    args = parser.parse_args(argv)
    data = _articles_file(args.data)
    if data is None:
        parser.error(f"no JSON Lines file at {args.data}")
    if min(args.articles or 1, args.workers, args.shards, args.rounds, args.per_kind) < 1 or args.shards < 2:
        parser.error("--articles, --workers, --rounds and --per-kind must be at least 1, --shards at least 2")
    try:
        import distributed  # noqa: F401
    except ImportError:
        parser.error("needs Dask distributed: pip install -e '.[cluster]'")

    with work_folder(args.work, "newsdesk-cluster-") as work:
        run(args, data, work)
    return 0


def _articles_file(path: Path) -> Path | None:
    if path.is_file():
        return path
    found = sorted(path.glob("*.jsonl.gz")) + sorted(path.glob("*.jsonl")) if path.is_dir() else []
    return found[0] if len(found) == 1 else None


def run(args: argparse.Namespace, data: Path, work: Path) -> None:
    from bench.cluster.build import build
    from bench.cluster.engine import dask_cluster
    from bench.cluster.query import query

    started = perf_counter()
    lines = slices.read_records(data)
    sample = slices.spread(lines, args.articles or len(lines))
    articles = slices.write_jsonl(sample, work / f"articles-{len(sample)}.jsonl")
    print(f"{len(sample):,} articles from {data.name}; work folder {work}", flush=True)
    with dask_cluster(work / "dask", args.workers) as cluster:
        print(f"Dask scheduler at {cluster.address} with {args.workers} workers", flush=True)
        built = build(articles, work, args.shards, args.workers, cluster)
        query(built, articles, args.rounds, args.per_kind, args.seed)
    print(f"the run took {(perf_counter() - started) / 60:.1f} minutes")
