"""Turning a page's bytes into a parsed document: encoding, markup that is never text, parsing."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, UnicodeDammit
from bs4.dammit import EncodingDetector

from corpus.decoding import BINARY_SNIFF_BYTES, Unreadable

# Elements that never hold article text, cut out of the markup before parsing: building the
# tree is most of the time spent on a page, and these are often half its nodes. Each opening
# tag is cut up to the first closing tag of its name, which is safe with nesting: an inner
# closing tag ends the cut early and the rest of the element stays in the page, where
# extraction drops it by its tag. An element that is never closed is left in place.
_NEVER_TEXT_TAGS = "script|style|svg|noscript|template|iframe|nav|footer|aside|select|button|object"
# Attributes are bounded so that a page of "<nav" with no ">" cannot make a scan quadratic.
_NEVER_TEXT_OPEN = re.compile(rf"<({_NEVER_TEXT_TAGS})\b[^>]{{0,4000}}>|<!--", re.IGNORECASE)
_NEVER_TEXT_CLOSE = re.compile(rf"</({_NEVER_TEXT_TAGS})\s*>", re.IGNORECASE)
UNDECLARED_ENCODING = "windows-1252"
# JSON-LD is metadata inside <script>: read before the scripts are cut.
_JSON_LD_OPEN = re.compile(r"<script\b[^>]{0,4000}?application/ld\+json[^>]{0,4000}>", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlDocument:
    """A parsed page and the JSON-LD blocks found in its raw markup."""

    soup: BeautifulSoup
    json_ld: list[str]


def decode_html(data: bytes) -> str:
    """The page's text in whatever encoding it uses, declared or not.

    Valid UTF-8 wins over a declaration: a page saved as UTF-8 while its <meta charset> still
    names windows-1252 is common, and multi-byte UTF-8 sequences almost never occur by chance
    in other encodings. Otherwise bs4's UnicodeDammit decides: a byte-order mark, then the
    declared charset, then windows-1252, the web's default for undeclared legacy pages (a
    statistical guess on a short page is wrong more often, and would depend on which detector
    happens to be installed). Raises Unreadable for empty or binary input.
    """
    if not data.strip():
        raise Unreadable("empty file")
    if b"\0" in data[:BINARY_SNIFF_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # UnicodeDammit tries "user" encodings before the declared one: put the declaration first.
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    dammit = UnicodeDammit(
        data,
        known_definite_encodings=[declared] if declared else [],
        user_encodings=[UNDECLARED_ENCODING],
        is_html=True,
    )
    if dammit.unicode_markup is None:
        raise Unreadable("undecodable text in an unknown encoding")
    return dammit.unicode_markup


def parse_html(data: bytes) -> HtmlDocument:
    """The parsed page (lxml backend), scripts, styles and widgets' markup left out."""
    markup = decode_html(data)
    return HtmlDocument(BeautifulSoup(cut_never_text(markup), "lxml"), json_ld_blocks(markup))


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
