"""Choosing the headline among the lines of a flattened page."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from corpus.text import lines as kinds

# A URL slug must have this many words to say anything about the headline.
MIN_SLUG_WORDS = 3
# How well a line must agree with the slug (F2 of shared words) to be taken as the headline.
MIN_SLUG_AGREEMENT = 0.5
# Lines whose slug agreement is this close to the best one match equally well.
SLUG_TIE = 0.1
# A breadcrumb repeats a line that comes soon after it; look this far ahead.
BREADCRUMB_LOOKAHEAD = 5
# Without a slug, the headline is looked for among this many lines before the article.
HEADER_LINES = 15

_SLUG_SPLIT = re.compile(r"[-_+]+")
_APOSTROPHES = re.compile(r"['’‘`]")
_TOKEN = re.compile(r"[^\W_]+")
_EXTENSION = re.compile(r"\.(html?|shtml|php|aspx?|jsp|cms)$", re.IGNORECASE)


def tokenise(text: str) -> list[str]:
    """Lower-case word tokens with apostrophes and accents removed ("Here’s" -> "heres")."""
    text = _APOSTROPHES.sub("", text.lower())
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _TOKEN.findall(text)


def read_slug(url: str | None) -> list[str]:
    """The words of the URL's most wordy path segment, or [] when it has no real slug.

    ".../2025/07/18/axis-of-alignment-after-north-korea/amp" gives the words of the
    middle segment; trailing ids ("...-what-we-know-9643") and extensions are dropped.
    """
    if not url:
        return []
    try:
        path = urlsplit(url).path
    except ValueError:  # a malformed URL, e.g. an unbalanced IPv6 bracket
        return []
    best: list[str] = []
    for segment in path.split("/"):
        segment = _EXTENSION.sub("", unquote(segment))
        words = [tokenise(w) for w in _SLUG_SPLIT.split(segment)]
        flat = [t for group in words for t in group if not t.isdigit()]
        if len(flat) > len(best):
            best = flat
    return best if len(best) >= MIN_SLUG_WORDS else []


def score_slug(line: str, slug: list[str]) -> float:
    """How well the line matches the slug, from 0 to 1: the F2 score of their shared words.

    Recall weighs more than precision because slugs drop small words
    ("did-laos-intend-send-troops" for "Did Laos intend to send troops").
    """
    words = {t for t in tokenise(line) if not t.isdigit()}
    wanted = set(slug)
    shared = len(words & wanted)
    if not shared:
        return 0.0
    precision, recall = shared / len(words), shared / len(wanted)
    return 5 * precision * recall / (4 * precision + recall)


def find_candidates(page: list[str], start: int = 0, end: int | None = None) -> list[int]:
    """Indexes of the lines from `start` to `end` (included) that could be the headline."""
    last = len(page) - 1 if end is None else min(end, len(page) - 1)
    return [
        index for index in range(max(start, 0), last + 1)
        if kinds.is_headline(page[index])
        and not kinds.is_breadcrumb(page[index], page[index + 1:index + 1 + BREADCRUMB_LOOKAHEAD])
    ]


def match_headline(
    page: list[str], *, url: str | None = None, title: str | None = None
) -> int | None:
    """The headline's index when the page says for sure: the known `title`, or the URL slug.

    A line equal to the `title` (from a manifest) wins; else the headline-like line that
    best matches the slug of `url`, when it matches well enough.
    """
    wanted = tokenise(title) if title else []
    for index, line in enumerate(page):
        if wanted and tokenise(line) == wanted:
            return index
    slug = read_slug(url)
    if not slug:
        return None
    scores = {i: score_slug(page[i], slug) for i in find_candidates(page)}
    best = max(scores.values(), default=0.0)
    if best < MIN_SLUG_AGREEMENT:
        return None
    # The <title> opens a whole page and matches the slug about as well as the headline:
    # of the lines that match best, the one nearest the article is its headline.
    return max(i for i, score in scores.items() if score >= best - SLUG_TIE)


def match_page_title(page: list[str], article_start: int) -> int | None:
    """The headline's index when the page's first line (its <title>) names it, else None.

    Whole-page text opens with the <title>: the headline with the site's name before or
    after it ("Deaths at 22 in bald eagle mishap - NewsFlash - PennLive.com"). Of the
    headline-like lines up to the article that open or close it, the nearest the article.
    """
    if not page:
        return None
    title = tokenise(page[0])
    named = [
        index for index in range(1, min(article_start, len(page) - 1) + 1)
        if len(page[index]) < len(page[0])  # cheap: the headline is shorter than the title
        and MIN_SLUG_WORDS <= len(words := tokenise(page[index])) < len(title)
        and words in (title[:len(words)], title[-len(words):])
    ]
    # only the few lines that match are checked for looking like a headline
    found = [index for index in named if index in find_candidates(page, index, index)]
    return found[-1] if found else None


def guess_headline(page: list[str], article_start: int) -> int | None:
    """The longest headline-like line in the few lines up to the article's first paragraph.

    Section labels, tags and menu entries near the article are shorter than its headline.
    A long sentence-case line right under another candidate is the standfirst below the
    headline, however long.
    """
    candidates = find_candidates(page, article_start - HEADER_LINES, article_start)
    near = [
        i for i in candidates
        if starts_like_headline(page[i])
        and not (i - 1 in candidates and kinds.is_standfirst(page[i]))
    ]
    if not near:
        return None
    return max(near, key=lambda i: (len(page[i]), -i))


def starts_like_headline(line: str) -> bool:
    """Headlines start with a capital, a digit or a quotation mark."""
    first = line.lstrip("\"'“‘«")[:1]
    return first.isupper() or first.isdigit()
