"""Readers' comment threads in flattened text, found by their structure rather than a heading.

A thread prints every comment under or over the same signature: a short line that repeats
("Posted by:", "Report this post") beside the comment's date or time, every few lines. A story
repeats no short line beside a clock that way, so such a line marks where the comments begin,
even when no "Comments" heading announces them.
"""

from __future__ import annotations

from collections import defaultdict

from corpus.text import lines as kinds

# This many signed and dated items in a row make a thread.
MIN_COMMENTS = 3
# A signature is a line of at most this many words...
MAX_SIGNATURE_WORDS = 4
# ...or a line of at most MAX_SIGNED_WORDS words opening with a label of at most
# MAX_SIGNATURE_WORDS words and a colon ("Posted by: Brad, Glasgow"), the label being the signature...
MAX_SIGNED_WORDS = 10
# ...with a date or time at most this many lines before or after it...
DATE_REACH = 3
# ...and the next signature at most this many lines further on.
MAX_COMMENT_LINES = 15


def find_thread(page: list[str]) -> int | None:
    """Index of the first signature of the page's first comment thread, or None."""
    dated = [kinds.is_dateline(line) for line in page]
    near_date = [any(dated[max(0, i - DATE_REACH):i + DATE_REACH + 1]) for i in range(len(page))]
    signatures: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(page):
        if near_date[index] and not dated[index] and (signature := _signature(line)):
            signatures[signature].append(index)
    starts = [start for found in signatures.values() if (start := _first_run(found)) is not None]
    return min(starts, default=None)


def _signature(line: str) -> str | None:
    """What the line repeats if it is a comment's signature: a short line, or the label
    opening a line that names the commenter; None for other lines."""
    words = kinds.count_words(line)
    label, colon, _ = line.partition(":")
    if colon and words <= MAX_SIGNED_WORDS and 0 < kinds.count_words(label) <= MAX_SIGNATURE_WORDS:
        return label + colon
    return line if 0 < words <= MAX_SIGNATURE_WORDS else None


def _first_run(indexes: list[int]) -> int | None:
    """The first of MIN_COMMENTS signatures in a row, each within MAX_COMMENT_LINES of the last."""
    start = 0  # where the current run of signatures began, in `indexes`
    for position in range(1, len(indexes)):
        if not 1 < indexes[position] - indexes[position - 1] <= MAX_COMMENT_LINES:
            start = position
        elif position - start + 1 >= MIN_COMMENTS:
            return indexes[start]
    return None
