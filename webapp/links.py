"""The links a search offers, each keeping the filters it does not change: pages, outlets,
months, sorts, switches; for the results page and for the JSON document alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from flask import url_for

from indexer import MAX_PAGE, SORTS, FacetValue, SearchRequest, SearchResult
from webapp.answers import Navigation

SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
_PAGE_WINDOW = 2  # page links shown on each side of the current page
# Outlets listed as links; the rest of a result's outlets are offered in a list to choose from.
SHOWN_SOURCES = 15
# What werkzeug's url_for leaves unescaped in a query string, so links read the same either way.
_QUERY_SAFE = "!$'()*,/:;?@"


# More months than this are drawn as years.
MAX_BARS = 60


@dataclass(frozen=True)
class Bar:
    """One period of the volume-over-time histogram."""

    label: str  # "July 2025" or "2019"
    href: str
    count: int
    current: bool
    height: int  # percent of the tallest bar; a non-empty period is never invisible


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    count: int | None = None
    current: bool = False


class SearchLinks:
    """Every link a results page offers, each keeping the filters it does not change."""

    def __init__(
        self, search_request: SearchRequest, result: SearchResult, endpoint: str = "pages.search"
    ) -> None:
        self.request = search_request
        self.result = result
        self.endpoint = endpoint  # the same links serve the page and the JSON document

    def url(self, **changes: Any) -> str:
        """This search with some parameters changed; page goes back to 1 unless given."""
        req = self.request
        params: dict[str, Any] = {
            "q": req.q,
            "source": list(req.sources),
            "lang": list(req.languages),
            **_compact_dates(req.since, req.until),
            "sort": req.sort,
            "per_page": req.per_page,
            "page": 1,
            "recency": "1" if req.recency else None,
            "duplicates": None if req.collapse else "show",
        }
        params.update(changes)
        # Defaults stay out of the address, so links read like what a person would type.
        defaults = {"q": "", "sort": SORTS[0], "per_page": 10, "page": 1, "duplicates": "collapse"}
        kept = [(k, v) for k, values in params.items() if values not in (None, [], ()) and defaults.get(k) != values
                for v in (values if isinstance(values, (list, tuple)) else [values])]
        # The query string is encoded here, not by url_for: a page of years of coverage has
        # hundreds of links, and building each through the URL map cost a fifth of the page.
        return f"{self._path}?{urlencode(kept, safe=_QUERY_SAFE)}" if kept else self._path

    @cached_property
    def _path(self) -> str:
        return url_for(self.endpoint)

    @property
    def filtered(self) -> bool:
        return bool(self.request.sources or self.request.languages or self.request.since or self.request.until)

    def clear_filters(self) -> str:
        return self.url(source=[], lang=[], since=None, until=None)

    def suggestion(self) -> str | None:
        return self.url(q=self.result.suggestion) if self.result.suggestion else None

    def sources(self) -> list[Link]:
        """Each outlet toggles itself in or out of the selected outlets: the SHOWN_SOURCES with
        the most matches, and any chosen ones."""
        chosen = list(self.request.sources)
        links = []
        for facet in self._sources_shown():
            on = facet.value in chosen
            toggled = [s for s in chosen if s != facet.value] if on else [*chosen, facet.value]
            links.append(Link(facet.value, self.url(source=toggled), facet.count, on))
        # An outlet chosen in the address that matched nothing still needs a way out.
        shown = {link.label for link in links}
        for value in chosen:
            if value not in shown:
                rest = [s for s in chosen if s != value]
                links.append(Link(value, self.url(source=rest), 0, True))
        return links

    def languages(self) -> list[Link]:
        """Each language of the matches toggles itself in or out of the chosen languages."""
        chosen = list(self.request.languages)
        links = []
        for facet in self.result.facets.get("language", []):
            on = facet.value in chosen
            toggled = [v for v in chosen if v != facet.value] if on else [*chosen, facet.value]
            links.append(Link(facet.value, self.url(lang=toggled), facet.count, on))
        return links

    def more_sources(self) -> list[FacetValue]:
        """The outlets of the matches not shown as links, by name (a list to add one from)."""
        shown = {facet.value for facet in self._sources_shown()}
        return sorted((f for f in self.result.facets.get("source", []) if f.value not in shown),
                      key=lambda facet: facet.value.casefold())

    def _sources_shown(self) -> list[FacetValue]:
        facets = self.result.facets.get("source", [])  # most matches first
        chosen = set(self.request.sources)
        return facets[:SHOWN_SOURCES] + [f for f in facets[SHOWN_SOURCES:] if f.value in chosen]

    def months(self) -> list[Link]:
        """Each month narrows the dates to itself, or widens them again when it is the filter."""
        links = []
        for facet in self.result.facets.get("published", []):
            first, last = _month_bounds(facet.value)
            on = first is not None and (self.request.since, self.request.until) == (first, last)
            href = self.url(since=None, until=None) if on else self.url(since=facet.value, until=facet.value)
            links.append(Link(month_label(facet.value), href, facet.count, on))
        return links

    def histogram(self) -> list[Bar]:
        """Bars of articles per month, oldest first, with empty months shown as gaps.

        Each bar links like the month's facet link. Beyond MAX_BARS months (years of
        news) the bars are whole years instead, so each stays wide enough to click.
        """
        counts = {f.value: f.count for f in self.result.facets.get("published", [])
                  if _month_bounds(f.value)[0] is not None}
        if not counts:
            return []
        months = _month_range(min(counts), max(counts))
        if len(months) > MAX_BARS:
            per_year: dict[str, int] = {}
            for month, count in counts.items():
                per_year[month[:4]] = per_year.get(month[:4], 0) + count
            periods = [str(y) for y in range(int(min(per_year)), int(max(per_year)) + 1)]
            counts = per_year
        else:
            periods = months
        tallest = max(counts.values())
        bars = []
        for period in periods:
            count = counts.get(period, 0)
            first, last = _period_bounds(period)
            on = (self.request.since, self.request.until) == (first, last)
            href = self.url(since=None, until=None) if on else self.url(since=period, until=period)
            label = month_label(period) if len(period) == 7 else period
            height = round(100 * count / tallest) if count else 0
            bars.append(Bar(label, href, count, on, max(height, 2) if count else 0))
        return bars

    def sorts(self) -> list[Link]:
        return [Link(SORT_LABELS.get(s, s), self.url(sort=s), None, s == self.request.sort) for s in SORTS]

    def options(self) -> list[Link]:
        """Switches: the recency boost (for relevance order) and folding of copies."""
        links = []
        if self.request.sort == "relevance" and self.request.q:
            on = self.request.recency
            links.append(Link("Prefer recent", self.url(recency=None if on else "1"), None, on))
        shown = not self.request.collapse
        links.append(Link("Show every copy", self.url(duplicates=None if shown else "show"), None, shown))
        return links

    @property
    def last_page(self) -> int:
        return max(1, min(self.result.pages, MAX_PAGE))

    def previous(self) -> str | None:
        page = self.request.page
        return self.url(page=min(page - 1, self.last_page)) if page > 1 else None

    def next(self) -> str | None:
        page = self.request.page
        return self.url(page=page + 1) if page < self.last_page else None

    def exports(self) -> list[Link]:
        """This search's every match as a CSV or a JSON file."""
        exporting = SearchLinks(self.request, self.result, endpoint="api.export")
        return [Link(kind.upper(), exporting.url(format=kind, page=None, per_page=None)) for kind in ("csv", "json")]

    def who_first(self) -> str:
        """Who reported this search first, outlet by outlet."""
        return SearchLinks(self.request, self.result, endpoint="pages.first").url(page=None)

    def navigation(self) -> Navigation:
        """The API document's links: this page, the first, previous, next and last."""
        return Navigation(
            self=self.url(page=self.request.page),
            first=self.url(page=1),
            prev=self.previous(),
            next=self.next(),
            last=self.url(page=self.last_page),
        )

    def pages(self) -> list[Link | None]:
        """Page links around the current one, the first and the last; None marks a gap."""
        current, last = self.request.page, self.last_page
        numbers = sorted({1, last, *range(max(1, current - _PAGE_WINDOW), min(last, current + _PAGE_WINDOW) + 1)})
        links: list[Link | None] = []
        for i, n in enumerate(numbers):
            if i and n - numbers[i - 1] > 1:
                links.append(None)
            links.append(Link(str(n), self.url(page=n), None, n == current))
        return links


def _month_bounds(value: str) -> tuple[date | None, date | None]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not match:
        return None, None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return None, None
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(following.toordinal() - 1)


def _compact_dates(since: date | None, until: date | None) -> dict[str, str | None]:
    """since/until as short as they were typed: a whole month as 2025-04, a whole year as 2025."""
    values = {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
    if since and until:
        for period in (since.strftime("%Y-%m"), since.strftime("%Y")):
            if _period_bounds(period) == (since, until):
                return {"since": period, "until": period}
    return values


def _month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _period_bounds(period: str) -> tuple[date | None, date | None]:
    """The first and last day of a YYYY-MM month or a YYYY year."""
    if len(period) == 4:
        return date(int(period), 1, 1), date(int(period), 12, 31)
    return _month_bounds(period)


def month_label(value: str) -> str:
    """2025-07 -> July 2025 (anything else unchanged)."""
    first, _ = _month_bounds(value)
    return first.strftime("%B %Y") if first else value
