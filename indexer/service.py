"""The search service: the one place that answers searches, for the page, the API and the CLI."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.qparser import QueryParser
from whoosh.query import And, DateRange, Or, Query, Term
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from corpus import Article
from indexer.analysis import news_analyzer
from indexer.documents import to_article
from indexer.facets import facet_counts, matching_docs
from indexer.highlight import PASSAGES_PER_HIT, lead_passage, make_highlighter
from indexer.query import make_parser, parse_query
from indexer.request import SearchRequest, day_end, day_start
from indexer.results import FacetValue, Hit, SearchResult
from indexer.store import IndexMissing, IndexStore

_NEWEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("dated", reverse=True), sorting.FieldFacet("published", reverse=True)]
)
_OLDEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("dated", reverse=True), sorting.FieldFacet("published")]
)


@dataclass(frozen=True)
class Stats:
    """What the index holds."""

    articles: int
    sources: int
    first_published: str | None
    last_published: str | None
    index_bytes: int
    index_path: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Open:
    """A searcher on one generation, reused by one thread until the index changes."""

    folder: Path
    searcher: Searcher
    parser: QueryParser


class SearchService:
    """Answers search requests from the live index; one per process, safe across threads.

    Opening a searcher is expensive, so each thread keeps one and reuses it until the
    index changes: a new generation (full rebuild) or a new commit (incremental update).
    Searcher.refresh() is not used: it returns stale documents after updates.
    """

    def __init__(self, index_dir: Path | str) -> None:
        self.store = IndexStore(index_dir)
        self._local = threading.local()

    def _open(self) -> _Open:
        folder = self.store.require_live_generation()
        current: _Open | None = getattr(self._local, "open", None)
        if current and current.folder == folder and current.searcher.up_to_date():
            return current
        if current:
            current.searcher.close()
        ix = whoosh_index.open_dir(str(folder))
        current = _Open(folder, ix.searcher(), make_parser(ix.schema))
        self._local.open = current
        return current

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: a page of hits with passages, the total, facets, a suggestion."""
        started = perf_counter()
        opened = self._open()
        searcher = opened.searcher
        query = parse_query(opened.parser, request.q)
        source_filter = _source_filter(request)
        date_filter = _date_filter(request)
        results = searcher.search(
            query,
            limit=request.page * request.per_page,
            filter=_all_of(source_filter, date_filter),
            sortedby=_sort_order(request),
            terms=True,
        )
        results.highlighter = make_highlighter()
        matched = matching_docs(searcher, query, _all_of(source_filter, date_filter))
        total = len(matched)
        first = (request.page - 1) * request.per_page
        hits = [_to_hit(hit) for hit in results[first : first + request.per_page]]
        facets = {
            # Each facet ignores its own filter, so several outlets (or another period)
            # can be chosen from the counts the page shows.
            "source": facet_counts(searcher, matched, "source")
            if source_filter is None
            else _facet_without(searcher, query, date_filter, "source"),
            "published": facet_counts(searcher, matched, "month")
            if date_filter is None
            else _facet_without(searcher, query, source_filter, "month"),
        }
        facets["published"].sort(key=lambda f: f.value)
        suggestion = _suggest(searcher, request.q) if total == 0 else None
        return SearchResult(
            query=request.q,
            total=total,
            page=request.page,
            per_page=request.per_page,
            took_ms=round((perf_counter() - started) * 1000, 2),
            suggestion=suggestion,
            hits=hits,
            facets=facets,
        )

    def article(self, article_id: str) -> Article | None:
        """One article, whole, or None when the id is unknown."""
        stored = self._open().searcher.document(id=article_id)
        return to_article(stored) if stored else None

    def stats(self) -> Stats:
        """Counts, sources, date range and size of the live index."""
        searcher = self._open().searcher
        dated = DateRange("published", None, None)
        first = searcher.search(dated, sortedby=_OLDEST_FIRST, limit=1)
        last = searcher.search(dated, sortedby=_NEWEST_FIRST, limit=1)
        return Stats(
            articles=searcher.doc_count(),
            sources=sum(1 for _ in searcher.lexicon("source")),
            first_published=first[0].get("published_text") if len(first) else None,
            last_published=last[0].get("published_text") if len(last) else None,
            index_bytes=self.store.size_bytes(),
            index_path=str(self.store.root),
        )

    def health(self) -> tuple[bool, str]:
        """Whether searches can be answered, and if not, why and what to do."""
        try:
            self._open()
        except IndexMissing as missing:
            return False, str(missing)
        except Exception as error:  # a damaged index must be reported, not crash the probe
            return False, f"index at {self.store.root} cannot be read ({error}); run `newsdesk reindex --full`"
        return True, "ok"


# Suggestions are made of whole words as people type them, so no stemming.
_SPELLING_ANALYZER = news_analyzer(stem=False)

_FACETS = {
    "source": sorting.FieldFacet("source", maptype=sorting.Count),
    "month": sorting.FieldFacet("month", maptype=sorting.Count),
}


def _source_filter(request: SearchRequest) -> Query | None:
    if not request.sources:
        return None
    return Or([Term("source", source) for source in request.sources])


def _date_filter(request: SearchRequest) -> Query | None:
    if request.since is None and request.until is None:
        return None
    return DateRange(
        "published",
        day_start(request.since) if request.since else None,
        day_end(request.until) if request.until else None,
    )


def _all_of(*filters: Query | None) -> Query | None:
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else And(present)


def _sort_order(request: SearchRequest) -> sorting.Facet | None:
    if request.sort == "newest" or (request.sort == "relevance" and not request.q):
        return _NEWEST_FIRST
    if request.sort == "oldest":
        return _OLDEST_FIRST
    return None  # by score


def _counts(results: Any, facet: str) -> list[FacetValue]:
    """Facet counts, largest first; articles without a value (no date, no source) left out."""
    groups = results.groups(facet)
    values = [FacetValue(str(value), count) for value, count in groups.items() if value]
    return sorted(values, key=lambda f: (-f.count, f.value))


def _facet_without(searcher: Searcher, query: Query, other: Query | None, facet: str) -> list[FacetValue]:
    return facet_counts(searcher, matching_docs(searcher, query, other), facet)


def _to_hit(hit: WhooshHit) -> Hit:
    stored = hit.fields()
    passages = hit.highlights("body", top=PASSAGES_PER_HIT) or [lead_passage(stored.get("body", ""))]
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        url=stored.get("url"),
        source=stored.get("source") or None,
        published=stored.get("published_text"),
        author=stored.get("author") or None,
        # Sorted by date, Whoosh computes no score (hit.score is then the sort key).
        score=round(hit.score, 4) if isinstance(hit.score, float) else 0.0,
        highlights=[p for p in passages if p],
    )


def _suggest(searcher: Searcher, text: str) -> str | None:
    """A did-you-mean for a query that found nothing: each unknown word replaced by the
    closest word the articles contain, or None when there is nothing better to offer."""
    words = [token.text for token in _SPELLING_ANALYZER(text, mode="query")]
    spell_field = searcher.schema["body"].spelling_fieldname("body")
    reader = searcher.reader()
    corrector = searcher.corrector("body")
    corrected = []
    for word in words:
        # One edit for short words, two for longer: "ads" -> "lao" would be no help.
        maxdist = 1 if len(word) <= 4 else 2
        known = (spell_field, word) in reader
        options = [] if known else corrector.suggest(word, limit=1, maxdist=maxdist)
        corrected.append(options[0] if options else word)
    return " ".join(corrected) if corrected != words else None
