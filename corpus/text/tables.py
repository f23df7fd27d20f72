"""Tables in flattened text: the results, scores or standings that close a story, or are it.

Whole-page text prints a table one cell or one row per line ("1. Bayliss (Ducati) 1'32.2",
"Mills 8.5-1-27-2", "93"). No line of it reads like a paragraph, and a lone figure looks
like a counter, so the article span stops before a table that closes the story. Told apart
by structure, not words: short lines, most of them holding a figure that is not a list's
running number ("1. Headline" is a list of stories; "1", "2", "3" a pager or a rating), with
at most one label line in a row between them ("Total", "Bowling").

A table can also be the article itself: a standings or calendar page is a table under a
line or two of text. Such a table (`find_tables`) is held to stricter rows, since it has no
story beside it to vouch for it: a menu's counts, a list of dated items and teasers with
their ages and comment counts look like tables too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus.text.lines import is_dateline
from corpus.text.patterns import MONTH_NAMES

# A cell or a row is short; a line longer than this is prose or a headline.
MAX_ROW_WORDS = 12
# A table has at least this many rows holding a figure...
MIN_TABLE_ROWS = 6
# ...and they are at least this share of its lines: a ranked list of stories alternates a
# running number with a headline, half and half.
MIN_ROW_SHARE = 2 / 3
# A table's heading and its first label cell come before its first row.
MAX_LEAD_LABELS = 2
# A table standing alone (not closing a story) has labels of a cell's length between its
# rows ("Kyle Busch", "Total"): a list of teasers alternates figures ("14h", "261") with
# headlines.
MAX_CELL_WORDS = 4
# Its header row, printed one cell a line above the first row, has short cells.
MAX_HEADER_CELLS = 10
MAX_HEADER_WORDS = 2
_FIGURE = re.compile(r"\d")
_FIGURES = re.compile(r"\d+")
_RUNNING_NUMBER = re.compile(r"\s*\(?\d{1,3}[.)]\s")
# Markup or a script printed as text ("<SCRIPT ...>if (document.layers) {...").
_CODE = re.compile(r"[<>{}=]")
_MONTH = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
# A date with its month's name is one figure, not three: "Jan. 7, 2008", "4 January 2008".
_NAMED_DATE = re.compile(
    rf"\b(?:(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?),?\s+\d{{4}}\b",
    re.IGNORECASE,
)


def is_row(line: str) -> bool:
    """Whether the line is a short row or cell holding a figure besides a list's number, and
    no date with its month's or day's name (a list of those is an archive's)."""
    if len(line.split()) > MAX_ROW_WORDS or (is_dateline(line) and any(c.isalpha() for c in line)):
        return False
    return bool(_FIGURE.search(_RUNNING_NUMBER.sub("", line, count=1)))


def is_data_row(line: str) -> bool:
    """A row of a table standing alone: a cell of figures only ("5040", "1'32.2") or a row
    holding several ("1a etapa: 10 de março"). A menu's line holds one count ("Brazil (36)",
    "10 comments per page"), a list of dated items one date besides its number ("(1) Voting
    for a Smile, New York Times, 6 January 2008"); a script printed as text is no row."""
    if not _FIGURE.search(line) or _CODE.search(line) or not is_row(line):
        return False
    if not any(c.isalpha() for c in line):
        return True
    figures = _NAMED_DATE.sub("0", _RUNNING_NUMBER.sub("", line, count=1))
    return len(_FIGURES.findall(figures)) >= 2


def _counts_on(page: list[str], index: int) -> bool:
    """Whether the line is the third of numbers counting up by one: a pager's or a rating's
    ("1", "2", "3"). Two in a row happen by chance in a table printed one cell a line."""
    lines = page[max(0, index - 2):index + 1]
    return len(lines) == 3 and all(line.isdigit() for line in lines) and (
        int(lines[0]) + 2 == int(lines[1]) + 1 == int(lines[2]))


def table_after(page: list[str], last: int) -> range:
    """The lines of the table right after page[last] (a heading and a first label, then its
    rows), or an empty range at last + 1 when none follows."""
    rows, _ = _stretch(page, last, lambda i: is_row(page[i]))
    end = rows[-1] if rows else last
    if len(rows) >= MIN_TABLE_ROWS and len(rows) >= MIN_ROW_SHARE * (end - last):
        return range(last + 1, end + 1)
    return range(last + 1, last + 1)


def find_tables(page: list[str]) -> frozenset[int]:
    """The lines of every table on the page, from its first row to its last, wherever it
    stands. Each stretch of rows and labels is read once: its table starts at the earliest
    row from which the rows to the stretch's last one are enough, and a share enough."""
    data = [is_data_row(line) for line in page]
    found: set[int] = set()
    index = 0
    while index < len(page):
        if not data[index]:
            index += 1
            continue
        rows, stop = _stretch(page, index - 1, data.__getitem__, MAX_CELL_WORDS)
        end = rows[-1] if rows else index - 1  # none when a pager's count began at page[index]
        rows_from = [0] * (end - index + 2)  # rows_from[k]: rows in page[index + k:end + 1]
        for k in range(end - index, -1, -1):
            rows_from[k] = rows_from[k + 1] + data[index + k]
        for k in range(end - index + 1):
            if rows_from[k] < MIN_TABLE_ROWS:
                break
            if data[index + k] and rows_from[k] >= MIN_ROW_SHARE * (end - index - k + 1):
                found.update(range(_header_start(page, data, index + k), end + 1))
                break
        index = max(index + 1, stop)
    return frozenset(found)


def _header_start(page: list[str], data: list[bool], first: int) -> int:
    """Where the table whose first row is page[first] starts: at its header row printed one
    cell a line ("Pos.", "Driver", "Points"), up to MAX_HEADER_CELLS short lines right above."""
    start = first
    while (first - start < MAX_HEADER_CELLS and start > 0 and len(page[start - 1].split()) <= MAX_HEADER_WORDS
           and not page[start - 1].endswith(":") and not data[start - 1]):
        start -= 1
    return start


def _stretch(
    page: list[str], last: int, row: Callable[[int], bool], label_words: int = MAX_ROW_WORDS,
) -> tuple[list[int], int]:
    """The rows (by `row`, of a line's index) among the rows and labels (of at most
    `label_words` words) right after page[last], and the index of the line that ended them."""
    rows: list[int] = []
    gap = 0
    for index in range(last + 1, len(page)):
        if _counts_on(page, index):
            # The count began two lines up: the table, if any, ended before it.
            return [i for i in rows if i < index - 2], index
        words = len(page[index].split())
        if words > MAX_ROW_WORDS or (words > label_words and not row(index)):
            return rows, index
        if row(index):
            rows.append(index)
            gap = 0
        elif (gap := gap + 1) > 1 and rows:
            return rows, index  # two labels in a row: the table has ended
        elif gap > MAX_LEAD_LABELS:
            return rows, index
    return rows, len(page)
