"""Who reported first: each outlet's earliest matching article, outlets in time order, with
the lag after the first ("Kontur +0 h, TFI Global +1 day").

Found like the facets (indexer/present/facets.py): each article's publication moment,
whether the input gave a time of day (the timed column) and its outlet are numbers kept per
reader, so the earliest per outlet over a matched set of a million articles is a few numpy
operations; only the rows shown are read from the stored documents. A time of day is never
invented: a row says "time" or "date only", a lag involving a date alone is counted in days,
and a date alone is placed after the times of its day. An article without a date is counted
and said, never placed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.kept import index_data
from indexer.schema.neardup import has_column
from indexer.search.docsets import DocSet
from indexer.search.matches import column_codes, column_numbers, column_values

Precision = Literal["time", "date only"]
_YEAR_ONE = datetime(1, 1, 1)  # Whoosh keeps a date as microseconds since 0001-01-01
_NEVER = np.iinfo(np.int64).max
_DAY_USECS = 86_400_000_000


@dataclass(frozen=True)
class FirstReport:
    """One outlet's earliest matching article."""

    source: str | None = field(metadata={"description": "The outlet; null for articles without one."})
    id: str
    title: str
    url: str | None
    published: str = field(metadata={"description": "The date or datetime as the input gave it (ISO 8601)."})
    precision: Precision = field(metadata={
        "description": "time: the input gave a time of day; date only: a day alone, placed after the "
                       "outlets with a time that day (it may have appeared earlier)."})
    at: str = field(metadata={"description": "The moment in UTC (YYYY-MM-DDTHH:MM:SSZ) for a time, "
                                             "the day (YYYY-MM-DD) for a date only."})
    lag: str = field(metadata={"description": "After the first report, as a person reads it: \"+0 h\", "
                                              "\"+5 h\", \"+1 day 2 h\", \"same day\", \"+3 days\"."})
    lag_seconds: int | None = field(metadata={
        "description": "Seconds after the first report when both have a time; null when either has a date only."})
    lag_days: int = field(metadata={"description": "Days after the first report's day."})
    articles: int = field(metadata={"description": "The outlet's matching articles, undated ones included."})


@dataclass(frozen=True)
class FirstReports:
    """Who reported first: the `/api/first` document."""

    query: str
    story: str | None = field(metadata={
        "description": "The article whose near-duplicate copies (itself included) were asked about; "
                       "null for a search."})
    matching: int = field(metadata={"description": "Every matching article, dated or not."})
    undated: int = field(metadata={"description": "Matching articles without a known date: in no row."})
    outlets: int = field(metadata={"description": "Outlets with a dated match: the rows over every page."})
    undated_outlets: int = field(metadata={"description": "Outlets whose matches all lack a date: in no row."})
    page: int
    per_page: int
    reports: list[FirstReport] = field(metadata={"description": "This page's outlets, earliest first."})
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def first_reports(
    searcher: Searcher, matched: DocSet, query: str, story: str | None, page: int, per_page: int,
    notices: list[str],
) -> FirstReports:
    """The earliest article of each outlet in `matched`, outlets by time (then name), paged."""
    names, outlets = column_codes(searcher, "source")
    docs = matched.array
    when = _order_keys(searcher)[docs]
    dated = when >= 0
    per_outlet = np.bincount(outlets[docs], minlength=len(names))
    earliest = np.full(len(names), _NEVER, np.int64)
    np.minimum.at(earliest, outlets[docs[dated]], when[dated])
    placed = np.flatnonzero(earliest < _NEVER)  # outlets with a dated match, by name
    ranked = placed[np.argsort(earliest[placed], kind="stable")]  # by time, ties by name
    undated = len(docs) - int(np.count_nonzero(dated))
    undated_outlets = int(np.count_nonzero(per_outlet)) - len(ranked)
    if undated:
        notices.append(f"{undated} of {len(docs)} matching articles have no date and are in no row"
                       + (f"; {undated_outlets} outlet{'s' if undated_outlets != 1 else ''} "
                          "had only those." if undated_outlets else "."))
    start = (page - 1) * per_page
    shown = ranked[start:start + per_page].tolist()
    rows = []
    if len(ranked):
        # Of an outlet's articles at its earliest moment, the first indexed stands for it.
        at_earliest = docs[dated & (when == earliest[outlets[docs]])]
        found, place = np.unique(outlets[at_earliest], return_index=True)
        chosen = dict(zip(found.tolist(), at_earliest[place].tolist()))
        first = _Dated.read(searcher, chosen[int(ranked[0])])
        rows = [_report(searcher, first, chosen[o], names[o] or None, int(per_outlet[o])) for o in shown]
        if _order_unknown(rows):
            notices.append("An outlet with a date only is placed at the end of its day; "
                           "who was first within that day is not known.")
    return FirstReports(query, story, len(docs), undated, len(ranked), undated_outlets, page, per_page,
                        rows, notices)


@dataclass(frozen=True)
class _Dated:
    """A shown article: its number, stored fields and publication moment."""

    docnum: int
    stored: dict[str, Any]
    moment: datetime  # naive UTC; a date only at the start of its day (for its lag in days)
    precision: Precision

    @classmethod
    def read(cls, searcher: Searcher, docnum: int) -> _Dated:
        moments, timed = _moments(searcher)
        precision: Precision = "time" if timed[docnum] else "date only"
        moment = _YEAR_ONE + timedelta(microseconds=int(moments[docnum]))
        return cls(docnum, searcher.stored_fields(docnum), moment, precision)

    @property
    def day(self) -> date:
        return self.moment.date()


def _report(searcher: Searcher, first: _Dated, docnum: int, source: str | None, articles: int) -> FirstReport:
    this = _Dated.read(searcher, docnum)
    stored = this.stored
    timed = this.precision == "time" and first.precision == "time"
    seconds = int((this.moment - first.moment).total_seconds()) if timed else None
    days = (this.day - first.day).days
    return FirstReport(
        source=source,
        id=stored["id"],
        title=stored.get("title", ""),
        url=stored.get("url") or None,
        published=stored.get("published_text") or "",
        precision=this.precision,
        at=this.moment.strftime("%Y-%m-%dT%H:%M:%SZ") if this.precision == "time" else this.day.isoformat(),
        lag=lag_label(seconds, days, first=docnum == first.docnum),
        lag_seconds=seconds,
        lag_days=days,
        articles=articles,
    )


def lag_label(seconds: int | None, days: int, first: bool = False) -> str:
    """A lag as a person reads it: in hours and days between two times, in days otherwise."""
    if seconds is None:
        if first:
            return "+0 days"
        return "same day" if days == 0 else f"+{days} day{'s' if days != 1 else ''}"
    minutes, hours = seconds // 60, seconds // 3600
    if seconds == 0 or first:
        return "+0 h"
    if hours < 1:
        return f"+{minutes} min"
    if hours < 24:
        return f"+{hours} h"
    whole, rest = divmod(hours, 24)
    label = f"+{whole} day{'s' if whole != 1 else ''}"
    return label + (f" {rest} h" if rest and whole < 7 else "")


def _order_unknown(rows: list[FirstReport]) -> bool:
    """Whether a date-only row shares its day with another row: their order is not known."""
    days = [row.at[:10] for row in rows]
    return any(row.precision == "date only" and days.count(day) > 1 for row, day in zip(rows, days))


def _moments(searcher: Searcher) -> tuple[np.ndarray, np.ndarray]:
    """Every document's publication moment as Whoosh keeps it (microseconds since 0001-01-01,
    UTC; a date alone at the start of its day), -1 when it has no date, and whether the input
    gave a time of day; kept per reader."""
    reader = searcher.reader()

    def read() -> tuple[np.ndarray, np.ndarray]:
        # Unsigned: an undated article holds the largest number as a filler. The numbers are
        # those coverage counts by, read once per reader for both.
        raw = column_numbers(searcher, "published")
        dated = np.array([value == "1" for value in column_values(searcher, "dated")], bool)
        moments = np.where(dated, raw.astype(np.int64), -1)
        # Articles indexed before the timed column count a moment that is not midnight as a time.
        flags = np.array([{"1": 1, "0": 0}.get(value, -1) for value in _timed_values(reader)], np.int8)
        timed = np.where(flags >= 0, flags == 1, moments % _DAY_USECS != 0)
        return moments, timed & dated

    return index_data(reader, "first moments", read)


def _timed_values(reader: IndexReader) -> list[str]:
    """The timed column segment by segment: one written before the field existed has none
    (Whoosh's combined column reader would read other documents' values), so "" for each."""
    values: list[str] = []
    for leaf, _ in reader.leaf_readers():
        if has_column(leaf, "timed"):
            values += [v.decode() if isinstance(v, bytes) else v for v in leaf.column_reader("timed")]
        else:
            values += [""] * leaf.doc_count_all()
    return values


def _order_keys(searcher: Searcher) -> np.ndarray:
    """The moments to order by: a date alone at the end of its day, so that an outlet with a
    time that day comes first (it may have been later; the page says the order is unknown)."""
    def keys() -> np.ndarray:
        moments, timed = _moments(searcher)
        ends = moments - moments % _DAY_USECS + _DAY_USECS - 1
        return np.where(timed | (moments < 0), moments, ends)

    return index_data(searcher.reader(), "first order", keys)
