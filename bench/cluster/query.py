"""The query table: the full search page (`GET /search`) of `newsdesk serve` over the shards
against the same articles in one index, in the same run, query by query in turn.

Each peer is a function of the built indexes returning a running server; all peers are up at
once and each query goes to each of them in a rotating order, so that the machine's noise
falls on all alike. The shards are served two ways: read by the server's own processes, and
searched each on a Dask worker that keeps it open (`newsdesk serve --cluster`), the server
gathering the answers: the engine's cost on a query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import ContextManager, Iterator

from bench.cluster.build import Built
from bench.perf import http
from bench.perf.metrics import ms, percentile
from bench.perf.pages import KINDS, MIX, Query
from bench.scale.run.search import page_ms
from bench.scale.unseen import unseen_queries
from bench.tables import render

SERVER_WORKERS = 2


@contextmanager
def served(index: Path, options: Sequence[str] = ()) -> Iterator[str]:
    """`newsdesk serve` of `index`, its workers' searchers opened and warmed; its base URL."""
    with http.serving(index, SERVER_WORKERS, options) as server:
        http.warm(server.base, rounds=1, page="/search", clients=SERVER_WORKERS)
        yield server.base


def one_index(built: Built) -> ContextManager[str]:
    return served(built.one)


def shards_in_one_process(built: Built) -> ContextManager[str]:
    return served(built.shards)


def shards_on_the_cluster(built: Built) -> ContextManager[str]:
    return served(built.shards, ["--cluster", built.cluster])


# (label, peer); the first is what the others are compared with.
PEERS: list[tuple[str, Callable[[Built], ContextManager[str]]]] = [
    ("one index", one_index),
    ("shards", shards_in_one_process),
    ("shards on the cluster", shards_on_the_cluster),
]

Times = dict[str, dict[str, list[float]]]  # peer -> kind -> milliseconds


def query(built: Built, articles: Path, rounds: int, per_kind: int, seed: int) -> None:
    unseen = unseen_queries(articles, per_kind, seed)
    labels = [label.replace("shards", f"{built.shard_count} shards") for label, _ in PEERS]
    with ExitStack() as stack:
        bases = [stack.enter_context(peer(built)) for _, peer in PEERS]
        warm = _ask(bases, labels, list(MIX) * rounds)
        fresh = _ask(bases, labels, unseen)
    what = f"{built.shard_count} shards against one index of the same {built.articles:,} articles"
    print(f"\n## Search page over HTTP (`GET /search`), the perf query mix: {what}\n")
    print(render(*_table(labels, warm)))
    print(f"\n{rounds} rounds of the mix after a warm-up round: answers kept from earlier requests help.")
    print(f"\n## Search page over HTTP (`GET /search`), queries never asked before: {what}\n")
    print(render(*_table(labels, fresh)))
    print(f"\nup to {per_kind} queries per kind drawn from the same articles (bench.scale.unseen), each asked "
          f"once. Both tables: `newsdesk serve` with {SERVER_WORKERS} workers per index, all up at once, "
          "each query asked of each in turn; ratio: p50 over one index's p50.\n")


def _ask(bases: list[str], labels: list[str], queries: list[Query]) -> Times:
    times: Times = {label: {kind: [] for kind in KINDS} for label in labels}
    for n, query in enumerate(queries):
        for turn in range(len(bases)):
            which = (n + turn) % len(bases)
            times[labels[which]][query.kind].append(page_ms(bases[which], query))
    return times


def _table(labels: list[str], times: Times) -> tuple[list[str], list[list[object]]]:
    headers = ["query kind", *(f"{label} {pct}" for label in labels for pct in ("p50", "p95")),
               *(f"{label} / one index" for label in labels[1:])]
    rows = []
    for kind in [*KINDS, "all kinds"]:
        spans = {label: _kind(times[label], kind) for label in labels}
        p50 = {label: percentile(values, 50) if values else None for label, values in spans.items()}
        row: list[object] = [kind]
        for label in labels:
            row += [_ms(p50[label]), _ms(percentile(spans[label], 95) if spans[label] else None)]
        first = p50[labels[0]]
        row += [f"{p50[label] / first:.2f}x" if first and p50[label] else None for label in labels[1:]]
        rows.append(row)
    return headers, rows


def _kind(times: dict[str, list[float]], kind: str) -> list[float]:
    return [t for values in times.values() for t in values] if kind == "all kinds" else times[kind]


def _ms(value: float | None) -> str | None:
    return None if value is None else ms(value)
