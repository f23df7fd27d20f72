"""The query parameters of the API's endpoints, as OpenAPI parameter objects: limits and
choices from the indexer, so what the description calls valid and what is accepted agree."""

from __future__ import annotations

from typing import Any

from indexer import MAX_PAGE, MAX_PER_PAGE, SORTS
from indexer.present.coverage import INTERVALS, MAX_QUERIES, MAX_TOP, SPLITS
from indexer.present.framing import OUTLETS
from indexer.present.terms import DEFAULT_TOP as TERMS_DEFAULT_TOP
from indexer.present.terms import MAX_TOP as TERMS_MAX_TOP
from indexer.present.terms import SPLITS as TERMS_SPLITS
from indexer.search.request import DATE_PARAM_PATTERN, DUPLICATES, FALSE_WORDS, MAX_QUERY_CHARS, TRUE_WORDS
from webapp.export import EXPORT_FORMATS

# Empty is allowed: a search form sends "since=" when the field is left blank (no limit).
_DATE_PATTERN = rf"^({DATE_PARAM_PATTERN})?$"


# Inputs that have broken search engines before; listed so that spec-driven fuzzers try them.
_QUERY_EXAMPLES = {
    "word": {"summary": "one word", "value": "Kursk"},
    "words": {"summary": "several words, all must match", "value": "Laos troops"},
    "phrase": {"summary": "a quoted phrase", "value": '"Marxist ideology"'},
    "unbalanced_quote": {"summary": "an unclosed quote", "value": '"Laos'},
    "field_syntax": {"summary": "a field term", "value": "title:Laos"},
    "source_field": {"summary": "an outlet in the query", "value": 'source:"Kyiv Independent" Kursk'},
    "unknown_field": {"summary": "an unknown field is plain text", "value": "foo:bar"},
    "empty_field": {"summary": "a field with nothing after it", "value": "title:"},
    "wildcard": {"summary": "a prefix wildcard", "value": "Laos*"},
    "leading_wildcard": {"summary": "a leading wildcard (dropped, with a notice)", "value": "*aos"},
    "lone_wildcard": {"summary": "a wildcard alone", "value": "*"},
    "short_wildcard": {"summary": "a one-letter wildcard", "value": "a*"},
    "fuzzy": {"summary": "a fuzzy term", "value": "Kursc~"},
    "fuzzy_distance": {"summary": "a fuzzy term with an edit distance", "value": "Thonglun~2"},
    "operators": {"summary": "AND/OR/NOT operators", "value": "Laos AND Russia OR NOT Ukraine"},
    "lowercase_operators": {"summary": "lower-case and/or/not are words", "value": "laos and russia or not"},
    "exclusion": {"summary": "an excluded word", "value": "Kursk -Laos"},
    "lone_minus": {"summary": "a dash alone", "value": "Laos - Russia"},
    "only_exclusion": {"summary": "only an exclusion", "value": "-Laos"},
    "group": {"summary": "brackets", "value": "(Laos OR Vietnam) troops"},
    "unbalanced_close": {"summary": "an unmatched closing bracket", "value": "Laos ) troops )"},
    "deep_brackets": {"summary": "deeply nested brackets", "value": "((((((((((Laos))))))))))"},
    "dates_in_query": {"summary": "dates in the query", "value": "Kursk since:2025-07 until:2025-07-31"},
    "bad_date_in_query": {"summary": "a date that is not one (ignored, with a notice)", "value": "Kursk date:soon"},
    "long_description": {
        "summary": "a long plain query, ranked as a description",
        "value": "efforts of the ambassador to get the president to change his policies of repression",
    },
    "lone_operator": {"summary": "an operator alone", "value": "NOT"},
    "range_syntax": {"summary": "range and boost syntax", "value": "[a TO z] Laos^2"},
    "brackets": {"summary": "unbalanced brackets", "value": "Laos ( {"},
    "markup": {"summary": "markup is escaped in passages", "value": "<script>alert(1)</script>"},
    "nul": {"summary": "a NUL byte", "value": "\u0000Laos"},
    "apostrophe": {"summary": "a curly apostrophe", "value": "Russia\u2019s"},
    "hyphenated": {"summary": "a hyphenated name", "value": "T-72B1"},
    "empty": {"summary": "empty: every article, newest first", "value": ""},
}


def in_query(name: str, description: str, schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema, **more}


def search_parameters() -> list[dict[str, Any]]:
    date_help = "YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its {} day."
    return [
        in_query(
            "q",
            "Words (all must match, in title or body), \"quoted phrases\", OR, -excluded, "
            "(brackets), prefix*, fuzzy~, title:/source:/author: terms and since:/until:/date: "
            "dates. Upper-case AND/OR/NOT are operators; lower-case ones are words. A plain query "
            "of six words or more, up to a pasted paragraph, is read as a description: its rarest "
            "64 words, any of which may match. Nothing typed is an error: what had to be simplified "
            "is said in `notices`. Empty means every article.",
            {"type": "string", "maxLength": MAX_QUERY_CHARS, "default": ""},
            examples=_QUERY_EXAMPLES,
        ),
        in_query(
            "source",
            "Only articles from this outlet (its display name); repeat for several outlets.",
            {"type": "array", "items": {"type": "string"}},
            style="form",
            explode=True,
            examples={"one": {"value": ["Dagens"]}, "several": {"value": ["Dagens", "Kontur"]}},
        ),
        in_query(
            "lang",
            "Only articles in this language (an ISO 639-1 code as the `language` facet lists it), "
            "and the query read in it alone; repeat for several. Without it the query is read in "
            "every language of the index.",
            {"type": "array", "items": {"type": "string"}},
            style="form",
            explode=True,
            examples={"one": {"value": ["de"]}, "several": {"value": ["de", "fr"]}},
        ),
        in_query(
            "since",
            "Published on or after this date. " + date_help.format("first"),
            {"type": "string", "pattern": _DATE_PATTERN},
            examples={"day": {"value": "2025-07-17"}, "month": {"value": "2025-07"}, "year": {"value": "2025"}},
        ),
        in_query(
            "until",
            "Published on or before this date (inclusive). " + date_help.format("last"),
            {"type": "string", "pattern": _DATE_PATTERN},
            examples={"day": {"value": "2025-07-31"}, "month": {"value": "2025-07"}},
        ),
        in_query(
            "sort",
            "Order of hits; an empty query with the default sorts newest first.",
            {"type": "string", "enum": ["", *SORTS], "default": SORTS[0]},
        ),
        in_query(
            "recency",
            "1 to rank newer articles higher (relevance sort only): an article's score "
            "falls towards half as it gets older than the newest article in the index.",
            {"type": "string", "enum": ["", *TRUE_WORDS, *FALSE_WORDS], "default": "0"},
        ),
        in_query(
            "duplicates",
            "collapse: copies of the same text under several outlets fold into the "
            "best-ranked one, which lists them in `duplicates`; show: list every copy as its own hit.",
            {"type": "string", "enum": ["", *DUPLICATES], "default": DUPLICATES[0]},
        ),
        in_query(
            "page",
            f"Page number, from 1 to {MAX_PAGE} (deeper results are not served: "
            "narrow the query instead).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        ),
        in_query(
            "per_page",
            f"Hits per page, 1 to {MAX_PER_PAGE}.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
        ),
    ]


def coverage_parameters() -> list[dict[str, Any]]:
    return [
        in_query("interval", "Period counted: day, week (from Monday), month or year; empty: chosen from "
                  "the matches' span. Over 1,000 periods are counted one interval coarser (with a notice).",
                  {"type": "string", "enum": ["", *INTERVALS]}),
        in_query("by", "source: split by outlet; none: matches alone.",
                  {"type": "string", "enum": ["", *SPLITS], "default": SPLITS[0]}),
        in_query("top", "Outlets counted apart; the rest are one series, others.",
                  {"type": "integer", "minimum": 1, "maximum": MAX_TOP, "default": 10}),
    ]


def terms_parameters() -> list[dict[str, Any]]:
    return [in_query("top", "How many words, most significant first (for each outlet too).",
                     {"type": "integer", "minimum": 1, "maximum": TERMS_MAX_TOP, "default": TERMS_DEFAULT_TOP}),
            in_query("by", f"source: also the words of each of the {OUTLETS} outlets with the most matches "
                     "against the other outlets', to compare framing (outlets); none: the set's words alone.",
                     {"type": "string", "enum": ["", *TERMS_SPLITS], "default": TERMS_SPLITS[0]})]


def compare_parameters() -> list[dict[str, Any]]:
    search = {p["name"]: p for p in search_parameters()}
    return [
        in_query("q", f"A search, 1 to {MAX_QUERIES} times; a sixth is refused with 400.",
                  {"type": "array", "items": search["q"]["schema"], "minItems": 1, "maxItems": MAX_QUERIES},
                  required=True, style="form", explode=True,
                  examples={"two": {"value": ["Kursk", "Laos"]}}),
        search["source"], search["since"], search["until"], coverage_parameters()[0],
        in_query("format", "json (default) or csv", {"type": "string", "enum": ["", *EXPORT_FORMATS]}),
    ]


def first_parameters() -> list[dict[str, Any]]:
    return [
        *search_parameters(),
        in_query("story", "An article id: its near-duplicate copies under other outlets (itself included) "
                 "instead of every match; q and the filters narrow them further. An unknown id gives 404.",
                 {"type": "string"}, examples={"id": {"value": "c28b10cb995bddf0"}}),
    ]
