"""Passages around the matched words, HTML-escaped, with <mark> as the only markup."""

from __future__ import annotations

import re
from html import escape
from typing import Any, Iterable

from whoosh import highlight

PASSAGES_PER_HIT = 3
PASSAGE_CHARS = 240

# Marks separated only by a hyphen or a space become one: "<mark>T-72B1</mark>",
# "<mark>Mi-17V-5 helicopters</mark>" read as the name or phrase the person typed.
_ADJACENT_MARKS = re.compile("</mark>([-\u2010\u2011 ]?)<mark>")


class MarkFormatter(highlight.Formatter):
    """Escapes all text and wraps matched words in <mark>; returns a list of passages."""

    def _text(self, text: str) -> str:
        return escape(text, quote=True)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<mark>" + escape(highlight.get_text(text, token, replace), quote=True) + "</mark>"

    def format(self, fragments: Iterable[highlight.Fragment], replace: bool = False) -> Any:
        passages = (self.format_fragment(f, replace=replace) for f in _merge_overlaps(fragments))
        return [_ADJACENT_MARKS.sub(r"\1", " ".join(p.split())) for p in passages]


def _merge_overlaps(fragments: Iterable[highlight.Fragment]) -> list[highlight.Fragment]:
    """Fragments around nearby matches overlap; one passage shows such text once."""
    merged: list[highlight.Fragment] = []
    for fragment in sorted(fragments, key=lambda f: f.startchar):
        previous = merged[-1] if merged else None
        if previous is not None and fragment.startchar < previous.endchar:
            merged[-1] = highlight.Fragment(
                previous.text,
                [*previous.matches, *fragment.matches],
                previous.startchar,
                max(previous.endchar, fragment.endchar),
            )
        else:
            merged.append(fragment)
    return merged


def make_highlighter() -> highlight.Highlighter:
    """Pinpoint highlighting reads the stored character offsets instead of re-analysing."""
    return highlight.Highlighter(
        fragmenter=highlight.PinpointFragmenter(
            maxchars=PASSAGE_CHARS, surround=90, autotrim=True
        ),
        formatter=MarkFormatter(),
        order=highlight.FIRST,
    )


def lead_passage(text: str, limit: int = PASSAGE_CHARS) -> str:
    """The opening of a text, escaped: the passage shown when no word matched the body."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return escape(text, quote=True)
