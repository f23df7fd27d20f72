"""Turning a page's bytes into a parsed document: encoding, markup that is never text, parsing
(repaired when an unclosed <title> swallowed the page)."""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from corpus.decoding import decode_text

# Elements that never hold article text, cut out of the markup before parsing: building the
# tree is most of the time spent on a page, and these are often half its nodes. Each opening
# tag is cut up to the first closing tag of its name, which is safe with nesting: an inner
# closing tag ends the cut early and the rest of the element stays in the page, where
# extraction drops it by its tag. An element that is never closed is left in place.
_NEVER_TEXT_TAGS = "script|style|svg|noscript|template|iframe|nav|footer|aside|select|button|object"
# Attributes are bounded so that a page of "<nav" with no ">" cannot make a scan quadratic.
_NEVER_TEXT_OPEN = re.compile(rf"<({_NEVER_TEXT_TAGS})\b[^>]{{0,4000}}>|<!--", re.IGNORECASE)
_NEVER_TEXT_CLOSE = re.compile(rf"</({_NEVER_TEXT_TAGS})\s*>", re.IGNORECASE)
# A longer <title>, or one holding tags as its text, holds the page: its closing tag is
# missing or damaged.
MAX_TITLE_CHARS = 1000
_TAG = re.compile(r"<[a-zA-Z/!]")
_TITLE_OPEN = re.compile(r"<title\b[^>]{0,4000}>", re.IGNORECASE)
# JSON-LD is metadata inside <script>: read before the scripts are cut.
_JSON_LD_OPEN = re.compile(r"<script\b[^>]{0,4000}?application/ld\+json[^>]{0,4000}>", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlDocument:
    """A parsed page, the JSON-LD blocks found in its raw markup, and that markup."""

    soup: BeautifulSoup
    json_ld: list[str]
    markup: str  # the whole page as text, scripts and all (htmldate reads it)


def parse_html(data: bytes, *, charset: str | None = None) -> HtmlDocument:
    """The parsed page (lxml backend), scripts, styles and widgets' markup left out; raises
    Unreadable for empty or binary data (corpus.decoding reads any encoding; `charset` is
    the one an HTTP response declared)."""
    markup = decode_text(data, markup=True, charset=charset)
    return HtmlDocument(_parse(cut_never_text(markup)), json_ld_blocks(markup), markup)


def _parse(markup: str) -> BeautifulSoup:
    """The page parsed by lxml, again with its <title> closed when the title swallowed it.

    Like a browser, lxml reads everything after a <title> that is never closed as the title's
    text: the page then has no body. The crawl lost the closing tag (and often the </head>
    and <body> after it), so the title is closed at its first tag and lxml reads the rest as
    it would have: its body starts at the first element that cannot be in <head>. (Python's
    html.parser ends such a title too, but makes no <body> when the page's own was lost.)
    """
    with warnings.catch_warnings():
        # XHTML pages open with an XML declaration; browsers read them as HTML, and so do we.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "lxml")
        title = soup.title.get_text() if soup.title is not None else ""
        if len(title) > MAX_TITLE_CHARS or _TAG.search(title):
            soup = BeautifulSoup(_close_title(markup), "lxml")
    return soup


def _close_title(markup: str) -> str:
    """The markup with "</title>" put before the first tag after its <title>."""
    opening = _TITLE_OPEN.search(markup)
    end = markup.find("<", opening.end()) if opening else -1
    return markup if end < 0 else f"{markup[:end]}</title>{markup[end:]}"


def cut_never_text(markup: str) -> str:
    """The markup without comments and never-text elements (see _NEVER_TEXT_TAGS).

    Linear in the page's size whatever it holds: the closing tags are found in one pass and
    each opening tag looks its closing tag up by bisection. A regular expression with a lazy
    `.*?` up to a back-reference does the same cut but takes quadratic time on a page full of
    unclosed tags, which a hostile page can be.
    """
    closing = _closing_tags(markup, _NEVER_TEXT_CLOSE)
    kept: list[str] = []
    position = 0
    for opening in _NEVER_TEXT_OPEN.finditer(markup):
        if opening.start() < position:
            continue  # inside what was just cut
        if opening.group(1) is None:  # a comment
            end = markup.find("-->", opening.end())
            if end < 0:
                break  # no comment closes after this point: nothing more can be cut
            end += len("-->")
        else:
            close = _next_closing(closing.get(opening.group(1).lower()), opening.end())
            if close is None:
                continue
            end = close[1]
        kept.append(markup[position:opening.start()])
        kept.append(" ")
        position = end
    kept.append(markup[position:])
    return "".join(kept)


def json_ld_blocks(markup: str) -> list[str]:
    """The text of every <script type="application/ld+json"> block, in page order."""
    closing = _closing_tags(markup, _SCRIPT_CLOSE).get("script")
    blocks = []
    for opening in _JSON_LD_OPEN.finditer(markup):
        close = _next_closing(closing, opening.end())
        if close is not None:
            blocks.append(markup[opening.end():close[0]])
    return blocks


_SCRIPT_CLOSE = re.compile(r"</(script)\s*>", re.IGNORECASE)


def _closing_tags(markup: str, pattern: re.Pattern[str]) -> dict[str, tuple[list[int], list[int]]]:
    """Tag name -> (starts, ends) of its closing tags, in page order."""
    found: dict[str, tuple[list[int], list[int]]] = {}
    for match in pattern.finditer(markup):
        starts, ends = found.setdefault(match.group(1).lower(), ([], []))
        starts.append(match.start())
        ends.append(match.end())
    return found


def _next_closing(closing: tuple[list[int], list[int]] | None, after: int) -> tuple[int, int] | None:
    """(start, end) of the first closing tag starting at or after `after`, or None."""
    if not closing:
        return None
    index = bisect.bisect_left(closing[0], after)
    return (closing[0][index], closing[1][index]) if index < len(closing[0]) else None
