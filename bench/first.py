"""Who reported first against the plain search page, for the same queries in one run.

On an index already built (opened to read only, as the server does): for each query of the
perf mix, the search page (first ten hits with passages, total, facets) and who reported
first (each outlet's earliest match, the first ten outlets), timed in turns so that the
machine's load falls on both alike. Two ways: `kept`, as the web app answers (a repeated
query finds its matched set kept), and `unseen`, every call as if the query were never
asked before. Reading each article's moment and outlet once per reader is timed apart
(`cold`). There is no target: the table shows whether who reported first reads every
matched article's stored fields (it would grow with the matches) or only the rows shown.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from time import perf_counter
from typing import Callable

from bench.perf.metrics import ms, percentile, timed_ms
from bench.perf.pages import MIX
from bench.tables import render
from indexer import SearchRequest, SearchService
from indexer.search import matches


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench first", description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="a newsdesk index folder (read, never written)")
    parser.add_argument("--rounds", type=int, default=10, help="timed calls of each, per query")
    args = parser.parse_args(argv)
    if not (args.index / "CURRENT").is_file():
        parser.error(f"no newsdesk index at {args.index}")
    service = SearchService(args.index)
    print(f"{service.stats().articles:,} articles indexed in {args.index}\n")
    started = perf_counter()
    service.first(SearchRequest(q=MIX[0].q))
    print(f"cold: the first call, reading every article's moment and outlet once: "
          f"{ms((perf_counter() - started) * 1000)}\n")
    rows = []
    for query in MIX:
        request = SearchRequest(q=query.q, sources=(query.source,) if query.source else (),
                                sort="newest" if query.newest else "relevance")
        total = service.search(request).total
        row = [query.q + (f" [{query.source}]" if query.source else ""), f"{total:,}"]
        for unseen in (False, True):
            page, first = _in_turns(partial(service.search, request), partial(service.first, request),
                                    args.rounds, unseen)
            row += [ms(page), ms(first), f"{first / page:.2f}x"]
        rows.append(row)
    print(render(["query", "matches", "page kept", "first kept", "ratio",
                  "page unseen", "first unseen", "ratio"], rows))
    print(f"\np50 of {args.rounds} calls each, in turns.")
    return 0


def _in_turns(page: Callable[[], object], first: Callable[[], object], rounds: int,
              unseen: bool) -> tuple[float, float]:
    """p50 milliseconds of `page` and of `first`, called in turns."""
    def call(what: Callable[[], object]) -> Callable[[], object]:
        def timed() -> object:
            if unseen:
                matches.forget_matches()
            return what()
        return timed

    pages: list[float] = []
    firsts: list[float] = []
    for _ in range(rounds):
        pages += timed_ms(call(page), 1)
        firsts += timed_ms(call(first), 1)
    return percentile(pages, 50), percentile(firsts, 50)
