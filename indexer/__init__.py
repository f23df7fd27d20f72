"""Indexing and searching news articles with Whoosh: the only package that imports whoosh."""

from indexer.build.store import DEFAULT_INDEX_DIR, IndexMissing, IndexStore, IndexUnreadable, ReindexBusy
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
    "MAX_PER_PAGE",
    "MAX_PAGE",
    "MAX_RESULT_DEPTH",
    "ReindexBusy",
    "ReindexReport",
    "SORTS",
    "SearchRequest",
    "SearchResult",
    "SearchService",
    "Stats",
    "reindex",
]
