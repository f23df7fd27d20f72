"""The JSON answers the web app writes itself, beside the search service's own documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from indexer import FacetValue

# Field metadata uses pydantic.Field's argument names: the API description (webapp/openapi/)
# reads it from here, so these classes stay plain dataclasses.


@dataclass(frozen=True)
class Navigation:
    """Relative URLs of a search's pages, every parameter kept; prev and next are null at either end."""

    self: str
    first: str
    prev: str | None
    next: str | None
    last: str


@dataclass(frozen=True)
class Sources:
    sources: list[FacetValue] = field(
        metadata={"description": "Every outlet in the index with its number of articles, largest first."}
    )


# Keys go out in field order (the app turns sort_keys off): status first, and fixed, so no argument.


@dataclass(frozen=True)
class Ready:
    """Searches can be answered."""

    status: Literal["ok"] = field(default="ok", init=False)
    index: str  # the index folder


@dataclass(frozen=True)
class NotReady:
    """Searches cannot be answered."""

    status: Literal["unavailable"] = field(default="unavailable", init=False)
    reason: str = field(metadata={"description": "Why searches cannot be answered, and what to run."})


@dataclass(frozen=True)
class ErrorDetail:
    code: str = field(
        metadata={"description": "Stable, machine-readable: bad_parameter, not_found, method_not_allowed, "
                                 "index_missing, internal, ..."}
    )
    message: str = field(metadata={"description": "What went wrong and what would work."})


@dataclass(frozen=True)
class Error:
    """What every error of the API and the health probe answers."""

    error: ErrorDetail
