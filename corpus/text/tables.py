"""Tables in flattened text: the results, scores or standings that close a story.

Whole-page text prints a table one cell or one row per line ("1. Bayliss (Ducati) 1'32.2",
"Mills 8.5-1-27-2", "93"). No line of it reads like a paragraph, and a lone figure looks
like a counter, so the article span stops before a table that closes the story. Told apart
by structure, not words: short lines, most of them holding a figure that is not a list's
running number ("1. Headline" is a list of stories; "1", "2", "3" a pager or a rating), with
at most one label line in a row between them ("Total", "Bowling").
"""

from __future__ import annotations

import re

from corpus.text.lines import is_dateline

# A cell or a row is short; a line longer than this is prose or a headline.
MAX_ROW_WORDS = 12
# A table has at least this many rows holding a figure...
MIN_TABLE_ROWS = 6
# ...and they are at least this share of its lines: a ranked list of stories alternates a
# running number with a headline, half and half.
MIN_ROW_SHARE = 2 / 3
# A table's heading and its first label cell come before its first row.
MAX_LEAD_LABELS = 2
_FIGURE = re.compile(r"\d")
_RUNNING_NUMBER = re.compile(r"\s*\d{1,3}[.)]\s")


def is_row(line: str) -> bool:
    """Whether the line is a short row or cell holding a figure besides a list's number, and
    no date with its month's or day's name (a list of those is an archive's)."""
    if len(line.split()) > MAX_ROW_WORDS or (is_dateline(line) and any(c.isalpha() for c in line)):
        return False
    return bool(_FIGURE.search(_RUNNING_NUMBER.sub("", line, count=1)))


def _counts_on(line: str, previous: str) -> bool:
    """Whether the line is the number after the one before: a pager's or a rating's."""
    return line.isdigit() and previous.isdigit() and int(line) == int(previous) + 1


def table_after(page: list[str], last: int) -> range:
    """The lines of the table right after page[last] (a heading and a first label, then its
    rows), or an empty range at last + 1 when none follows."""
    rows, end, gap = 0, last, 0
    for index in range(last + 1, len(page)):
        if len(page[index].split()) > MAX_ROW_WORDS or _counts_on(page[index], page[index - 1]):
            break
        if is_row(page[index]):
            rows, end, gap = rows + 1, index, 0
        elif (gap := gap + 1) > 1 and rows:
            break  # two labels in a row: the table has ended
        elif gap > MAX_LEAD_LABELS:
            break
    if rows >= MIN_TABLE_ROWS and rows >= MIN_ROW_SHARE * (end - last):
        return range(last + 1, end + 1)
    return range(last + 1, last + 1)
