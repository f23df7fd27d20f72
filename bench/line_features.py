"""Numbers that describe each line of a flattened page, for the learned line classifier.

Every feature says something general about a line or its place in the page: its length and
punctuation, its words, what the cleaning rules made of it, how far it is from the headline
and the article span, and the same for its neighbours. None names a site, a page or a string
of any one page, so a model trained on some pages carries over to others.
bench/extraction_train.py learns a line classifier from these rows and measures it.
"""

from __future__ import annotations

import math
import re

from corpus.text import lines as kinds
from corpus.text.body import find_teasers
from corpus.text.cleaning import PageLayout, Role

# Common English function words: running text is full of them, menus and headlines are not.
STOPWORDS = frozenset(
    "a about after all also an and are as at be because been but by can could did do does for "
    "from had has have he her his how i if in into is it its just more most my no not of on one "
    "or our out she so than that the their them then there these they this to up was we were "
    "what when which who will with would you your".split()
)
_URL = re.compile(r"https?://|www\.|\.(com|org|net|co\.uk)\b|@\w")
_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SEPARATORS = re.compile(r"\s[|/•·>»]\s")
# Neighbours described beside each line, and the lines each window feature looks across.
NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
NEAR, FAR, WIDE = 3, 10, 30


def _line(line: str, role: Role, repeated: frozenset[str], printed: int, pieces: int) -> list[float]:
    """The features of one line alone (also used to describe it as a neighbour)."""
    words = kinds.split_words(line)
    lower = [w.lower() for w in words]
    alphabetic = [w for w in words if w[0].isalpha()]
    count = kinds.count_words(line)
    chars = len(line)
    return [
        math.log1p(chars),
        math.log1p(count),
        float(kinds.ends_sentence(line)),
        float(line.endswith(":")),
        float(line.endswith(("...", "…"))),
        kinds.share_capitalised(line),
        sum(1 for w in alphabetic if w.islower()) / len(alphabetic) if alphabetic else 0.0,
        sum(1 for w in lower if w in STOPWORDS) / len(lower) if lower else 0.0,
        len(_DIGIT.findall(line)) / chars,
        len(_PUNCTUATION.findall(line)) / chars,
        line.count(",") / (count or 1),
        float(bool(_URL.search(line))),
        float(bool(_SEPARATORS.search(line))),
        float(line[:1].islower()),
        float(line[:1] in "\"'“‘«(—–-•*"),
        float(kinds.is_paragraph(line)),
        float(kinds.is_furniture(line)),
        float(kinds.is_boilerplate(line)),
        float(kinds.is_caption(line)),
        float(kinds.is_headline(line)),
        float(kinds.is_standfirst(line)),
        float(kinds.is_related_heading(line)),
        float(kinds.is_comments_heading(line)),
        float(line in repeated),
        float(printed > 1),
        float(pieces > 1),
        float(role is Role.BODY),
        float(role is Role.TITLE),
        float(role is Role.BYLINE),
    ]


def _signed_log(distance: int) -> float:
    return math.copysign(math.log1p(abs(distance)), distance)


def line_features(layout: PageLayout, repeated: frozenset[str] = frozenset()) -> list[list[float]]:
    """One row of features per line of the page, in page order."""
    page, roles = layout.page, layout.roles
    total = len(page)
    own = [
        _line(line, role, repeated, printed, len(parts))
        for line, role, printed, parts in zip(page, roles, layout.repeats, layout.pieces)
    ]
    blank = [0.0] * len(own[0]) if own else []
    body = [float(role is Role.BODY) for role in roles]
    text = [len(line) if kinds.is_paragraph(line) else 0 for line in page]
    body_sums, text_sums = _prefix(body), _prefix(text)
    teasers = find_teasers(page, repeated)
    span = layout.span or (0, -1)
    first, last, _ = layout.bounds or (0, -1, 0)
    headline = layout.headline
    rows = []
    for index in range(total):
        row = list(own[index])
        row += [
            index / total,
            float(span[0] <= index <= span[1]),
            float(first <= index <= last),
            float(index in layout.boxes),
            float(index in teasers),
            _signed_log(index - headline) if headline is not None else 0.0,
            float(headline is None),
            _signed_log(index - span[0]) if layout.span else 0.0,
            _signed_log(index - span[1]) if layout.span else 0.0,
            _signed_log(index - first) if layout.bounds else 0.0,
            _signed_log(index - last) if layout.bounds else 0.0,
            _window(body_sums, index, NEAR, total) / (2 * NEAR + 1),
            _window(body_sums, index, FAR, total) / (2 * FAR + 1),
            math.log1p(_window(text_sums, index, NEAR, total)),
            math.log1p(_window(text_sums, index, FAR, total)),
            math.log1p(_window(text_sums, index, WIDE, total)),
            math.log1p(_ahead(text_sums, index, WIDE, total)),
            math.log1p(_ahead(body_sums, index, WIDE, total)),
            math.log1p(_behind(text_sums, index, WIDE)),
        ]
        for offset in NEIGHBOURS:
            other = index + offset
            row += own[other] if 0 <= other < total else blank
        rows.append(row)
    return rows


def _prefix(values: list[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _window(sums: list[float], index: int, radius: int, total: int) -> float:
    """The sum of the values from index-radius to index+radius (clipped to the page)."""
    return sums[min(total, index + radius + 1)] - sums[max(0, index - radius)]


def _ahead(sums: list[float], index: int, radius: int, total: int) -> float:
    """The sum of the values of the `radius` lines after index."""
    return sums[min(total, index + radius + 1)] - sums[index + 1]


def _behind(sums: list[float], index: int, radius: int) -> float:
    """The sum of the values of the `radius` lines before index."""
    return sums[index] - sums[max(0, index - radius)]
