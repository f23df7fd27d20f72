"""Indexing and searching news articles with Whoosh: the only package that imports whoosh.

    Article --schema/--> Whoosh document --build/--> index on disk (generations)
    SearchRequest --search/--> matched, ranked articles --present/--> SearchResult
    service.py: the one SearchService behind the page, the JSON API and the CLI

Parts, lowest first (each imports only those before it; tests/test_layers.py checks):
- kept.py: answers worked out from one index reader, kept while it lives;
- preload.py: an index's files read into the page cache before it serves;
- whooshext/: everything relying on Whoosh internals, fenced and listed;
- schema/: fields, analysis, Article <-> document, near-duplicate signatures, spelling words;
- build/: the store (generations, lock), reindexing, parallel builds;
- search/: request, query syntax and building, ranking, the matched set, selection, results;
- present/: passages, facets, copy folding, similar articles, did-you-mean;
- watches/: saved searches, kept in SQLite beside the index, and what is new for each;
- searchers.py: each thread's searcher of the live index, or one warmed ahead;
- service.py: assembles a SearchResult, an export, an article view, the stats;
- warming.py: a new index's searcher opened and warmed before a request needs it;
- scatter.py: a sharded index searched on a Dask cluster's workers, the answers merged;
- shardwork.py: a shard's part of such a search, on the worker that keeps it open.

The names below are the public API; `SearchService` and `Stats` load on first use.
"""

from indexer.build.optimize import OptimizeReport, optimize
from indexer.build.shards.layout import ShardsRefused
from indexer.build.store import (
    DEFAULT_INDEX_DIR,
    IndexMissing,
    IndexStore,
    IndexUnreadable,
    IndexWriteFailed,
    ReindexBusy,
)
from indexer.build.update import ReindexReport, reindex
from indexer.search.request import MAX_PAGE, MAX_PER_PAGE, MAX_RESULT_DEPTH, SORTS, BadRequest, SearchRequest
from indexer.search.results import (
    ArticleView,
    Copy,
    ExportRow,
    FacetValue,
    Hit,
    SearchExport,
    SearchResult,
    Similar,
)


def __getattr__(name: str) -> object:
    # The search service (and the query machinery it imports) loads when first asked
    # for: a reindex never needs it, and a small incremental one spent a tenth of its
    # time importing it.
    if name in ("SearchService", "Stats"):
        from indexer import service

        return getattr(service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ArticleView",
    "Copy",
    "ExportRow",
    "SearchExport",
    "Similar",
    "BadRequest",
    "DEFAULT_INDEX_DIR",
    "FacetValue",
    "Hit",
    "IndexMissing",
    "IndexUnreadable",
    "IndexStore",
    "IndexWriteFailed",
    "MAX_PER_PAGE",
    "MAX_PAGE",
    "MAX_RESULT_DEPTH",
    "OptimizeReport",
    "ReindexBusy",
    "ReindexReport",
    "ShardsRefused",
    "SORTS",
    "SearchRequest",
    "SearchResult",
    "SearchService",
    "Stats",
    "optimize",
    "reindex",
]
