"""The search result: one object the HTML page renders and the API and CLI serialise."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hit:
    """One matching article with passages where the query matched."""

    id: str
    title: str
    url: str | None
    source: str | None
    published: str | None  # ISO 8601 date or datetime
    author: str | None
    score: float
    highlights: list[str]  # HTML-escaped passages; <mark>...</mark> is the only markup


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    """Everything a results page shows, independent of how it is shown."""

    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    suggestion: str | None
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        """The /api/search document (and `newsdesk search --json`)."""
        return asdict(self)
