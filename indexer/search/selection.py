"""Choosing what a request matches and in which order: filters, the all-words query or
the any-word fill, the matched set, and the first articles by score or by date.

The service pages, folds and presents what `select` chose; an export takes it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from whoosh import sorting
from whoosh.query import And, AndNot, DateRange, Not, Or, Query, Term
from whoosh.searching import Searcher

from indexer.search.docsets import DocSet
from indexer.search.matches import filtered, matching_docs
from indexer.search.ordering import by_date
from indexer.search.query import BuiltQuery, build_query
from indexer.search.ranking import Ranking, recency_searcher
from indexer.search.readings import blended
from indexer.search.request import MAX_RESULT_DEPTH, SearchRequest, day_end, day_start
from indexer.search.topk import best_candidates
from indexer.whooshext.phrases import fast_phrases
from indexer.whooshext.within import Within

NEWEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("dated", reverse=True), sorting.FieldFacet("published", reverse=True)]
)
OLDEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("dated", reverse=True), sorting.FieldFacet("published")]
)


def _source_filter(request: SearchRequest) -> Query | None:
    """The outlets and languages chosen (the language a facet value, as each article's is stored)."""
    chosen = [Or([Term(name, value) for value in values])
              for name, values in (("source", request.sources), ("language", request.languages)) if values]
    return _all_of(*chosen) if chosen else None


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
class Selection:
    """What a request matches, before paging: the query run, its results and matched set."""

    built: BuiltQuery
    query: Query
    results: Any
    fetch: Callable[[int], Any]  # limit -> the first `limit` results, as `results` were got
    matched: DocSet
    complete: int  # articles matching every word (before any fallback)
    source_filter: Query | None
    date_filter: Query | None
    notices: list[str]


def select(searcher: Searcher, request: SearchRequest, limit: int, ranking: Ranking,
           counted: tuple[int, int] | None = None) -> Selection:
    """Parse the query, apply the filters, rank the first `limit` articles, fall back to
    any-word matching where that serves the person better, and say what was changed.

    `counted`: for one shard of several, the all-words and any-word counts over every shard
    (`counts`), so that each shard falls back (or not) as one index of them all would."""
    built = build_query(searcher, request.q, ranking, request.languages)
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
    scorer = blended(scorer, built.blends)  # a word read differently in two languages scores as one
    # Phrases matched from word positions alone, with the same scores (indexer/whooshext/phrases.py),
    # and only in the articles the filters keep.
    query = filtered(searcher, fast_phrases(built.query), both)
    loose = filtered(searcher, fast_phrases(built.loose), both) if built.loose is not None else None
    # Counted from the matching document numbers (indexer/search/matches.py, kept per reader):
    # Whoosh's len(results) ignores the filter unless it grouped the hits.
    matched = matching_docs(searcher, query, both)
    complete = len(matched) if counted is None else counted[0]
    depth = fetch_limit(request, limit)
    # A long plain query reads as a description of a story: ranked any-word matching, so
    # the all-words query (counted above for the notice) is not ranked at all.
    if loose is not None and sortedby is None and built.description:
        some = matching_docs(searcher, loose, both)
        if (len(some) if counted is None else counted[1]) > complete:
            fetch = _best(scorer, loose, some, both)
            _note(notices, _description_notice(complete))
            return Selection(built, loose, fetch(depth), fetch, some, complete, source_filter, date_filter,
                             notices)
    if sortedby is None:
        fetch = _best(scorer, query, matched, both)
    else:
        # A date sort: the first articles by date, picked and ordered from cached columns
        # (indexer/search/ordering.py; the same order as Whoosh's sort).
        fetch = _by_date(scorer, query, matched, newest=sortedby is NEWEST_FIRST)
    results = fetch(depth)
    # Fewer articles than a page contain every word of a longer query: the page is
    # filled with articles holding some of the words, ranked below the complete matches.
    if loose is not None and sortedby is None and not built.description and complete < request.per_page:
        some = matching_docs(searcher, loose, both)
        if (len(some) if counted is None else counted[1]) > complete:
            # As before: a longer list, fetched to fold copies, is ranked by score alone
            # (complete matches are then no longer kept first: a known gap, left as it was).
            fetch = _best(scorer, loose, some, both)
            if complete:
                ranked = _within(loose, some, both)
                results = _ranking(scorer, ranked, _complete_first(query))(depth)
            else:  # nothing to keep first: scored by numpy, not sorted by Whoosh match by match
                results = fetch(depth)
            query, matched = loose, some
            _note(notices, _fallback_notice(complete))
    return Selection(built, query, results, fetch, matched, complete, source_filter, date_filter, notices)


def counts(searcher: Searcher, request: SearchRequest, ranking: Ranking) -> tuple[int, int]:
    """How many articles match all of the request's words and how many some of them (with
    no any-word reading, the all-words count again), within its filters: what `select`
    decides its fallback on, summed over the shards of a search over several."""
    built = build_query(searcher, request.q, ranking, request.languages)
    both = _all_of(_source_filter(request), _date_filter(_latest(request.since, built.since),
                                                         _earliest(request.until, built.until)))
    complete = len(matching_docs(searcher, fast_phrases(built.query), both))
    if built.loose is None:
        return complete, complete
    return complete, len(matching_docs(searcher, fast_phrases(built.loose), both))


def matched_set(searcher: Searcher, request: SearchRequest, ranking: Ranking) -> tuple[DocSet, list[str]]:
    """What `select` counts for `request` (its any-word fallback included), without ranking:
    the matched set and the notices, for counting over time."""
    built = build_query(searcher, request.q, ranking, request.languages)
    notices = built.notices
    both = _all_of(_source_filter(request), _date_filter(_latest(request.since, built.since),
                                                         _earliest(request.until, built.until)))
    matched = matching_docs(searcher, fast_phrases(built.query), both)
    loose = fast_phrases(built.loose) if built.loose is not None else None
    by_score = _sort_order(request, built.has_terms) is None
    if loose is not None and by_score and (built.description or len(matched) < request.per_page):
        some = matching_docs(searcher, loose, both)
        if len(some) > len(matched):
            _note(notices, f"{len(matched)} of the articles contain all of the words; "
                           "articles containing some of them are counted too, as in the results.")
            matched = some
    return matched, notices


def fetch_limit(request: SearchRequest, limit: int) -> int:
    """How many to rank: the pages asked for, and a little beyond to fold copies."""
    if request.collapse:
        return min(MAX_RESULT_DEPTH, limit * 2 + 10)
    return limit


def _note(notices: list[str], message: str) -> None:
    if message not in notices:
        notices.append(message)


def _within(query: Query, matched: DocSet, filter: Query | None) -> Query:
    """The query to rank: with a filter or an excluded word, only among the articles known
    to match (indexer/whooshext/within.py), so that Whoosh neither runs the query over every article
    nor checks a phrase again where the filter rules the article out, and the hits are
    always among the articles counted (Whoosh's own AndNot matcher can let through an
    article holding the excluded word). Otherwise the query as it is: Whoosh's top-N
    shortcuts then cost less than visiting every match."""
    return query if filter is None and not _excludes(query) else Within(query, matched.array.tolist())


def _excludes(query: Query) -> bool:
    return isinstance(query, (AndNot, Not)) or any(_excludes(child) for child in query.children())


def _best(searcher: Searcher, query: Query, matched: DocSet, filter: Query | None) -> Callable[[int], Any]:
    """The first `limit` articles by score: Whoosh ranks the candidates numpy picked from
    the matched set (indexer/search/topk.py), or the whole query where numpy cannot score it."""
    def fetch(limit: int) -> Any:
        chosen = best_candidates(searcher, query, matched, limit)
        if chosen is None:
            return searcher.search(_within(query, matched, filter), limit=limit, terms=True)
        return searcher.search(Within(chosen.query, chosen.docs), limit=limit, terms=True)

    return fetch


def _ranking(searcher: Searcher, query: Query, sortedby: sorting.Facet | None) -> Callable[[int], Any]:
    """Whoosh's search for the first `limit` articles (the filters are within `query`)."""
    return lambda limit: searcher.search(query, limit=limit, sortedby=sortedby, terms=True)


def _by_date(searcher: Searcher, query: Query, matched: DocSet, newest: bool) -> Callable[[int], Any]:
    return lambda limit: by_date(searcher, query, matched, limit, newest=newest)


def _all_of(*filters: Query | None) -> Query | None:
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else And(present)


def _sort_order(request: SearchRequest, has_terms: bool) -> sorting.Facet | None:
    if request.sort == "newest" or (request.sort == "relevance" and not has_terms):
        return NEWEST_FIRST
    if request.sort == "oldest":
        return OLDEST_FIRST
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
