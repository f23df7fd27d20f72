"""A saved search: a name, the query and its filters, and what was found for it since."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.search.request import BadRequest, SearchRequest

# Names appear in addresses (/feeds/NAME.atom) and file-like listings: lowercase letters,
# digits and inner hyphens or underscores, so a name never needs escaping.
NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?")
NAME_RULE = "1 to 64 lowercase letters, digits, '-' or '_', starting and ending with a letter or digit"


class WatchError(Exception):
    """The saved searches cannot be read or written; the message says why and what to do."""


class WatchBusy(WatchError):
    """Another process holds the saved searches' file for writing longer than we wait."""


class UnknownWatch(LookupError):
    """No saved search has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no saved search named {name!r}")
        self.name = name


def checked_name(name: str) -> str:
    """`name` if it is a safe slug; BadRequest saying the rule otherwise."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise BadRequest("name", f"a saved search's name must be {NAME_RULE}; got {name!r}")
    return name


@dataclass(frozen=True)
class Watch:
    """A saved search as stored: its name, the search, and when it was saved."""

    name: str
    q: str
    sources: tuple[str, ...] = ()
    since: str | None = None  # ISO dates, as the search request validated them
    until: str | None = None
    created: str = ""  # ISO 8601, UTC

    @classmethod
    def of(cls, name: str, request: SearchRequest, created: str = "") -> Watch:
        return cls(
            name=checked_name(name), q=request.q, sources=request.sources,
            since=request.since.isoformat() if request.since else None,
            until=request.until.isoformat() if request.until else None, created=created,
        )

    def request(self) -> SearchRequest:
        """The search to run: every match counts, so no any-word fallback (a date sort has none)."""
        params: dict[str, Any] = {"q": self.q, "source": list(self.sources), "sort": "newest"}
        params.update({key: value for key in ("since", "until") if (value := getattr(self, key))})
        return SearchRequest.from_params(params)

    def params(self) -> dict[str, Any]:
        """The search as query-string parameters (for a link to its results page)."""
        found: dict[str, Any] = {"q": self.q}
        if self.sources:
            found["source"] = list(self.sources)
        found.update({key: value for key in ("since", "until") if (value := getattr(self, key))})
        return found


@dataclass(frozen=True)
class Match:
    """An article a saved search found after it was saved, as kept for its feed and `watch run`."""

    id: str
    title: str
    url: str | None
    source: str | None
    published: str | None
    found: str  # when `watch run` (or the feed, or the page) first saw it, ISO 8601, UTC

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WatchStatus:
    """A saved search with the number of its matches not yet printed by `watch run`."""

    watch: Watch
    new: int
    matches: list[Match] = field(default_factory=list)  # newest found first, when asked for

    def to_dict(self) -> dict[str, Any]:
        found = asdict(self.watch)
        found["sources"] = list(self.watch.sources)
        return {**found, "new": self.new, "matches": [m.to_dict() for m in self.matches]}
