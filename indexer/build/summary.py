"""The last reindex's summary, kept in the index folder: what the page and /api/stats show.

Written by each reindex as `last-reindex.json` beside the generations, replaced
atomically; an index built before summaries were kept has none, and reads as None.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from corpus import Rejected
from corpus.skips import KINDS, OTHER, count_of

SUMMARY = "last-reindex.json"


@dataclass(frozen=True)
class ReindexSummary:
    """What the last reindex did: articles written, kept and removed, inputs skipped."""

    finished: str  # when it committed, ISO 8601 in UTC
    full: bool  # a new generation, rather than an update of the live one
    added: int
    updated: int
    unchanged: int
    deleted: int
    articles: int  # in the index afterwards
    # kind (corpus/skips.py) -> inputs or records skipped for it; only kinds that occurred
    skipped: dict[str, int] = field(default_factory=dict)


def skipped_by_kind(rejected: Iterable[Rejected]) -> dict[str, int]:
    """How many inputs or records were skipped, per kind: most first, ties in KINDS' order."""
    counts: Counter[str] = Counter()
    for item in rejected:
        counts[item.kind] += count_of(item.reason)
    order = [*KINDS, OTHER]
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], order.index(pair[0]))))


def save(root: Path, summary: ReindexSummary) -> None:
    """Keep `summary` in the index folder `root`; a reader sees the old one or the new one."""
    path = root / SUMMARY
    tmp = path.with_name(SUMMARY + ".tmp")
    tmp.write_text(json.dumps(asdict(summary), indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def load(root: Path) -> ReindexSummary | None:
    """The summary kept in `root`, or None when there is none (or it cannot be read: it is
    only a report, and an unreadable one must not stop searches)."""
    try:
        return ReindexSummary(**json.loads((root / SUMMARY).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def skipped_record(item: Rejected) -> dict[str, str | int]:
    """One line of `newsdesk reindex --report`: the input, the kind, the reason in words,
    and how many records it stands for (a WARC file's skipped records come as one line)."""
    return {"path": item.path, "kind": item.kind, "reason": item.reason, "count": count_of(item.reason)}
