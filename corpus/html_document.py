"""Turning a page's bytes into a parsed document: encoding, markup that is never text, parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, UnicodeDammit
from bs4.dammit import EncodingDetector

from corpus.decoding import BINARY_SNIFF_BYTES, Unreadable

# Elements that never hold article text, cut out of the markup before parsing: building the
# tree is most of the time spent on a page, and these are often half its nodes. A non-greedy
# match is safe with nesting: an inner closing tag ends the cut early and the rest of the
# element stays in the page, where extraction drops it by its tag.
_NEVER_TEXT = re.compile(
    r"<(script|style|svg|noscript|template|iframe|nav|footer|aside|select|button|object)\b"
    r"[^>]*>.*?</\1\s*>|<!--.*?-->",
    re.DOTALL | re.IGNORECASE,
)
UNDECLARED_ENCODING = "windows-1252"
# JSON-LD is metadata inside <script>: read before the scripts are cut.
_JSON_LD = re.compile(
    r"<script\b[^>]*application/ld\+json[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE
)


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
    json_ld = _JSON_LD.findall(markup)
    return HtmlDocument(BeautifulSoup(_NEVER_TEXT.sub(" ", markup), "lxml"), json_ld)
