"""Why an input was skipped, in a few stable kinds: what a reindex summary counts.

The readers give each rejection a reason in one human line ("truncated gzip data",
"too large (200 MB; the limit is 32 MB)"); the line may change wording, a kind does not.
The table below is the one place that maps the readers' reasons to kinds: a reason
added to a reader and left out here counts as "other", which the tests look for.
"""

from __future__ import annotations

import re

# kind -> the start of every reason of that kind (after a "line 3: " prefix, if any).
# Order matters only where one start is also another's: none are today.
KINDS: dict[str, tuple[str, ...]] = {
    "not-text": ("binary ", "unsupported file type", "not a regular file", "broken symbolic link"),
    "empty": ("empty ",),  # a file, or a line of an export
    "no-article": (
        "no article text", "no article records", "no usable records", "no HTML pages with article text",
    ),
    "too-large": ("too large", "decompresses to more than", "longer than"),
    "unreadable": (
        "truncated gzip", "corrupt gzip", "not gzip data", "not WARC data", "damaged or truncated WARC",
        "could not be read", "not a JSON object", "not valid JSON", "no such file", "permission denied",
    ),
    "warc-not-html": ("not HTML",),
    "warc-not-200": ("HTTP status not 200",),
    "duplicate": ("same URL as",),
    "manifest": ("manifest",),
}
OTHER = "other"
# What the page and the CLI call each kind.
LABELS: dict[str, str] = {
    "not-text": "not text",
    "empty": "empty",
    "no-article": "no article text",
    "too-large": "too large",
    "unreadable": "unreadable or truncated",
    "warc-not-html": "WARC records not HTML",
    "warc-not-200": "WARC records not HTTP 200",
    "duplicate": "same URL as another",
    "manifest": "manifest problems",
    OTHER: "other",
}

# "line 12: ...", "3 records skipped: ..." name where or how many, not why.
_PREFIX = re.compile(r"^(?:line \d+: |\d+ records? skipped: )")
_COUNTED = re.compile(r"^(\d+) records? skipped: ")


def kind_of(reason: str) -> str:
    """The kind of a rejection reason: "not-text", "too-large", ... or "other"."""
    why = _PREFIX.sub("", reason).lower()
    for kind, starts in KINDS.items():
        if any(why.startswith(start.lower()) for start in starts):
            return kind
    return OTHER


def count_of(reason: str) -> int:
    """How many inputs or records one rejection stands for: a WARC file's skipped records
    are reported in one line per kind ("12 records skipped: not HTML (...)")."""
    counted = _COUNTED.match(reason)
    return int(counted.group(1)) if counted else 1
