"""Real text for tests: the allsides corpus when it is beside this checkout (a user's clone
has none, so tests fall back or skip), and one line of tokenising edge cases."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ALLSIDES = SHARED / "corpora" / "allsides-news" / "articles.jsonl.gz"

TRICKY = (
    "Russia’s T-72B1 tanks and Mi-17V-5 helicopters reached Kyïv; the U.S. didn't say. "
    "The the THE a an -- — state-of-the-art ’s '' x-y-z Æsir straße ﬁnance 2,000 3.5% "
    "“Quoted” O'Brien's co-op e-mail re-elected it's—and of-the"
)


def allsides_lines(stop: int, step: int) -> list[str]:
    """Every `step`-th raw JSON line of the allsides corpus up to line `stop`; none without it."""
    if not ALLSIDES.exists():
        return []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as handle:
        return list(itertools.islice(handle, 0, stop, step))
