"""Who reported first against the plain search page, for the same queries in one run.

On an index already built (opened to read only, as the server does): for each query of the
perf mix, the search page (first ten hits with passages, total, facets) and who reported
first (each outlet's earliest match, the first ten outlets), timed in turns so that the
machine's load falls on both alike. Two ways: `kept`, as the web app answers (a repeated
query finds its matched set kept), and `unseen`, every call as if the query were never
asked before. Reading each article's moment and outlet once per reader is timed apart
(`cold`). There is no target: the table shows whether who reported first reads every
matched article's stored fields (it would grow with the matches) or only the rows shown.

With `--stories N`, the story view instead (/stories/<id>: an article's near-duplicate copies
and their word changes) of N articles that have copies, against the article page of the same
article, in turns; and how many stored documents each story read against its articles (it
must read only those, whatever the size of the index). Finding the copies the first time
(every article's band keys, once per reader) is timed apart as `cold`.
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
from indexer.present.bands import shared_bands
from indexer.present.collapse import copy_docnums
from indexer.search import matches


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench first", description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="a newsdesk index folder (read, never written)")
    parser.add_argument("--rounds", type=int, default=10, help="timed calls of each, per query")
    parser.add_argument("--stories", type=int, metavar="N",
                        help="time the story view of N articles with copies instead, against their article pages")
    args = parser.parse_args(argv)
    if not (args.index / "CURRENT").is_file():
        parser.error(f"no newsdesk index at {args.index}")
    service = SearchService(args.index)
    print(f"{service.stats().articles:,} articles indexed in {args.index}\n")
    if args.stories:
        return _stories(service, args.index, args.stories, args.rounds)
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


def _stories(service: SearchService, index: Path, count: int, rounds: int) -> int:
    """The story view of `count` articles with copies against their article pages, in turns."""
    ids = _with_copies(SearchService(index), count)  # its own reader: nothing kept for the timed one
    if not ids:
        print("No article of this index has a copy.")
        return 0
    service.health()  # opens the searcher, so that `cold` times the copies alone
    started = perf_counter()
    service.story(ids[0])
    print(f"cold: the first story, finding every article's band keys once: {ms((perf_counter() - started) * 1000)}\n")
    searcher = service._open().searcher
    read: list[int] = []
    stored_fields = searcher.stored_fields
    searcher.stored_fields = lambda docnum: read.append(docnum) or stored_fields(docnum)  # counted, not changed
    stories: list[float] = []
    pages: list[float] = []
    sizes, surplus = [], 0
    for _ in range(rounds):
        for article_id in ids:
            read.clear()
            started = perf_counter()
            story = service.story(article_id)
            stories.append((perf_counter() - started) * 1000)
            assert story is not None
            sizes.append(story.articles)
            surplus += len(read) - story.articles
            pages += timed_ms(partial(service.article_view, article_id), 1)
    rows = [["story view", ms(percentile(stories, 50)), ms(percentile(stories, 95)),
             f"{percentile(stories, 50) / percentile(pages, 50):.3f}x"],
            ["article page", ms(percentile(pages, 50)), ms(percentile(pages, 95)), "1.000x"]]
    print(render(["page", "p50", "p95", "p50 ratio"], rows))
    print(f"\n{len(ids)} stories of {min(sizes)}-{max(sizes)} articles (median {percentile(sizes, 50):.0f}), "
          f"{rounds} round{'s' if rounds != 1 else ''}, in turns; stored documents read beyond the stories' "
          f"own articles: {surplus}.")
    return 0


def _with_copies(service: SearchService, count: int) -> list[str]:
    """Ids of up to `count` articles with copies, spread over the index."""
    searcher = service._open().searcher
    shared = shared_bands(searcher.reader())
    # Articles sharing a band key with another are the candidates; every n-th is tried.
    candidates = sorted({int(d) for d in shared.entries & ((1 << shared.docbits) - 1)})
    found: list[str] = []
    for docnum in candidates[:: max(1, len(candidates) // (count * 4))]:
        if copy_docnums(searcher, docnum):
            found.append(searcher.stored_fields(docnum)["id"])
            if len(found) == count:
                break
    return found
