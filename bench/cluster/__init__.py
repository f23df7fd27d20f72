"""Building and searching on a Dask cluster against one machine:
`python -m bench cluster ARTICLES [--articles N] [--work DIR]`.

Starts a real Dask cluster on this machine (`dask scheduler` and W `dask worker` processes on
127.0.0.1), builds the same articles three ways and serves them two ways, and prints two tables:

  build    `newsdesk reindex --full` as one index and as N shards with `--workers W`, and as N
           shards with `--cluster` on the W workers: articles/s, wall time, peak RSS of the
           process trees, index size, and the cluster's time and memory over the local
           sharded build's (the engine's overhead)
  query    the search page of `newsdesk serve` over the N shards against one index of the same
           articles: p50 and p95 per kind of the perf query mix, and of queries never asked
           before, with the ratio

  engine.py   the cluster's processes
  build.py    the build table
  query.py    the query table; its PEERS are the servers compared
  suite.py    the command line
"""

from __future__ import annotations


def main(argv: list[str]) -> int:
    from bench.cluster.suite import main as run

    return run(argv)
