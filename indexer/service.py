"""The search service: the one place that answers searches, for the page, the API and the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from time import perf_counter
from typing import Any

from whoosh.query import AndNot, DateRange, Every, Not, Or, Query, Term
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from corpus import Article
from indexer.build import summary as summaries
from indexer.build.store import IndexMissing, IndexStore
from indexer.present.collapse import collapse_page, copies_of, copy_docnums
from indexer.present.coverage import Comparison, Coverage, CoverageOptions, count_comparison, count_coverage
from indexer.present.facets import facet_counts
from indexer.present.first import FirstReports, first_reports
from indexer.present.framing import outlet_words
from indexer.present.passages import Passages
from indexer.present.similar import similar_to
from indexer.present.story import Story, story_of
from indexer.present.suggest import suggest
from indexer.present.terms import ANSWERS as KEPT_WORDS
from indexer.present.terms import DistinctiveWords, TermsOptions, distinctive_words
from indexer.schema.documents import to_article
from indexer.search.docsets import DocSet
from indexer.search.matches import matching_docs
from indexer.search.query import BuiltQuery, build_query
from indexer.search.ranking import PRODUCT_RANKING, Ranking
from indexer.search.request import MAX_RESULT_DEPTH, SearchRequest
from indexer.search.results import (
    ArticleView,
    Copy,
    ExportRow,
    FacetValue,
    Hit,
    SearchExport,
    SearchResult,
    Shards,
)
from indexer.search.selection import NEWEST_FIRST, OLDEST_FIRST, Selection, matched_set, select
from indexer.searchers import Opened, Searchers
from indexer.watches.watching import Watches


@dataclass(frozen=True)
class Stats:
    """What the index holds."""

    articles: int
    sources: int
    first_published: str | None
    last_published: str | None
    index_bytes: int
    index_path: str
    # What the last reindex did; None for an index built before summaries were kept.
    last_reindex: summaries.ReindexSummary | None = None
    # Why the index is not of this newsdesk's schema version (it is searched as it was
    # written until the next reindex rebuilds it); None when it is.
    outdated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SearchService:
    """Answers search requests from the live index; one per process, safe across threads
    (each thread searches with its own searcher: indexer/searchers.py)."""

    def __init__(self, index_dir: Path | str, ranking: Ranking = PRODUCT_RANKING) -> None:
        self.store = IndexStore(index_dir)
        self.ranking = ranking  # another model or parameters: for the ranking benchmark
        self.searchers = Searchers(self.store, lambda: self.ranking.weighting())

    def _open(self) -> Opened:
        return self.searchers.current()

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: a page of hits with passages, the total, facets, a suggestion."""
        started = perf_counter()
        opened = self._open()
        result = answer_search(opened.searcher, request, self.ranking)
        return replace(result, took_ms=round((perf_counter() - started) * 1000, 2), shards=shards_of(opened))

    def export(self, request: SearchRequest, limit: int = MAX_RESULT_DEPTH) -> SearchExport:
        """Every article the request matches (copies included, no passages), in its order,
        up to `limit`: what the results pages show, as rows for a spreadsheet."""
        opened = self._open()
        chosen = select(opened.searcher, request, limit, self.ranking)
        rows = [_to_row(hit) for hit in chosen.results[:limit]]
        return SearchExport(query=request.q, total=len(chosen.matched), rows=rows, notices=chosen.notices,
                            shards=shards_of(opened))

    def first(self, request: SearchRequest, story: str | None = None) -> FirstReports | None:
        """Who reported first: each outlet's earliest article among the request's matches (or,
        given `story`, among that article's near-duplicate copies and itself), outlets in time
        order with the lag after the first, paged by the request; None for an unknown story id."""
        searcher = self._open().searcher
        matched, notices = matched_set(searcher, request, self.ranking)
        if story is not None:
            docnum = searcher.document_number(id=story)
            if docnum is None:
                return None
            matched = matched & DocSet.of([docnum, *copy_docnums(searcher, docnum)])
        return first_reports(searcher, matched, request.q, story, request.page, request.per_page, notices)

    def story(self, article_id: str) -> Story | None:
        """One article and its near-duplicate copies (what the search page folds under it),
        earliest first, with what each changed against the earliest; None for an unknown id."""
        searcher = self._open().searcher
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return None
        return story_of(searcher, docnum, copy_docnums(searcher, docnum))

    def coverage(self, request: SearchRequest, options: CoverageOptions | None = None) -> Coverage:
        """The request's matches per period against every article of the period (within
        its outlet filter), split by outlet: attention over time."""
        options = options or CoverageOptions()
        searcher = self._open().searcher
        matched, notices = matched_set(searcher, request, self.ranking)
        outlets = Or([Term("source", s) for s in request.sources]) if request.sources else None
        everything = matching_docs(searcher, Every(), outlets)
        return count_coverage(searcher, matched, everything, options, request.q, notices, request.sources)

    def compare(self, requests: list[SearchRequest], interval: str | None = None) -> Comparison:
        """Several searches (the same filters, other queries) counted on one timeline."""
        searcher = self._open().searcher
        notices: list[str] = []
        queries = []
        for request in requests:
            matched, said = matched_set(searcher, request, self.ranking)
            queries.append((request.q, matched))
            notices += [f"{request.q}: {notice}" for notice in said if f"{request.q}: {notice}" not in notices]
        sources = requests[0].sources if requests else ()
        outlets = Or([Term("source", s) for s in sources]) if sources else None
        everything = matching_docs(searcher, Every(), outlets)
        return count_comparison(searcher, queries, everything, interval, notices, sources)

    def terms(self, request: SearchRequest, options: TermsOptions | None = None) -> DistinctiveWords:
        """The words the request's matches use more than the rest of the index, most
        significant first, in the form the matches most often write them; with by="source",
        also each leading outlet's words against the other outlets' (to compare framing)."""
        options = options or TermsOptions()
        searcher = self._open().searcher

        def find() -> DistinctiveWords:
            matched, notices = matched_set(searcher, request, self.ranking)
            notices += [f"No article is from an outlet named “{name}”." for name in request.sources
                        if not searcher.reader().doc_frequency("source", name)]
            built = build_query(searcher, request.q, self.ranking, request.languages)
            own = {str(text) for query in (built.query, built.loose) if query is not None
                   for name, text in query.iter_all_terms() if name in ("title", "body")}
            found = distinctive_words(searcher, matched, searcher.doc_count(), own, options, request.q, notices)
            if options.by != "source":
                return found
            outlets, said = outlet_words(searcher, matched, own, options)
            return replace(found, by="source", outlets=outlets, notices=[*found.notices, *said])

        # The page of results does not change the words: the request is kept without it.
        return KEPT_WORDS.get(searcher.reader(), (replace(request, page=1), options), find)

    def watches(self) -> Watches:
        """The saved searches kept beside the index, and what each found since it was saved."""

        def live() -> tuple[str, Searcher]:
            opened = self._open()
            return opened.folder.name, opened.searcher

        return Watches(self.store.root, live, self.ranking)

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
        first = searcher.search(dated, sortedby=OLDEST_FIRST, limit=1)
        last = searcher.search(dated, sortedby=NEWEST_FIRST, limit=1)
        return Stats(
            articles=searcher.doc_count(),
            sources=sum(1 for _ in searcher.lexicon("source")),
            first_published=first[0].get("published_text") if len(first) else None,
            last_published=last[0].get("published_text") if len(last) else None,
            index_bytes=self.store.size_bytes(),
            index_path=str(self.store.root),
            last_reindex=summaries.load(self.store.root),
            outdated=self.store.outdated(),
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


def answer_search(searcher: Searcher, request: SearchRequest, ranking: Ranking) -> SearchResult:
    """The search's answer (its took_ms and shards left to the caller)."""
    chosen = select(searcher, request, request.page * request.per_page, ranking)
    first = (request.page - 1) * request.per_page
    if request.collapse:
        page, copies = collapse_page(searcher, chosen.results, chosen.matched, chosen.fetch, first, request.per_page)
    else:
        page, copies = list(chosen.results[first : first + request.per_page]), {}
    return replace(summarise(searcher, request, chosen), hits=present_hits(chosen.built, page, copies))


def summarise(searcher: Searcher, request: SearchRequest, chosen: Selection) -> SearchResult:
    """The answer to what `select` chose but its hits: total, facets, did-you-mean, notices."""
    built, query, matched = chosen.built, chosen.query, chosen.matched
    source_filter, date_filter = chosen.source_filter, chosen.date_filter
    # A long description rarely has every word in one article: that is no misspelling.
    misspelt = chosen.complete == 0 and built.has_terms and not built.description
    suggestion = suggest(searcher, request.q) if misspelt else None
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
    # Languages (a column from schema version 3 on), counted within the filters chosen.
    facets["language"] = facet_counts(searcher, matched, "language") if _has_column(searcher, "language") else []
    facets["published"].sort(key=lambda f: f.value)
    return SearchResult(query=request.q, total=len(matched), page=request.page, per_page=request.per_page,
                        took_ms=0.0, suggestion=suggestion, hits=[], facets=facets, notices=chosen.notices)


def present_hits(built: BuiltQuery, page: list[WhooshHit], copies: dict[int, list[Copy]]) -> list[Hit]:
    """The page's hits with their passages and the copies folded into each (by docnum)."""
    passages = Passages(built, shown=[hit.docnum for hit in page])
    return [_to_hit(hit, passages, copies.get(hit.docnum, [])) for hit in page]


def shards_of(opened: Opened) -> Shards:
    """How many shards the searcher reads of how many the index has."""
    return Shards(total=opened.shards, answered=opened.shards - len(opened.failed), failed=len(opened.failed))


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


def _has_column(searcher: Searcher, field: str) -> bool:
    return field in searcher.schema and searcher.schema[field].column_type is not None
