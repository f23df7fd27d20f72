"""Article text as the generator keeps it: JSON-escaped UTF-8 pieces, with name slots."""

from __future__ import annotations

import json
import re

# Text as it goes into the output: JSON-escaped UTF-8, ready to join into a line. A text with
# name slots is a tuple whose odd items are the names (rare words of ASCII letters and digits),
# which an article may rename; a text without any is plain bytes.
Text = bytes | tuple[bytes, ...]

# A word standing alone as one token of ASCII letters and digits ("Rahami", "McConnell",
# "hesistant", "18702397"): a slot when rare. Hyphens and apostrophes join words in newsdesk's
# analyzer, so a word next to one is left alone.
_TOKEN = re.compile(r"(?<![\w'’-])[A-Za-z0-9]+(?![\w'’-])")


def with_slots(text: str, rare: set[str]) -> Text:
    """The escaped text, split around its rare words."""
    pieces, start = [], 0
    for match in _TOKEN.finditer(text):
        if match.group().lower() in rare:
            pieces += [escaped(text[start:match.start()]), match.group().encode("ascii")]
            start = match.end()
    if not pieces:
        return escaped(text)
    return (*pieces, escaped(text[start:]))


def escaped(text: str) -> bytes:
    """`text` as it stands inside a JSON string, UTF-8 encoded."""
    return json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")


def plain(text: Text) -> str:
    """The text itself (names as written)."""
    joined = text if isinstance(text, bytes) else b"".join(text)
    return json.loads(b'"' + joined + b'"')


def names_in(text: Text) -> tuple[bytes, ...]:
    return () if isinstance(text, bytes) else text[1::2]


def renamed(text: Text, mapping: dict[bytes, bytes]) -> bytes:
    """The text with its names renamed as `mapping` says (the others as written)."""
    if isinstance(text, bytes):
        return text
    return b"".join([mapping.get(piece, piece) if n & 1 else piece for n, piece in enumerate(text)])
