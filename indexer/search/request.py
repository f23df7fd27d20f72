"""The search request: what every face (page, JSON endpoint, CLI) asks the search service."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Mapping, Sequence

SORTS = ("relevance", "newest", "oldest")
DUPLICATES = ("collapse", "show")  # near-duplicate copies: folded into one hit, or all listed
MAX_PER_PAGE = 100
MAX_RESULT_DEPTH = 10_000  # results ranked for one request at most: deep paging costs time
# Pages are capped so that no page size can reach past MAX_RESULT_DEPTH: two independent
# limits a client (and the OpenAPI document) can state, rather than a limit on their product.
MAX_PAGE = MAX_RESULT_DEPTH // MAX_PER_PAGE
MAX_QUERY_CHARS = 10_000  # a pasted description of a story (read as one: indexer/search/description.py)


class BadRequest(ValueError):
    """A parameter a client sent cannot be used; the message says what would work."""

    def __init__(self, param: str, message: str, code: str = "bad_parameter") -> None:
        super().__init__(message)
        self.param = param
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    """Query text, filters, sort and page, already validated."""

    q: str = ""
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # ISO 639-1 codes as the language facet gives them ("" unknown)
    since: date | None = None
    until: date | None = None  # inclusive
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    recency: bool = False  # newer articles rank higher (relevance sort only)
    collapse: bool = True  # near-duplicate copies fold into the best-ranked one

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise BadRequest("sort", f"sort must be one of {', '.join(SORTS)}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest("per_page", f"per_page must be between 1 and {MAX_PER_PAGE}")
        if self.page < 1:
            raise BadRequest("page", "page must be 1 or more")
        if self.page > MAX_PAGE:
            raise BadRequest(
                "page", f"page may be at most {MAX_PAGE}; narrow the query or filter by outlet or date"
            )
        if len(self.q) > MAX_QUERY_CHARS:
            raise BadRequest("q", f"the query is longer than {MAX_QUERY_CHARS} characters")

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> "SearchRequest":
        """Build a request from string parameters (a query string or CLI options).

        Values may be strings or lists of strings; only `source` and `lang` may repeat.
        """

        def one(name: str) -> str | None:
            value = params.get(name)
            if value is None or isinstance(value, str):
                return value
            values = [v for v in value if v is not None]
            if len(values) > 1:
                raise BadRequest(name, f"{name} may be given only once")
            return values[0] if values else None

        return cls(
            q=(one("q") or "").strip(),
            sources=_repeated(params, "source"),
            languages=tuple(code.lower() for code in _repeated(params, "lang")),
            since=parse_date_param("since", one("since"), end=False),
            until=parse_date_param("until", one("until"), end=True),
            sort=_parse_choice("sort", one("sort"), SORTS),
            page=_parse_int("page", one("page"), 1),
            per_page=_parse_int("per_page", one("per_page"), 10),
            recency=_parse_bool("recency", one("recency"), False),
            collapse=_parse_choice("duplicates", one("duplicates"), DUPLICATES) == "collapse",
        )


def _repeated(params: Mapping[str, str | Sequence[str]], name: str) -> tuple[str, ...]:
    """A parameter that may repeat, each value stripped, empty ones and repeats left out."""
    raw = params.get(name) or ()
    values = (raw,) if isinstance(raw, str) else tuple(raw)
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def single_param(params: Mapping[str, str | Sequence[str]], name: str) -> str:
    """A parameter that may be given once (empty values ignored), stripped; "" when absent."""
    value = params.get(name)
    values = [value] if isinstance(value, str) else [v for v in value or () if v]
    if len(values) > 1:
        raise BadRequest(name, f"{name} may be given only once")
    return values[0].strip() if values else ""


def _parse_int(name: str, value: str | None, default: int) -> int:
    if value is None or value.strip() == "":
        return default
    if not re.fullmatch(r"\s*[0-9]{1,9}\s*", value):
        raise BadRequest(name, f"{name} must be a whole number, not {value[:40]!r}")
    return int(value)


# Switches and choices take exactly these words ("on" is what a checkbox sends); an empty
# value, as a form sends for an untouched field, means the default. The OpenAPI document
# lists the same values.
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _parse_bool(name: str, value: str | None, default: bool) -> bool:
    if not value:
        return default
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise BadRequest(name, f"{name} must be 1 or 0 (true or false), not {value[:40]!r}")
    return value in TRUE_WORDS


def _parse_choice(name: str, value: str | None, choices: tuple[str, ...]) -> str:
    if not value:
        return choices[0]
    if value not in choices:
        raise BadRequest(name, f"{name} must be one of {', '.join(choices)}")
    return value


# YYYY, YYYY-MM or YYYY-MM-DD (one-digit month and day allowed); the OpenAPI document states
# the same pattern, so what it calls valid and what is accepted never drift apart.
DATE_PARAM_PATTERN = r"\s*([1-9][0-9]{3})(?:-(0?[1-9]|1[0-2])(?:-(0?[1-9]|[12][0-9]|3[01]))?)?\s*"
_PARTIAL_DATE = re.compile(DATE_PARAM_PATTERN)


def parse_date_param(name: str, value: str | None, *, end: bool) -> date | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first day (or last, for `end`).

    A day past the end of its month (2025-02-30) is read as the month's last day, as a date
    picker would, rather than refused.
    """
    if value is None or value.strip() == "":
        return None
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        raise BadRequest(name, f"{name} must be a date like 2025-07-17, 2025-07 or 2025")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    last_day = _month_end(year, month)
    if day is None:
        return last_day if end else date(year, month, 1)
    return date(year, month, min(day, last_day.day))


def _month_end(year: int, month: int) -> date:
    next_month = date(year + month // 12, month % 12 + 1, 1) if (year, month) != (9999, 12) else None
    return date(9999, 12, 31) if next_month is None else date.fromordinal(next_month.toordinal() - 1)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time.max)
