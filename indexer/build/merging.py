"""Which segments an incremental commit merges: small ones together, never the full ones.

Whoosh's default policy (MERGE_SMALL) merges the smallest segments while their total stays
under a Fibonacci bound that outgrows the index: once an index held about 23 full-build
segments of 10,000 articles, an incremental commit merged them all in the foreground,
rewriting most of the index to add a few articles. This policy is tiered, like Lucene's
TieredMergePolicy in spirit: segments are grouped by size in tiers a factor of ten apart,
and only when a tier holds too many does a commit merge some of its segments, up to a bound
on the articles merged. A full segment (5,000 live articles or more) is never merged by a
commit, so an update costs what its change costs, whatever the size of the index; merging
full segments is left to `newsdesk optimize` (indexer/build/optimize.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log10
from typing import Any

from whoosh.reading import SegmentReader


@dataclass(frozen=True)
class Size:
    """A segment's articles: live ones, and all written ones (deleted included)."""

    live: int
    written: int


@dataclass(frozen=True)
class TieredMerge:
    """A Whoosh merge policy (`writer.commit(mergetype=TieredMerge())`): merges the chosen
    segments into the writer's new segment and gives the segments kept as they are."""

    # At or above this many live articles a segment is full: a commit never merges it (a
    # full build writes segments of 10,000 articles; indexer/build/parallel.py).
    full: int = 5_000
    # A commit merges at most this many articles (deleted ones included: reading them costs
    # too), so its work is bounded by the cost of writing one full-build segment.
    merge_articles: int = 10_000
    # Segment sizes are grouped in tiers a factor of ten apart, all below this size in one.
    tier_floor: int = 100
    # A tier holding this many segments has some merged at the next commit: an index holds
    # about its full segments plus fewer than this many per tier.
    per_tier: int = 10

    def chosen(self, sizes: list[Size]) -> list[int]:
        """The positions in `sizes` of the segments to merge at this commit, from the
        smallest tier up; none when no tier holds too many. One merge at most."""
        tiers: dict[int, list[int]] = {}
        for n, size in enumerate(sizes):
            if 0 < size.live < self.full:
                tiers.setdefault(int(log10(max(size.live, self.tier_floor))), []).append(n)
        for tier in sorted(tiers):
            # Cheapest first: merging them does the most good for the work.
            members = sorted(tiers[tier], key=lambda n: (sizes[n].written, sizes[n].live))
            if len(members) < self.per_tier:
                continue
            chosen, articles = [], 0
            for n in members:
                if articles + sizes[n].written <= self.merge_articles:
                    chosen.append(n)
                    articles += sizes[n].written
            if len(chosen) >= 2:
                return sorted(chosen)
        return []

    def __call__(self, writer: Any, segments: list[Any]) -> list[Any]:
        # A segment whose every article is deleted is dropped: nothing to read.
        sizes = [Size(segment.doc_count(), segment.doc_count_all()) for segment in segments]
        merged = set(self.chosen(sizes))
        kept = []
        for n, segment in enumerate(segments):
            if n in merged:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                try:
                    writer.add_reader(reader)
                finally:
                    reader.close()
            elif sizes[n].live:
                kept.append(segment)
        return kept

    def due(self, ix: Any) -> bool:
        """Whether the next commit into `ix` merges segments."""
        with ix.reader() as reader:
            sizes = [Size(leaf.doc_count(), leaf.doc_count_all()) for leaf, _ in reader.leaf_readers()]
        return bool(self.chosen(sizes))


# The policy every update commits with.
TIERED = TieredMerge()
