"""A page's publication date, found by htmldate, never guessed.

htmldate reads the places publishers put the date: meta tags, JSON-LD, <time> and other
dated elements, the URL. Its `extensive_search` goes on to any date-like string of the
page's text, falling back to a lone year or a copyright line; on the benchmark pages that
dated nearly every page, but gave 34 of 388 a date they cannot have (after their crawl, or
years before), so it stays off: newsdesk leaves a date unknown rather than invent one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

# Dates before the Web's news sites are ids or misreadings.
MIN_DATE = "1995-01-01"


def publication_date(
    markup: str, *, url: str | None, stamps: Iterable[date | datetime | None] = (),
    fetched: datetime | None = None,
) -> date | datetime | None:
    """The day htmldate finds the page was first published, or None when it finds none.

    htmldate answers with a day. When one of `stamps` (the page's own machine-readable
    timestamps, such as JSON-LD's datePublished) names the same moment, it is given
    instead, with the time of day the publisher stated: within a day, as htmldate's day
    may be the publisher's local one and the stamp's its UTC one. A page is never published
    after it was `fetched`: htmldate reads "01/11/2008" day first, so an American page
    fetched in January comes out in November unless it is told.
    """
    # Imported here: htmldate and dateparser take a quarter of a second to import, which
    # reindexing text or JSON Lines never needs.
    import htmldate

    found = htmldate.find_date(
        markup, extensive_search=False, original_date=True, url=url, min_date=MIN_DATE,
        max_date=fetched.strftime("%Y-%m-%d") if fetched else None,
    )
    if not found:
        return None
    day = date.fromisoformat(found)
    for stamp in stamps:
        if isinstance(stamp, datetime) and abs(stamp.date() - day) <= timedelta(days=1):
            return stamp
    return day
