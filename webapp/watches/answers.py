"""The JSON answers of /api/watches: the search service's saved searches, with their feeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from indexer.watches.saved import WatchStatus


def watch_answer(status: WatchStatus) -> dict[str, Any]:
    """A saved search as /api/watches answers it: its fields, new count, matches and feed."""
    return {**status.to_dict(), "feed": url_for("watches_api.feed", name=status.watch.name)}


@dataclass(frozen=True)
class WatchList:
    watches: list[WatchStatus] = field(
        metadata={"description": "Every saved search, by name, with how many matches `newsdesk watch run` "
                                 "has not printed yet (matches is empty here: ask for one search)."}
    )


@dataclass(frozen=True)
class Removed:
    removed: str = field(metadata={"description": "The name of the saved search removed."})
