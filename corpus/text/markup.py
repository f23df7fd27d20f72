"""HTML markup left in flattened text, flattened in turn.

A page with damaged markup (an unclosed <title> or <textarea>) reaches text cleaning with
the rest of its HTML as text: lines such as "<p>In Saudi Arabia today, he told ...</p>"
and "<!-- E SF -->". The text is flattened once more the way whole pages are, every
visible string on its own line, so the article in it is read like any other.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

# Block and inline tags that open or close in real markup; "<3" or "a < b" are not tags.
_TAG = re.compile(r"</?(p|a|b|i|em|strong|br|div|span|font|td|tr|table|li|ul|img|h[1-6])\b[^<>]*>",
                  re.IGNORECASE)
# This many tags make a text markup rather than prose that mentions one.
MIN_TAGS = 3


def holds_markup(text: str) -> bool:
    """Whether the text holds HTML tags: a few of them, not one quoted in a sentence."""
    return sum(1 for _ in zip(range(MIN_TAGS), _TAG.finditer(text))) >= MIN_TAGS


def flatten_markup(text: str) -> str:
    """The text with any HTML markup in it flattened to its visible strings, one per line."""
    if not holds_markup(text):
        return text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    for hidden in soup(["script", "style", "noscript"]):
        hidden.decompose()
    return soup.get_text("\n")
