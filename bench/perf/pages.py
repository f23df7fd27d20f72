"""The search page under test: a fixed mix of query kinds, and the three peers answering it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.perf import fts5, naive
from bench.perf.metrics import timed_ms
from indexer import SearchRequest, SearchService
from indexer.search import matches


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    source: str | None = None
    newest: bool = False

    def params(self) -> dict[str, str]:
        """The /api/search parameters for this query."""
        params = {"q": self.q}
        if self.source:
            params["source"] = self.source
        if self.newest:
            params["sort"] = "newest"
        return params


# Two queries of each kind, so that no kind is one lucky word. Chosen on the allsides corpus
# (2012-2020 US politics): "trump" is in about a third of the articles, "filibuster" in 1 of 800.
MIX = (
    Query("broad word", "trump"),
    Query("broad word", "president"),
    Query("rarer word", "filibuster"),
    Query("rarer word", "ukraine"),
    Query("two words", "border wall"),
    Query("two words", "climate change"),
    Query("phrase", '"supreme court"'),
    Query("phrase", '"health care"'),
    Query("phrase + source", '"white house"', source="CNN (Web News)"),
    Query("phrase + source", '"health care"', source="Washington Times"),
    Query("date-sorted", "election", newest=True),
    Query("date-sorted", "senate", newest=True),
)
KINDS = tuple(dict.fromkeys(query.kind for query in MIX))

Page = Callable[[Query], object]


def newsdesk_page(index_dir: Path, *, unseen: bool = False) -> Page:
    """newsdesk's search service, one per process as the web app keeps it. With `unseen`,
    every query is answered as if never asked before (no matched sets kept from earlier)."""
    service = SearchService(index_dir)

    def page(query: Query) -> object:
        if unseen:
            matches.forget_matches()
        sources = (query.source,) if query.source else ()
        return service.search(
            SearchRequest(q=query.q, sources=sources, sort="newest" if query.newest else "relevance")
        )

    return page


def naive_page(index_dir: Path) -> Page:
    return lambda query: naive.search_page(index_dir, query.q, query.source, query.newest)


def fts5_page(database: Path) -> Page:
    pages = fts5.Fts5Pages(database)
    return lambda query: pages.search_page(query.q, query.source, query.newest)


def time_pages(page: Page, rounds: int) -> dict[str, list[float]]:
    """Milliseconds per page for each kind: one warm-up round, then `rounds` over the mix."""
    for query in MIX:
        page(query)
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(rounds):
        for query in MIX:
            times[query.kind] += timed_ms(lambda: page(query), 1)  # noqa: B023 (called at once)
    return times
