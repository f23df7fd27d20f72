"""Metadata from URLs and manifest cells: the outlet's name and the publication date."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

# Host prefixes that name a server or an edition of the site, not the outlet.
_HOST_PREFIX = re.compile(r"^(www\d*|m|amp|mobile)\.")
# Years outside this range in a URL are ids, not dates.
MIN_YEAR, MAX_YEAR = 1990, 2100


def source_from_url(url: str | None) -> str | None:
    """The URL's domain made readable ("https://www.scmp.com/..." gives "scmp.com"), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # a malformed URL, e.g. an unbalanced IPv6 bracket
        return None
    if not host:
        return None
    return _HOST_PREFIX.sub("", host.lower().rstrip(".")) or None


def date_from_url(url: str | None) -> date | None:
    """The date of a /YYYY/MM/DD/ run of path segments, if it is a real date; else None.

    ".../2025/07/18/axis-of-alignment/amp" gives 2025-07-18; "/2025/02/30/" gives None.
    """
    if not url:
        return None
    try:
        segments = urlsplit(url.strip()).path.split("/")
    except ValueError:
        return None
    for year, month, day in zip(segments, segments[1:], segments[2:]):
        if not (re.fullmatch(r"\d{4}", year) and re.fullmatch(r"\d{1,2}", month)
                and re.fullmatch(r"\d{1,2}", day)):
            continue
        if not MIN_YEAR <= int(year) <= MAX_YEAR:
            continue
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue  # 2025/02/30: not a date, keep looking
    return None


def parse_published(value: str | None) -> date | datetime | None:
    """An ISO 8601 date ("2025-07-17") or datetime ("2025-07-17T09:30:00+03:00"), or the form
    of RSS feeds and HTTP headers that crawlers copy ("Fri, 18 Jul 2025 10:00:00 GMT"), else None.

    A date stays a date: a time of day is never invented.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) <= 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return _rfc_2822(text)


def _rfc_2822(text: str) -> date | datetime | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # Two-digit years are read as 19xx or 20xx: only a year written in full is taken.
    if not MIN_YEAR <= parsed.year <= MAX_YEAR or str(parsed.year) not in text:
        return None
    return parsed if re.search(r"\d:\d\d", text) else parsed.date()  # "18 Jul 2025" has no time
