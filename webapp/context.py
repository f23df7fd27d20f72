"""What the pages and the API share: the app's one search service, and running a search.

`create_app` puts the service in `app.extensions[EXTENSION]`; blueprints read it from
`current_app`, so nothing imports the app module back.
"""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import MultiDict

from indexer import BadRequest, SearchRequest, SearchResult, SearchService
from indexer.present.coverage import MAX_QUERIES, CoverageOptions
from indexer.present.terms import TermsOptions

EXTENSION = "newsdesk"


def search_service() -> SearchService:
    """The current app's search service."""
    service: SearchService = current_app.extensions[EXTENSION]
    return service


def run_search(args: MultiDict[str, str]) -> tuple[SearchRequest, SearchResult]:
    """Parse query-string arguments and search once; the pages and the API both come here."""
    search_request = SearchRequest.from_params({key: args.getlist(key) for key in args})
    return search_request, search_service().search(search_request)


def query_of(args: MultiDict[str, str]) -> str:
    """The q parameter of an article's address (the search it was opened from), validated
    like a search's: one value, at most MAX_QUERY_CHARS."""
    return SearchRequest.from_params({"q": args.getlist("q")} if "q" in args else {}).q


def first_request(args: MultiDict[str, str]) -> tuple[SearchRequest, str | None]:
    """A who-reported-first request: the search parameters, and `story` (an article id whose
    near-duplicate copies are asked about) or None."""
    stories = [s.strip() for s in args.getlist("story") if s.strip()]
    if len(stories) > 1:
        raise BadRequest("story", "story may be given only once")
    return SearchRequest.from_params({key: args.getlist(key) for key in args}), stories[0] if stories else None


def coverage_options(args: MultiDict[str, str]) -> CoverageOptions:
    """interval, by and top of a coverage request, validated."""
    return CoverageOptions.from_params({key: args.getlist(key) for key in ("interval", "by", "top")})


def compare_requests(args: MultiDict[str, str]) -> tuple[list[SearchRequest], str | None]:
    """One search request per q (1 to MAX_QUERIES), the other filters shared; the interval."""
    queries = args.getlist("q")
    if len(queries) > MAX_QUERIES:
        raise BadRequest("q", f"compare takes at most {MAX_QUERIES} queries; {len(queries)} were given")
    if not queries:
        raise BadRequest("q", f"compare needs q, 1 to {MAX_QUERIES} times")
    shared = {key: args.getlist(key) for key in ("source", "since", "until")}
    requests = [SearchRequest.from_params({**shared, "q": q}) for q in queries]
    return requests, coverage_options(args).interval


def words_shown(args: MultiDict[str, str]) -> TermsOptions | None:
    """How the search page is asked for its distinctive words: words=show, or words=outlets
    for each leading outlet's too; None when not asked."""
    values = args.getlist("words")
    if values not in ([], [""], ["show"], ["outlets"]):
        raise BadRequest("words", "words may only be show or outlets (or left out)")
    return None if values in ([], [""]) else TermsOptions(by="source" if values == ["outlets"] else "none")
