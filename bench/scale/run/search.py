"""The search table: the full search page over HTTP for queries never asked before at each
size, beside SQLite FTS5 on the same queries at the largest; then the server workers' memory."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from time import perf_counter
from urllib.parse import urlencode

from bench.perf import http, pages
from bench.perf.metrics import ms, percentile, private_and_resident_mb, timed_ms
from bench.perf.pages import KINDS, MIX, Query
from bench.scale.run.build import live_mb
from bench.scale.run.corpora import Size
from bench.scale.unseen import unseen_queries
from bench.tables import render, verdict

# The targets: p50 at the largest size, p95 against p50 there, and p50's growth from the
# smallest size to the largest.
MAX_P50_MS = 150.0
MAX_P95_OVER_P50 = 3.0
MAX_GROWTH = 2.0
SERVER_WORKERS = 2

Times = dict[str, list[float]]


def search(sizes: list[Size], per_kind: int, seed: int) -> None:
    """Ask each size's own unseen queries of its server once each, then print the tables."""
    ours: list[Times] = []
    memory: list[list[object]] = []
    queries: list[Query] = []  # of the size last served, the largest, which FTS5 answers too
    for size in sizes:
        queries = unseen_queries(size.corpus, per_kind, seed)
        print(f"{size.label} articles: {len(queries)} queries never asked before", flush=True)
        with http.serving(size.index, SERVER_WORKERS) as server:
            # Other words first, from two clients at once, so that every worker has its searcher open.
            http.warm(server.base, rounds=1, page="/search", clients=SERVER_WORKERS)
            ours.append(_by_kind(queries, partial(page_ms, server.base)))
            for pid in server.workers():
                private, heap, resident = private_and_resident_mb(pid)
                memory.append([size.label, pid, f"{resident:,.0f} MB", f"{private:,.0f} MB",
                               f"{resident - private:,.0f} MB", f"{heap:,.0f} MB",
                               f"{live_mb(size.index):,.0f} MB"])
    fts5 = pages.fts5_page(sizes[-1].fts5)
    for query in MIX:  # warm, as the server was
        fts5(query)
    theirs = _by_kind(queries, lambda query: timed_ms(lambda: fts5(query), 1)[0])
    _print_pages(sizes, ours, theirs, per_kind)
    print("## Server memory after the queries (`newsdesk serve`, "
          f"{SERVER_WORKERS} workers)\n")
    print(render(["articles", "worker", "RSS", "private (USS)", "shared (RSS - USS)", "heap (anonymous)",
                  "index on disk"], memory))
    print("\nprivate: Private_Clean + Private_Dirty of /proc/PID/smaps_rollup, what the worker alone "
          "holds, including index pages only it has read so far (page cache, clean); shared: pages "
          "other processes map too, the memory-mapped index's and those the workers inherit from "
          "gunicorn's arbiter; heap: Anonymous, memory no file backs. A second worker costs its "
          "heap, not another copy of the index.\n")


def _by_kind(queries: list[Query], page_ms: Callable[[Query], float]) -> Times:
    times: Times = {kind: [] for kind in KINDS}
    for query in queries:
        times[query.kind].append(page_ms(query))
    return times


def page_ms(base: str, query: Query) -> float:
    """Milliseconds for the whole search page: `GET /search` with the query's parameters."""
    started = perf_counter()
    try:
        with urllib.request.urlopen(f"{base}/search?{urlencode(query.params())}", timeout=300) as page:
            page.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"/search for {query} answered {error.code}") from None
    return (perf_counter() - started) * 1000


def _print_pages(sizes: list[Size], ours: list[Times], theirs: Times, per_kind: int) -> None:
    largest = sizes[-1].label
    headers = ["query kind"] + [f"{what} at {size.label}" for size in sizes for what in ("p50", "p95")]
    headers += ["growth"] if len(sizes) > 1 else []
    headers += [f"FTS5 p50 at {largest}", "vs FTS5"]
    rows, slow, unsteady, growing = [], [], [], []
    for kind in KINDS:
        p50 = [_pct(times[kind], 50) for times in ours]
        p95 = [_pct(times[kind], 95) for times in ours]
        fts50 = _pct(theirs[kind], 50)
        row: list[object] = [kind] + [_ms(value) for pair in zip(p50, p95) for value in pair]
        growth = p50[-1] / p50[0] if p50[0] and p50[-1] else None
        row += [f"{growth:.2f}x" if growth else None] if len(sizes) > 1 else []
        row += [_ms(fts50), f"{p50[-1] / fts50:.2f}x" if p50[-1] and fts50 else None]
        rows.append(row)
        if p50[-1] is None or p50[-1] > MAX_P50_MS:
            slow.append(f"{kind} {_ms(p50[-1]) or 'no query'}")
        if p50[-1] is None or p95[-1] > MAX_P95_OVER_P50 * p50[-1]:
            unsteady.append(f"{kind} {p95[-1] / p50[-1]:.1f}x" if p50[-1] else f"{kind} no query")
        if len(sizes) > 1 and (growth is None or growth > MAX_GROWTH):
            growing.append(f"{kind} {growth:.2f}x" if growth else f"{kind} no query")
    print("\n## Search page over HTTP (`GET /search`: top 10, 3 passages each, source facets, month "
          "histogram, total), queries never asked before\n")
    print(render(headers, rows))
    print(f"\nup to {per_kind} queries per kind drawn from each corpus (bench.scale.unseen), each asked "
          f"once, one at a time, of `newsdesk serve` with {SERVER_WORKERS} workers; FTS5: the same "
          f"queries at {largest}, in this process. growth: p50 at {largest} over p50 at "
          f"{sizes[0].label}.")
    print("targets:")
    print(f"- p50 at most {MAX_P50_MS:g} ms for every kind at {largest}: {_failed(slow)}")
    print(f"- p95 at most {MAX_P95_OVER_P50:g}x p50 for every kind at {largest}: {_failed(unsteady)}")
    if len(sizes) > 1:
        print(f"- growth from {sizes[0].label} to {largest} at most {MAX_GROWTH:g}x for every kind: "
              f"{_failed(growing)}")
    print()


def _pct(values: list[float], pct: float) -> float | None:
    return percentile(values, pct) if values else None


def _ms(value: float | None) -> str | None:
    return None if value is None else ms(value)


def _failed(kinds: list[str]) -> str:
    return verdict(not kinds) if not kinds else f"{verdict(False)}: {', '.join(kinds)}"
