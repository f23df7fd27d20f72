"""Bylines: finding the author's name in a line of flattened text."""

from __future__ import annotations

import re

from corpus.text import patterns

# A word of a personal name: a capital, then letters, with inner hyphens, apostrophes or dots
# ("O'Neil", "Jean-Luc", "J.").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
MAX_NAME_WORDS = 4
MAX_BYLINE_WORDS = 12


def looks_like_name(text: str, *, max_words: int = MAX_NAME_WORDS, shouted: bool = False) -> bool:
    """Whether the text is a personal name: 2 to `max_words` capitalised words, no label words.

    Names in capitals ("MARIA SIOW") pass only when `shouted`: after "By" they are names,
    alone on a line they are more likely a sub-heading ("FRANCE WINS").
    """
    words = text.split()
    if not 2 <= len(words) <= max_words:
        return False
    capitals = 0
    for word in words:
        if word.lower() in patterns.NAME_PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(word) or not word[0].isupper():
            return False
        if not shouted and len(word) > 3 and word.isupper():
            return False
        if word.lower().strip(".") in patterns.NOT_NAME_WORDS:
            return False
        capitals += 1
    return capitals >= 2


def split_names(text: str) -> list[str]:
    """The leading personal names of a list such as "Jane Doe, John Roe and Ann Lee, Reuters"."""
    names: list[str] = []
    for part in patterns.NAME_JOINERS.split(text.strip()):
        if not looks_like_name(part, shouted=True):
            break  # an outlet, a role or a place follows the names: stop there
        # "MARIA SIOW" is written "Maria Siow" so that the author facet has one spelling.
        names.append(part.title() if part.isupper() else part)
    return names


def parse_byline(line: str) -> str | None:
    """The author(s) named by a "By ..." or "Author: ..." line, or None if it is not a byline.

    "By Olha Chepil |" gives "Olha Chepil"; "By Jane Doe and John Roe, Reuters" gives
    "Jane Doe, John Roe". A sentence that starts with "By" ("By Monday, troops ...") is not
    a byline because what follows is not a name.
    """
    line = line.strip()
    if len(line.split()) > MAX_BYLINE_WORDS:
        return None
    match = patterns.BYLINE_PREFIX.match(line) or patterns.BYLINE_LABEL.match(line)
    if not match:
        return None
    rest = patterns.BYLINE_TAIL.sub("", match.group("rest")).strip()
    names = split_names(rest)
    return ", ".join(names) if names else None


def parse_lone_name(line: str) -> str | None:
    """The name if the line is nothing but a two- or three-word personal name ("Maria Siow")."""
    line = line.strip()
    return line if looks_like_name(line, max_words=3) else None
