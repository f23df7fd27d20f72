"""Attention over time: a search's matches per day, week, month or year, against every
article indexed in the same period, split by outlet.

Counted like the facets (indexer/present/facets.py): each article's period and outlet are
numbers kept per reader and the matched set is counted with numpy's bincount (by month, the
interval of years of news, one count of a code for both), not looked up match by match.
Periods are in UTC, as the index keeps dates; an article without a date is counted apart
and said, never placed in a period.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Mapping, Sequence

import numpy as np
from whoosh.searching import Searcher

from indexer.kept import index_data
from indexer.search.docsets import DocSet
from indexer.search.matches import column_codes, column_numbers, column_values
from indexer.search.request import BadRequest, single_param

INTERVALS = ("day", "week", "month", "year")  # finest first: too many periods coarsen to the next
SPLITS = ("source", "none")
MAX_BUCKETS = 1_000  # more periods than this are drawn one interval coarser
DEFAULT_TOP = 10
MAX_TOP = 20
# Without an interval asked for: days for a story of up to three months, weeks up to
# three years, months up to thirty years, years beyond.
_AUTO_DAYS = (("day", 92), ("week", 3 * 366), ("month", 30 * 366))
_DAY_USECS = 86_400_000_000  # Whoosh keeps a date as microseconds since 0001-01-01
_EPOCH_DAYS = date(1970, 1, 1).toordinal() - 1  # days from 0001-01-01 to 1970-01-01


@dataclass(frozen=True)
class CoverageOptions:
    """How to count: the interval (None: chosen from the matches' span), the split, top N."""

    interval: str | None = None
    by: str = "source"
    top: int = DEFAULT_TOP

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> "CoverageOptions":
        interval, by = single_param(params, "interval"), single_param(params, "by") or "source"
        top = single_param(params, "top")
        if interval and interval not in INTERVALS:
            raise BadRequest("interval", f"interval must be one of {', '.join(INTERVALS)}")
        if by not in SPLITS:
            raise BadRequest("by", f"by must be one of {', '.join(SPLITS)}")
        if top and not (top.isascii() and top.isdigit() and 1 <= int(top) <= MAX_TOP):  # not "²"
            raise BadRequest("top", f"top must be a whole number from 1 to {MAX_TOP}")
        return cls(interval or None, by, int(top) if top else DEFAULT_TOP)


@dataclass(frozen=True)
class Bucket:
    """One period: how many articles matched, how many were indexed, and the share."""

    start: str = field(metadata={"description": "The period's first day, YYYY-MM-DD."})
    end: str = field(metadata={"description": "The period's last day, YYYY-MM-DD (inclusive)."})
    matching: int
    total: int = field(metadata={"description": "Every article indexed in the period (within the "
                                                "outlet filter), matching or not."})
    ratio: float = field(metadata={"description": "matching / total, 0 when nothing was indexed."})


@dataclass(frozen=True)
class Series:
    """One outlet's matches per period (or the outlets beyond the top N, together)."""

    name: str = field(metadata={"description": "The outlet, or \"others\" for the rest together."})
    source: str | None = field(metadata={"description": "The outlet's exact value; null for others."})
    outlets: int = field(metadata={"description": "How many outlets the series holds (1 but for others)."})
    matching: int = field(metadata={"description": "Its matching articles, undated ones included."})
    counts: list[int] = field(metadata={"description": "Dated matches per bucket, in bucket order."})


@dataclass(frozen=True)
class Coverage:
    """A search's attention over time: the `/api/coverage` document."""

    query: str
    interval: str = field(metadata={"description": "day, week (from Monday), month or year."})
    by: str
    matching: int = field(metadata={"description": "Every matching article, dated or not."})
    undated: int = field(metadata={"description": "Matching articles without a known date: in no bucket."})
    buckets: list[Bucket]
    series: list[Series] = field(
        metadata={"description": "With by=source: the top outlets by matching articles, then \"others\"."}
    )
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def count_coverage(
    searcher: Searcher, matched: DocSet, everything: DocSet, options: CoverageOptions, query: str,
    notices: list[str], pool: tuple[str, ...] = (),
) -> Coverage:
    """Count `matched` per period against `everything`, the articles it was drawn from: every
    live article, or those of the outlets `pool` (the key its counts are kept under)."""
    counted = _by_month(searcher, matched, options.interval) or _by_day(searcher, matched, options, notices)
    if counted.first is None:
        return Coverage(query, counted.interval, options.by, len(matched), counted.undated, [], [], notices)
    interval, first, width = counted.interval, counted.first, len(counted.grid)
    matching = counted.grid.sum(axis=1)
    totals = _totals(searcher, interval, everything, pool, first, width)
    buckets = [
        Bucket(*_bounds(interval, first + n), int(matching[n]), int(totals[n]),
               round(int(matching[n]) / int(totals[n]), 6) if totals[n] else 0.0)
        for n in range(width)
    ]
    series = _by_source(searcher, counted, options.top, len(matched)) if options.by == "source" else []
    return Coverage(query, interval, options.by, len(matched), counted.undated, buckets, series, notices)


@dataclass(frozen=True)
class _Counted:
    """Matches per period and outlet: `grid[period - first, outlet]` counts the dated ones,
    `per_source[outlet]` all (outlets as numbered by the source column's codes)."""

    interval: str
    first: int | None  # None: no match has a date
    grid: np.ndarray
    per_source: np.ndarray
    undated: int


def _by_day(searcher: Searcher, matched: DocSet, options: CoverageOptions, notices: list[str]) -> _Counted:
    """Counted from each match's day and outlet: any interval."""
    values, codes = column_codes(searcher, "source")
    days = _period_codes(searcher, "day")[matched.array]
    sources = codes[matched.array]
    per_source = np.bincount(sources, minlength=len(values))
    dated = days >= 0
    undated = len(days) - int(np.count_nonzero(dated))
    if undated:
        days, sources = days[dated], sources[dated]
    interval = _coarse_enough(options.interval or _interval_for(days), days, notices)
    if not len(days):
        return _Counted(interval, None, np.zeros((0, len(values)), np.int64), per_source, undated)
    periods = _periods(days, interval)
    first, last = int(periods.min()), int(periods.max())
    cells = np.bincount((periods - first) * len(values) + sources, minlength=(last - first + 1) * len(values))
    return _Counted(interval, first, cells.reshape(-1, len(values)), per_source, undated)


def _by_month(searcher: Searcher, matched: DocSet, asked: str | None) -> _Counted | None:
    """Counted by month from a code kept per article for its month and outlet together: one
    count over the matches instead of five passes (a broad word's page at a million articles
    spent 10 ms on them). None unless the interval is surely the month: asked for, or chosen
    automatically for the matches' span of days (bounded here by their months)."""
    values, _ = column_codes(searcher, "source")
    low, rows, codes = _month_source_codes(searcher)
    table = np.bincount(codes[matched.array], minlength=rows * len(values)).reshape(rows, len(values))
    months = np.flatnonzero(table[1:].any(axis=1))  # rows with a dated match, from `low`
    if not len(months):
        return None
    first, last = int(months[0]), int(months[-1])
    fewest_days, most_days = (last - first - 1) * 28 + 2, (last - first + 1) * 31
    automatic = dict(_AUTO_DAYS)
    surely_months = automatic["week"] < fewest_days and most_days <= automatic["month"]
    if asked not in (None, "month") or (asked is None and not surely_months) or last - first + 1 > MAX_BUCKETS:
        return None
    return _Counted("month", low + first, table[1 + first : 2 + last], table.sum(axis=0), int(table[0].sum()))


def _month_source_codes(searcher: Searcher) -> tuple[int, int, np.ndarray]:
    """The first month any article has, the months from it to the last plus one, and per
    article (month - first + 1) * outlets + outlet, with 0 for an undated article's month;
    kept per reader."""
    def codes() -> tuple[int, int, np.ndarray]:
        values, sources = column_codes(searcher, "source")
        months = _period_codes(searcher, "month")
        dated = months >= 0
        low, high = (int(months[dated].min()), int(months[dated].max())) if dated.any() else (0, -1)
        return low, high - low + 2, np.where(dated, months - low + 1, 0) * len(values) + sources

    return index_data(searcher.reader(), ("coverage month and outlet",), codes)


MAX_QUERIES = 5  # side by side on one timeline


@dataclass(frozen=True)
class Period:
    start: str = field(metadata={"description": "The period's first day, YYYY-MM-DD."})
    end: str = field(metadata={"description": "The period's last day, YYYY-MM-DD (inclusive)."})
    total: int = field(metadata={"description": "Every article indexed in the period (within the outlet filter)."})


@dataclass(frozen=True)
class Line:
    """One query's matches per period, and their share of the period's articles."""

    query: str
    matching: int = field(metadata={"description": "Every matching article, dated or not."})
    undated: int
    counts: list[int] = field(metadata={"description": "Matches per period, in period order."})
    ratios: list[float] = field(metadata={"description": "counts / the period's total, 0 where it is 0."})


@dataclass(frozen=True)
class Comparison:
    """Up to MAX_QUERIES searches on one timeline: the `/api/compare` document."""

    interval: str
    periods: list[Period]
    lines: list[Line]
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def count_comparison(
    searcher: Searcher, queries: list[tuple[str, DocSet]], everything: DocSet, interval: str | None,
    notices: list[str], pool: tuple[str, ...] = (),
) -> Comparison:
    """Each query's matched set per period of one common timeline (the span of them all)."""
    if not 1 <= len(queries) <= MAX_QUERIES:
        raise BadRequest("q", f"compare takes 1 to {MAX_QUERIES} queries (q repeated), not {len(queries)}")
    days = _period_codes(searcher, "day")
    every = np.concatenate([docs.array for _, docs in queries])
    dated_days = days[every]
    dated_days = dated_days[dated_days >= 0]
    interval = _coarse_enough(interval or _interval_for(dated_days), dated_days, notices)
    codes = _period_codes(searcher, interval)
    if not len(dated_days):
        return Comparison(interval, [], [Line(q, len(d), len(d), [], []) for q, d in queries], notices)
    first, last = _periods(np.array([dated_days.min(), dated_days.max()]), interval).tolist()
    width = last - first + 1
    totals = _totals(searcher, interval, everything, pool, first, width)
    periods = [Period(*_bounds(interval, first + n), int(totals[n])) for n in range(width)]
    lines = []
    for query, docs in queries:
        places = codes[docs.array]
        dated = places[places >= 0]
        counts = np.bincount(dated - first, minlength=width)
        ratios = [round(int(c) / int(t), 6) if t else 0.0 for c, t in zip(counts, totals)]
        lines.append(Line(query, len(docs), len(places) - len(dated), counts.tolist(), ratios))
    return Comparison(interval, periods, lines, notices)


def _interval_for(days: np.ndarray) -> str:
    span = int(days.max() - days.min()) + 1 if len(days) else 1
    return next((interval for interval, most in _AUTO_DAYS if span <= most), "year")


def _coarse_enough(interval: str, days: np.ndarray, notices: list[str]) -> str:
    """`interval`, or the first coarser one giving at most MAX_BUCKETS periods over `days`
    (day numbers, as `_period_codes` gives them; said in a notice)."""
    asked = interval
    span = np.array([days.min(), days.max()]) if len(days) else None
    for interval in INTERVALS[INTERVALS.index(asked):]:
        ends = _periods(span, interval) if span is not None else np.zeros(2, np.int64)
        if int(ends[1] - ends[0]) + 1 <= MAX_BUCKETS or interval == INTERVALS[-1]:
            break
    if interval != asked:
        notices.append(f"By {asked} the matches span over {MAX_BUCKETS:,} periods; counted by {interval} instead.")
    return interval


def _totals(
    searcher: Searcher, interval: str, everything: DocSet, pool: tuple[str, ...], first: int, width: int,
) -> np.ndarray:
    """Articles of `everything` in each of `width` periods from `first`."""
    codes = _period_codes(searcher, interval)
    # Kept per reader: the next search from the same outlets counts against the same totals.
    whole = index_data(searcher.reader(), ("coverage totals", interval, pool),
                       lambda: _count_dated(codes[everything.array]))
    counts = np.zeros(width, np.int64)
    window = whole[max(first, 0): first + width]
    counts[: len(window)] = window
    return counts


def _count_dated(periods: np.ndarray) -> np.ndarray:
    dated = periods[periods >= 0]
    return np.bincount(dated) if len(dated) else np.zeros(0, np.int64)


def _by_source(searcher: Searcher, counted: _Counted, top: int, matching: int) -> list[Series]:
    """The top outlets' matches per period, the rest together as "others"."""
    values, _ = column_codes(searcher, "source")
    per_source = counted.per_source.copy()
    if values and values[0] == "":  # articles without an outlet go among the others
        per_source[0] = 0
    # Largest first, ties by name (values are sorted): a stable order for the colours and table.
    ranked = [int(n) for n in np.argsort(-per_source, kind="stable")[:top] if per_source[n]]
    series = [Series(values[n], values[n], 1, int(per_source[n]), counted.grid[:, n].tolist()) for n in ranked]
    rest = matching - sum(s.matching for s in series)
    if rest:
        others = np.ones(len(values), bool)
        others[ranked] = False
        outlets = int(np.count_nonzero(counted.per_source[others]))
        series.append(Series("others", None, outlets, rest, counted.grid[:, others].sum(axis=1).tolist()))
    return series


def _period_codes(searcher: Searcher, interval: str) -> np.ndarray:
    """Every document's period as a number (days, weeks, months or years since 0001-01-01),
    -1 when its date is unknown; kept per reader."""
    def codes() -> np.ndarray:
        if interval == "day":
            raw = column_numbers(searcher, "published")
            dated = np.array([value == "1" for value in column_values(searcher, "dated")], bool)
            return np.where(dated, (raw // _DAY_USECS).astype(np.int64), -1)
        days = _period_codes(searcher, "day")
        dated = days >= 0
        found = np.full(len(days), -1, np.int64)
        found[dated] = _periods(days[dated], interval)
        return found

    return index_data(searcher.reader(), ("coverage periods", interval), codes)


def _periods(days: np.ndarray, interval: str) -> np.ndarray:
    """The period of `interval` holding each day (days since 0001-01-01, none unknown)."""
    if interval == "day":
        return days
    if interval == "week":  # 0001-01-01 was a Monday: weeks run Monday to Sunday
        return days // 7
    low = int(days.min()) if len(days) else 0
    span = int(days.max()) - low + 1 if len(days) else 0
    # A month per day of the span, looked up: converting each match's day costs more.
    each = np.arange(low, low + span) if span <= len(days) else days
    months = (each - _EPOCH_DAYS).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + 1969 * 12
    found = months // 12 if interval == "year" else months
    return found[days - low] if span <= len(days) else found


def _bounds(interval: str, code: int) -> tuple[str, str]:
    """The first and last day of period `code` of `interval`, as YYYY-MM-DD."""
    if interval == "day":
        first = last = date.fromordinal(code + 1)
    elif interval == "week":
        first, last = date.fromordinal(code * 7 + 1), date.fromordinal(code * 7 + 7)
    elif interval == "month":
        year, month = divmod(code, 12)
        first = date(year + 1, month + 1, 1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    else:
        first, last = date(code + 1, 1, 1), date(code + 1, 12, 31)
    return first.isoformat(), last.isoformat()
