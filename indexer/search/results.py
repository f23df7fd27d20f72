"""The search result: one object the HTML page renders and the API and CLI serialise."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from corpus import Article
from indexer.search.request import MAX_PER_PAGE

# Field metadata uses pydantic.Field's argument names (description, ge, le, serialization_alias):
# the API's OpenAPI document is derived from these classes, which stay plain dataclasses.


@dataclass(frozen=True)
class Copy:
    """Another article carrying the same text (a wire story, a syndicated copy)."""

    id: str
    source: str | None
    title: str
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Similar:
    """An article on the same subject as another ("more like this")."""

    id: str
    title: str
    source: str | None
    published: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Hit:
    """One matching article with passages where the query matched."""

    id: str
    title: str
    url: str | None
    source: str | None
    published: str | None = field(metadata={"description": "ISO 8601 date or datetime"})
    author: str | None
    score: float
    highlights: list[str] = field(
        metadata={"description": "Up to three HTML-escaped passages (whole sentences where they fit) "
                                 "in which <mark>...</mark> is the only markup."}
    )
    title_highlight: str = field(
        default="",
        metadata={"description": "The title, HTML-escaped, with the matched words in <mark>...</mark>."},
    )
    duplicates: list[Copy] = field(
        default_factory=list,
        metadata={"description": "Copies of this article's text under other outlets, folded into this hit."},
    )


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class Shards:
    """How many of the index's shards answered, as Elasticsearch's `_shards`. An index
    that is not sharded is one shard. With `failed` above 0 the answer is partial: totals,
    facets and hits leave out the articles of the shards that failed."""

    total: int = field(default=1, metadata={"ge": 1})
    answered: int = field(default=1, metadata={"ge": 0})
    failed: int = field(default=0, metadata={"ge": 0})


SHARDS_DESCRIPTION = ("How many of the index's shards answered (an index that is not sharded is one shard). "
                      "With failed above 0 the answer is partial: it leaves out those shards' articles.")


@dataclass(frozen=True)
class SearchResult:
    """Everything a results page shows, independent of how it is shown."""

    query: str
    total: int
    page: int = field(metadata={"ge": 1})
    per_page: int = field(metadata={"ge": 1, "le": MAX_PER_PAGE})
    took_ms: float
    suggestion: str | None = field(
        metadata={"description": "A did-you-mean when nothing matched all the words: the query as typed "
                                 "with only unknown words replaced. Never applied by itself."}
    )
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(
        default_factory=dict,
        metadata={"description": "Values with counts for each facet: source (outlets), published "
                                 "(months, YYYY-MM), each ignoring its own filter, and language (ISO "
                                 "639-1 codes, within the filters chosen)."},
    )
    notices: list[str] = field(
        default_factory=list,
        metadata={"description": "What was simplified or relaxed to answer the query, in plain words "
                                 "(an unclosed quote, a capped wildcard, the any-word fallback, ...)."},
    )
    shards: Shards = field(default_factory=Shards, metadata={"description": SHARDS_DESCRIPTION})

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        """The /api/search document (and `newsdesk search --json`)."""
        return asdict(self)


@dataclass(frozen=True)
class ExportRow:
    """One matching article as a spreadsheet row: its metadata, no text."""

    id: str
    title: str
    source: str | None
    published: str | None
    author: str | None
    url: str | None
    score: float

    FIELDS = ("id", "title", "source", "published", "author", "url", "score")  # column order

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchExport:
    """Every article a search matches (up to a limit), in the search's order."""

    query: str
    total: int  # all matching articles; `rows` stops at the export limit
    rows: list[ExportRow] = field(metadata={"serialization_alias": "articles"})  # as to_dict names it
    notices: list[str] = field(default_factory=list)
    shards: Shards = field(default_factory=Shards, metadata={"description": SHARDS_DESCRIPTION})

    def to_dict(self) -> dict[str, Any]:
        """The JSON export document."""
        return {"query": self.query, "total": self.total, "exported": len(self.rows),
                "notices": self.notices, "shards": asdict(self.shards),
                "articles": [row.to_dict() for row in self.rows]}


@dataclass(frozen=True)
class ArticleView:
    """One article with what its page shows beside it: similar articles and copies."""

    article: Article
    similar: list[Similar] = field(
        metadata={"description": "Articles on the same subject (more like this), best first."}
    )
    duplicates: list[Copy] = field(
        metadata={"description": "Copies of this article's text under other outlets."}
    )
    body_highlight: str | None = field(
        default=None,
        metadata={"description": "With a query: the body HTML-escaped, the query's matches in <mark>, "
                                 "paragraphs still separated by a blank line; null without a query or "
                                 "when nothing in the body matched."},
    )

    def to_dict(self) -> dict[str, Any]:
        """The /api/articles/<id> document (and `newsdesk show --json`)."""
        return {
            **self.article.to_dict(),
            "similar": [s.to_dict() for s in self.similar],
            "duplicates": [c.to_dict() for c in self.duplicates],
            "body_highlight": self.body_highlight,
        }
