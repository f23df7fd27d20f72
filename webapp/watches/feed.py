"""A saved search's matches as an Atom feed, written by feedgen: the last found first."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Callable

from feedgen.feed import FeedGenerator

from indexer.watches.saved import Match, WatchStatus

# What XML 1.0 cannot hold (NUL, most control characters, lone surrogates): a query or a
# title may hold them, and lxml refuses them rather than write a broken feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def atom_feed(status: WatchStatus, self_url: str, search_url: str, article_url: Callable[[str], str]) -> bytes:
    """The feed of `status`'s matches, each linking to its page here; `self_url` is the
    feed's own address, `search_url` the search's page."""
    watch = status.watch
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(f"newsdesk: {watch.name}")
    feed.subtitle(_xml(f"Articles newly matching {watch.q or 'every article'}"
                       + (f" from {', '.join(watch.sources)}" if watch.sources else "")))
    feed.author({"name": "newsdesk"})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=search_url, rel="alternate", type="text/html")
    found = [_when(m.found) for m in status.matches]
    feed.updated(max(found, default=None) or _when(watch.created) or datetime.now(timezone.utc))
    for match, when in zip(status.matches, found):
        entry = feed.add_entry(order="append")
        entry.id(f"urn:newsdesk:article:{match.id}")
        entry.title(_xml(match.title) or "(untitled)")
        # One link: feedgen 1.0.0 writes an entry's links without their rel, so a second one
        # (the original) would make two alternates, which Atom forbids; the summary names it.
        entry.link(href=article_url(match.id), rel="alternate", type="text/html")
        entry.updated(when or datetime.now(timezone.utc))
        published = _when(match.published)
        if published:
            entry.published(published)
        entry.summary(_xml(_summary(match)))
    return feed.atom_str(pretty=True)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _summary(match: Match) -> str:
    said = [part for part in (match.source, match.published and f"published {match.published}") if part]
    original = f"Original: {match.url}" if match.url and match.url.startswith(("http://", "https://")) else ""
    return " ".join(filter(None, [", ".join(said) + "." if said else "", original])) or "A new match."


def _when(text: str | None) -> datetime | None:
    """An ISO date or time as an aware datetime (UTC when it names no offset); None if not one."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        parsed = datetime(day.year, day.month, day.day)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
