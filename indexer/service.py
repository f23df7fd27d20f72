"""The search service: the one place that answers searches, for the page, the API and the CLI."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import Any, Callable

from whoosh import sorting
from whoosh.query import And, AndNot, DateRange, Every, Not, Or, Query, Term
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from corpus import Article
from indexer.build.store import IndexMissing, IndexStore
from indexer.present.collapse import collapse_page, copies_of
from indexer.present.facets import facet_counts, matching_docs
from indexer.present.ordering import by_date
from indexer.present.passages import Passages
from indexer.present.similar import similar_to
from indexer.present.suggest import suggest
from indexer.schema.documents import to_article
from indexer.search.query import BuiltQuery, build_query
from indexer.search.ranking import PRODUCT_RANKING, Ranking, recency_searcher
from indexer.search.request import MAX_RESULT_DEPTH, SearchRequest, day_end, day_start
from indexer.search.results import ArticleView, Copy, ExportRow, FacetValue, Hit, SearchExport, SearchResult
from indexer.whooshext.phrases import fast_phrases
from indexer.whooshext.readers import open_reader
from indexer.whooshext.within import Within

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


class SearchService:
    """Answers search requests from the live index; one per process, safe across threads.

    Opening a searcher is expensive, so each thread keeps one and reuses it until the
    index changes: a new generation (full rebuild) or a new commit (incremental update).
    Searcher.refresh() is not used: it returns stale documents after updates.
    """

    def __init__(self, index_dir: Path | str, ranking: Ranking = PRODUCT_RANKING) -> None:
        self.store = IndexStore(index_dir)
        self.ranking = ranking  # another model or parameters: for the ranking benchmark
        self._local = threading.local()

    def _open(self) -> _Open:
        folder = self.store.require_live_generation()
        current: _Open | None = getattr(self._local, "open", None)
        if current and current.folder == folder and current.searcher.up_to_date():
            return current
        if current:
            current.searcher.close()
        ix = self.store.open()
        try:
            searcher = Searcher(open_reader(ix), fromindex=ix, weighting=self.ranking.weighting())
        except Exception as error:  # a damaged segment: say so, as for a damaged table of contents
            raise self.store.unreadable(error) from None
        current = _Open(folder, searcher)
        self._local.open = current
        return current

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: a page of hits with passages, the total, facets, a suggestion."""
        started = perf_counter()
        searcher = self._open().searcher
        chosen = _select(searcher, request, request.page * request.per_page, self.ranking)
        built, query, results, matched = chosen.built, chosen.query, chosen.results, chosen.matched
        source_filter, date_filter, notices = chosen.source_filter, chosen.date_filter, chosen.notices
        # A long description rarely has every word in one article: that is no misspelling.
        misspelt = chosen.complete == 0 and built.has_terms and not built.description
        suggestion = suggest(searcher, request.q) if misspelt else None
        total = len(matched)
        first = (request.page - 1) * request.per_page
        if request.collapse:
            page, copies = collapse_page(searcher, results, matched, chosen.fetch, first, request.per_page)
        else:
            page, copies = list(results[first : first + request.per_page]), {}
        passages = Passages(built, shown=[hit.docnum for hit in page])
        hits = [_to_hit(hit, passages, copies.get(hit.docnum, [])) for hit in page]
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
        return SearchResult(
            query=request.q,
            total=total,
            page=request.page,
            per_page=request.per_page,
            took_ms=round((perf_counter() - started) * 1000, 2),
            suggestion=suggestion,
            hits=hits,
            facets=facets,
            notices=notices,
        )

    def export(self, request: SearchRequest, limit: int = MAX_RESULT_DEPTH) -> SearchExport:
        """Every article the request matches (copies included, no passages), in its order,
        up to `limit`: what the results pages show, as rows for a spreadsheet."""
        searcher = self._open().searcher
        chosen = _select(searcher, request, limit, self.ranking)
        rows = [_to_row(hit) for hit in chosen.results[:limit]]
        return SearchExport(query=request.q, total=len(chosen.matched), rows=rows, notices=chosen.notices)

    def sources(self) -> list[FacetValue]:
        """Every outlet in the index with its number of articles, largest first."""
        searcher = self._open().searcher
        return facet_counts(searcher, matching_docs(searcher, Every()), "source")

    def article(self, article_id: str) -> Article | None:
        """One article, whole, or None when the id is unknown."""
        stored = self._open().searcher.document(id=article_id)
        return to_article(stored) if stored else None

    def article_view(self, article_id: str, similar: int = 5, q: str = "") -> ArticleView | None:
        """One article with up to `similar` articles on the same subject ("more like this")
        and its copies under other outlets (not repeated as similar); None for an unknown id.

        With a query `q` (the search the reader came from), the body comes marked too.
        """
        searcher = self._open().searcher
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return None
        copies = copies_of(searcher, docnum)
        return ArticleView(
            article=to_article(searcher.stored_fields(docnum)),
            similar=similar_to(searcher, docnum, similar, exclude={c.id for c in copies}),
            duplicates=copies,
            body_highlight=_marked_body(searcher, article_id, q) if q.strip() else None,
        )

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




def _marked_body(searcher: Searcher, article_id: str, q: str) -> str | None:
    """The article's body with what `q` asks for marked wherever it occurs (any of its words
    and phrases, not the excluded ones), whether or not the article matches all of `q`."""
    built = build_query(searcher, q)
    wanted = _wanted_leaves(built.query) if built.has_terms else []
    if not wanted:
        return None
    found = searcher.search(Or(wanted), filter=Term("id", article_id), limit=1, terms=True)
    return Passages(built).whole(found[0]) if found.scored_length() else None


def _wanted_leaves(query: Query) -> list[Query]:
    """The terms and phrases of a query, leaving out everything under a NOT."""
    if isinstance(query, Not):
        return []
    if isinstance(query, AndNot):
        return _wanted_leaves(query.a)
    if query.is_leaf():
        return [query]
    return [leaf for child in query.children() for leaf in _wanted_leaves(child)]


def _source_filter(request: SearchRequest) -> Query | None:
    if not request.sources:
        return None
    return Or([Term("source", source) for source in request.sources])


def _date_filter(since: date | None, until: date | None) -> Query | None:
    if since is None and until is None:
        return None
    return DateRange(
        "published", day_start(since) if since else None, day_end(until) if until else None
    )


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else (a or b)


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else (a or b)


@dataclass
class _Selection:
    """What a request matches, before paging: the query run, its results and matched set."""

    built: BuiltQuery
    query: Query
    results: Any
    fetch: Callable[[int], Any]  # limit -> the first `limit` results, as `results` were got
    matched: frozenset[int]
    complete: int  # articles matching every word (before any fallback)
    source_filter: Query | None
    date_filter: Query | None
    notices: list[str]


def _select(searcher: Searcher, request: SearchRequest, limit: int, ranking: Ranking) -> _Selection:
    """Parse the query, apply the filters, rank the first `limit` articles, fall back to
    any-word matching where that serves the person better, and say what was changed."""
    built = build_query(searcher, request.q, ranking)
    notices = built.notices
    since = _latest(request.since, built.since)
    until = _earliest(request.until, built.until)
    if since and until and since > until:
        _note(notices, "The dates asked for leave no days between them.")
    source_filter = _source_filter(request)
    date_filter = _date_filter(since, until)
    both = _all_of(source_filter, date_filter)
    sortedby = _sort_order(request, built.has_terms)
    scorer = searcher
    if request.recency and sortedby is None:
        scorer = recency_searcher(searcher)
    # Phrases matched from word positions alone, with the same scores (indexer/whooshext/phrases.py).
    query = fast_phrases(built.query)
    loose = fast_phrases(built.loose) if built.loose is not None else None
    # Counted from the matching document numbers (indexer/present/facets.py, kept per reader):
    # Whoosh's len(results) ignores the filter unless it grouped the hits.
    matched = matching_docs(searcher, query, both)
    complete = len(matched)
    fetch_limit = _fetch_limit(request, limit)
    if sortedby is None:
        fetch = _ranking(scorer, _within(query, matched, both), None)
    else:
        # A date sort: the first articles by date, picked and ordered from cached columns
        # (indexer/present/ordering.py; the same order as Whoosh's sort).
        fetch = _by_date(scorer, query, matched, newest=sortedby is _NEWEST_FIRST)
    results = fetch(fetch_limit)
    # Fewer articles than a page contain every word of a longer query: the page is
    # filled with articles holding some of the words, ranked below the complete matches.
    # A long plain query reads as a description of a story: ranked any-word matching.
    if loose is not None and sortedby is None and built.description:
        some = matching_docs(searcher, loose, both)
        if len(some) > complete:
            query, matched = loose, some
            fetch = _ranking(scorer, _within(loose, some, both), None)
            results = fetch(fetch_limit)
            _note(notices, _description_notice(complete))
    elif loose is not None and sortedby is None and complete < request.per_page:
        some = matching_docs(searcher, loose, both)
        if len(some) > complete:
            ranked = _within(loose, some, both)
            results = _ranking(scorer, ranked, _complete_first(query))(fetch_limit)
            # As before: a longer list, fetched to fold copies, is ranked by score alone
            # (complete matches are then no longer kept first: a known gap, left as it was).
            fetch = _ranking(scorer, ranked, None)
            query, matched = loose, some
            _note(notices, _fallback_notice(complete))
    return _Selection(built, query, results, fetch, matched, complete, source_filter, date_filter, notices)


def _fetch_limit(request: SearchRequest, limit: int) -> int:
    """How many to rank: the pages asked for, and a little beyond to fold copies."""
    if request.collapse:
        return min(MAX_RESULT_DEPTH, limit * 2 + 10)
    return limit


def _note(notices: list[str], message: str) -> None:
    if message not in notices:
        notices.append(message)


def _within(query: Query, matched: frozenset[int], filter: Query | None) -> Query:
    """The query to rank: with a filter or an excluded word, only among the articles known
    to match (indexer/whooshext/within.py), so that Whoosh neither runs the query over every article
    nor checks a phrase again where the filter rules the article out, and the hits are
    always among the articles counted (Whoosh's own AndNot matcher can let through an
    article holding the excluded word). Otherwise the query as it is: Whoosh's top-N
    shortcuts then cost less than visiting every match."""
    return query if filter is None and not _excludes(query) else Within(query, matched)


def _excludes(query: Query) -> bool:
    return isinstance(query, (AndNot, Not)) or any(_excludes(child) for child in query.children())


def _ranking(searcher: Searcher, query: Query, sortedby: sorting.Facet | None) -> Callable[[int], Any]:
    """Whoosh's search for the first `limit` articles (the filters are within `query`)."""
    return lambda limit: searcher.search(query, limit=limit, sortedby=sortedby, terms=True)


def _by_date(searcher: Searcher, query: Query, matched: frozenset[int], newest: bool) -> Callable[[int], Any]:
    return lambda limit: by_date(searcher, query, matched, limit, newest=newest)


def _all_of(*filters: Query | None) -> Query | None:
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else And(present)


def _sort_order(request: SearchRequest, has_terms: bool) -> sorting.Facet | None:
    if request.sort == "newest" or (request.sort == "relevance" and not has_terms):
        return _NEWEST_FIRST
    if request.sort == "oldest":
        return _OLDEST_FIRST
    return None  # by score


def _complete_first(strict: Query) -> sorting.Facet:
    """Articles matching the all-words query first, then by score."""
    return sorting.MultiFacet([sorting.QueryFacet({"all": strict}, other="some"), sorting.ScoreFacet()])


def _fallback_notice(complete: int) -> str:
    if complete == 0:
        return "No article contains all of the words; showing articles that contain some of them, best first."
    articles = "article contains" if complete == 1 else "articles contain"
    return (f"Only {complete} {articles} all of the words; articles that contain some of them "
            "follow, best first.")


def _description_notice(complete: int) -> str:
    return (f"A long query is read as a description: articles are ranked by how many of its words "
            f"they contain and how rare those words are ({complete} contain all of them). Quote a "
            "phrase or use AND, OR or - to search exactly.")


def _score(hit: WhooshHit) -> float:
    """The relevance score; in a sorted search Whoosh gives the sort key instead (with the
    negated score last when the sort includes the score)."""
    if isinstance(hit.score, float):
        return round(hit.score, 4)
    if isinstance(hit.score, tuple) and hit.score and isinstance(hit.score[-1], float):
        return round(-hit.score[-1], 4)
    return 0.0


def _facet_without(searcher: Searcher, query: Query, other: Query | None, facet: str) -> list[FacetValue]:
    return facet_counts(searcher, matching_docs(searcher, query, other), facet)


def _to_row(hit: WhooshHit) -> ExportRow:
    stored = hit.fields()
    return ExportRow(
        id=stored["id"],
        title=stored.get("title", ""),
        source=stored.get("source") or None,
        published=stored.get("published_text"),
        author=stored.get("author") or None,
        url=stored.get("url") or None,
        score=_score(hit),
    )


def _to_hit(hit: WhooshHit, passages: Passages, copies: list[Copy]) -> Hit:
    stored = hit.fields()
    title, body = passages.of(hit)
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        url=stored.get("url"),
        source=stored.get("source") or None,
        published=stored.get("published_text"),
        author=stored.get("author") or None,
        score=_score(hit),
        highlights=[p for p in body if p],
        title_highlight=title,
        duplicates=copies,
    )
