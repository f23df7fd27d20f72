"""Attention over time (or, with --terms, distinctive words) against the plain search page,
for the same queries in one run.

For each query of the perf mix: the search page (first ten hits with passages, total,
facets) and its coverage by month split by the top 10 outlets, timed in turns (page,
coverage, page, coverage, ...) so that the machine's load falls on both alike. Two ways:
`kept`, as the web app answers (a repeated query finds its matched set kept), and
`unseen`, every call as if the query were never asked before. The target: coverage of the
broadest query (the most matches) within 2x of its search page. With --terms, every call
unseen: the page, its coverage, the top 25 distinctive words, and the words with each leading
outlet's (by=source), in turns; the target is under 5x the search page for the words, both
ways, for every query matching 10,000 articles or more (and coverage's as above). --cpu
times this process's CPU instead of the wall clock: steadier on a machine shared with others.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Callable

from bench.perf import slices
from bench.perf.metrics import ms, percentile
from bench.perf.pages import MIX, Query
from bench.tables import render, verdict
from indexer import SearchRequest, SearchService, reindex
from indexer.present.coverage import CoverageOptions
from indexer.present.terms import OUTLET_SAMPLE, SAMPLE_SIZE, TermsOptions
from indexer.search import matches

TARGET = 2.0  # coverage within this many times the search page, for the broadest query
OPTIONS = CoverageOptions(interval="month", by="source", top=10)
TERMS_TARGET = 5.0  # distinctive words within this many times the search page,
TERMS_MATCHES = 10_000  # for every query matching at least this many articles


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench coverage", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="JSON Lines articles (.jsonl or .jsonl.gz)")
    parser.add_argument("--size", type=int, help="an evenly spread slice of this many articles")
    parser.add_argument("--rounds", type=int, default=10, help="timed calls of each, per query")
    parser.add_argument("--workers", type=int, default=2, help="reindex workers (default 2)")
    parser.add_argument("--work", type=Path, help="folder for the index (kept; reused when it holds one)")
    parser.add_argument("--terms", action="store_true", help="time distinctive words (and coverage), unseen")
    parser.add_argument("--cpu", action="store_true", help="time this process's CPU, not the wall clock")
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
    clock = time.process_time if args.cpu else time.perf_counter
    if args.terms:
        return _terms(service, args.rounds, clock)
    rows, broadest = [], None
    for query in MIX:
        request = _request(query)
        total = service.search(request).total
        row = [query.q + (f" [{query.source}]" if query.source else ""), f"{total:,}"]
        for unseen in (False, True):
            page, counted = _interleaved(service, args.rounds, unseen, clock, partial(service.search, request),
                                         partial(service.coverage, request, OPTIONS))
            row += [ms(page), ms(counted), f"{counted / page:.2f}x"]
        rows.append(row)
        if broadest is None or total > broadest[0]:
            broadest = (total, row)
    print(render(["query", "matches", "page kept", "coverage kept", "ratio",
                  "page unseen", "coverage unseen", "ratio"], rows))
    assert broadest is not None
    worst = max(float(broadest[1][4].rstrip("x")), float(broadest[1][7].rstrip("x")))
    print(f"\np50 of {args.rounds} calls each, in turns{_clock(args.cpu)}. Coverage: month x top 10 outlets. Broadest query "
          f"{broadest[1][0]!r} ({broadest[1][1]} matches): coverage at most {worst:.2f}x its search page "
          f"(target {TARGET:.0f}x) {verdict(worst <= TARGET)}")
    return 0


def _terms(service: SearchService, rounds: int, clock: Callable[[], float]) -> int:
    """The distinctive words' table and verdicts, every call unseen: the page, its coverage,
    the words, and the words with each leading outlet's, in turns."""
    rows, judged, broadest = [], [], None
    for query in MIX:
        request = _request(query)
        total = service.search(request).total
        page, *others = _interleaved(service, rounds, True, clock, partial(service.search, request),
                                     partial(service.coverage, request, OPTIONS), partial(service.terms, request),
                                     partial(service.terms, request, TermsOptions(by="source")))
        row = [query.q + (f" [{query.source}]" if query.source else ""), f"{total:,}", ms(page)]
        for other in others:
            row += [ms(other), f"{other / page:.2f}x"]
        rows.append(row)
        if total >= TERMS_MATCHES:
            judged += [(others[1] / page, row[0], "words"), (others[2] / page, row[0], "by outlet")]
        if broadest is None or total > broadest[0]:
            broadest = (total, row[0], others[0] / page)
    print(render(["query", "matches", "page", "coverage", "ratio", "words", "ratio", "by outlet", "ratio"], rows))
    assert broadest is not None
    print(f"\np50 of {rounds} calls each, every one unseen, in turns{_clock(clock is time.process_time)}. "
          f"Coverage (month x top 10 outlets) of the broadest query {broadest[1]!r} ({broadest[0]:,} matches): "
          f"{broadest[2]:.2f}x its search page (target {TARGET:.0f}x) {verdict(broadest[2] <= TARGET)}")
    worst = max(judged, default=None)
    if worst is None:
        print(f"No query matches {TERMS_MATCHES:,} articles or more: nothing to judge.")
        return 0
    print(f"Distinctive words (top 25; a random {SAMPLE_SIZE} of the matches read, and with by=source up to "
          f"{OUTLET_SAMPLE} of each leading outlet's) for the queries matching {TERMS_MATCHES:,} or more: "
          f"at most {worst[0]:.2f}x the search page ({worst[1]!r}, {worst[2]}; target {TERMS_TARGET:.0f}x) "
          f"{verdict(worst[0] < TERMS_TARGET)}")
    return 0


def _clock(cpu: bool) -> str:
    return " (CPU time of this process)" if cpu else ""


def _request(query: Query) -> SearchRequest:
    return SearchRequest(q=query.q, sources=(query.source,) if query.source else (),
                         sort="newest" if query.newest else "relevance")


def _interleaved(
    service: SearchService, rounds: int, unseen: bool, clock: Callable[[], float], *calls: Callable[[], object],
) -> list[float]:
    """p50 milliseconds of each call (the search page first, then the same search counted
    otherwise), in turns; with `unseen`, every call as if the query were never asked."""
    def run(call: Callable[[], object]) -> float:
        if unseen:
            matches.forget_matches()
        started = clock()
        call()
        return (clock() - started) * 1000

    for call in calls:  # warm: the columns are read once per reader
        run(call)
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(rounds):
        for n, call in enumerate(calls):
            times[n].append(run(call))
    return [percentile(each, 50) for each in times]
