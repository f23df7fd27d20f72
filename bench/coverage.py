"""Attention over time against the plain search page, for the same queries in one run.

For each query of the perf mix: the search page (first ten hits with passages, total,
facets) and its coverage by month split by the top 10 outlets, timed in turns (page,
coverage, page, coverage, ...) so that the machine's load falls on both alike. Two ways:
`kept`, as the web app answers (a repeated query finds its matched set kept), and
`unseen`, every call as if the query were never asked before. The target: coverage of the
broadest query (the most matches) within 2x of its search page.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.perf import slices
from bench.perf.metrics import ms, percentile, timed_ms
from bench.perf.pages import MIX
from bench.tables import render, verdict
from indexer import SearchRequest, SearchService, reindex
from indexer.present.coverage import CoverageOptions
from indexer.search import matches

TARGET = 2.0  # coverage within this many times the search page, for the broadest query
OPTIONS = CoverageOptions(interval="month", by="source", top=10)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench coverage", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="JSON Lines articles (.jsonl or .jsonl.gz)")
    parser.add_argument("--size", type=int, help="an evenly spread slice of this many articles")
    parser.add_argument("--rounds", type=int, default=10, help="timed calls of each, per query")
    parser.add_argument("--workers", type=int, default=2, help="reindex workers (default 2)")
    parser.add_argument("--work", type=Path, help="folder for the index (kept; reused when it holds one)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no such file: {args.data}")
    work = args.work or Path(tempfile.mkdtemp(prefix="newsdesk-coverage-"))
    index = work / "index"
    if not index.is_dir():
        lines = slices.read_records(args.data)
        size = args.size or len(lines)
        articles = slices.write_jsonl(slices.spread(lines, size), work / "articles.jsonl")
        reindex(index, [articles], workers=args.workers)
    service = SearchService(index)
    print(f"{service.stats().articles:,} articles indexed in {index}\n")
    rows, broadest = [], None
    for query in MIX:
        request = SearchRequest(q=query.q, sources=(query.source,) if query.source else (),
                                sort="newest" if query.newest else "relevance")
        total = service.search(request).total
        row = [query.q + (f" [{query.source}]" if query.source else ""), f"{total:,}"]
        for unseen in (False, True):
            page, counted = _interleaved(service, request, args.rounds, unseen)
            row += [ms(page), ms(counted), f"{counted / page:.2f}x"]
        rows.append(row)
        if broadest is None or total > broadest[0]:
            broadest = (total, row)
    print(render(["query", "matches", "page kept", "coverage kept", "ratio",
                  "page unseen", "coverage unseen", "ratio"], rows))
    assert broadest is not None
    worst = max(float(broadest[1][4].rstrip("x")), float(broadest[1][7].rstrip("x")))
    print(f"\np50 of {args.rounds} calls each, in turns. Coverage: month x top 10 outlets. Broadest query "
          f"{broadest[1][0]!r} ({broadest[1][1]} matches): coverage at most {worst:.2f}x its search page "
          f"(target {TARGET:.0f}x) {verdict(worst <= TARGET)}")
    return 0


def _interleaved(service: SearchService, request: SearchRequest, rounds: int, unseen: bool) -> tuple[float, float]:
    """p50 milliseconds of the search page and of its coverage, called in turns."""
    def page() -> object:
        if unseen:
            matches.forget_matches()
        return service.search(request)

    def counted() -> object:
        if unseen:
            matches.forget_matches()
        return service.coverage(request, OPTIONS)

    page(), counted()  # warm: the columns are read once per reader
    pages: list[float] = []
    coverages: list[float] = []
    for _ in range(rounds):
        pages += timed_ms(page, 1)
        coverages += timed_ms(counted, 1)
    return percentile(pages, 50), percentile(coverages, 50)
