"""Corpus-level evidence for cleaning flattened text: lines that many pages of one source share.

A line printed on several articles of the same outlet (a menu entry, a newsletter prompt, a
"related" headline, a standard disclaimer) is page furniture, whatever it looks like alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# A line must appear on this many pages of one source to count as repeated: two articles may
# quote the same sentence, three identical lines across articles are the site's.
MIN_PAGES = 3


def page_lines(text: str) -> set[str]:
    """The distinct stripped, non-blank lines of one page."""
    return {line.strip() for line in text.splitlines() if line.strip()}


def find_repeated_lines(texts: Iterable[str], *, min_pages: int = MIN_PAGES) -> frozenset[str]:
    """The lines that occur on at least `min_pages` of the pages (each page counted once)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(page_lines(text))
    return frozenset(line for line, count in counts.items() if count >= min_pages)
