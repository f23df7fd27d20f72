"""Indexing and searching news articles with Whoosh: the only package that imports whoosh."""

from indexer.request import MAX_PAGE, MAX_PER_PAGE, MAX_RESULT_DEPTH, SORTS, BadRequest, SearchRequest
from indexer.results import (
    ArticleView,
    Copy,
    ExportRow,
    FacetValue,
    Hit,
    SearchExport,
    SearchResult,
    Similar,
)
from indexer.service import SearchService, Stats
from indexer.store import DEFAULT_INDEX_DIR, IndexMissing, IndexStore, IndexUnreadable, ReindexBusy
from indexer.update import ReindexReport, reindex

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
