"""Corpus-level evidence for cleaning flattened text: lines that many pages of one source share.

A line printed on several articles of the same outlet (a menu entry, a newsletter prompt, a
"related" headline, a standard disclaimer) is page furniture, whatever it looks like alone.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable

from corpus import readers
from corpus.decoding import Unreadable, decode_text, gunzip
from corpus.inputs import InputFile
from corpus.metadata import source_from_url
from corpus.readers import text as text_reader

# A line must appear on this many pages of one source to count as repeated: two articles may
# quote the same sentence, three identical lines across articles are the site's.
MIN_PAGES = 3


def page_lines(text: str) -> set[str]:
    """The distinct stripped, non-blank lines of one page."""
    return {line.strip() for line in text.splitlines() if line.strip()}


def find_repeated_lines(texts: Iterable[str], *, min_pages: int = MIN_PAGES) -> frozenset[str]:
    """The lines that occur on at least `min_pages` of the pages (each page counted once)."""
    return find_repeated_lines_in((page_lines(text) for text in texts), min_pages=min_pages)


def find_repeated_lines_in(pages: Iterable[set[str]], *, min_pages: int = MIN_PAGES) -> frozenset[str]:
    """The lines in at least `min_pages` of the pages' sets of distinct lines."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update(lines)
    return frozenset(line for line, count in counts.items() if count >= min_pages)


def source_key(input: InputFile) -> str:
    """The group whose pages are compared: the manifest's source or URL domain, else the folder."""
    row = input.manifest or {}
    return row.get("source") or source_from_url(row.get("url")) or str(input.path.parent)


def with_repeated_lines(inputs: list[InputFile]) -> list[InputFile]:
    """The inputs, flattened-text ones carrying the lines their source repeats on many pages.

    A pre-pass over the whole run (reindex or clean), grouped by `source_key`: each text
    input gets, in `InputFile.repeated`, those of its own lines that at least MIN_PAGES pages
    of its group print. Inputs that cannot be read here are left as they are: reading them
    for real reports why.
    """
    lines_of: dict[int, set[str]] = {}
    groups: dict[str, list[int]] = defaultdict(list)
    for position, input in enumerate(inputs):
        if readers.format_suffix(input.path) not in text_reader.EXTENSIONS:
            continue
        try:
            data = input.path.read_bytes()
            if readers.is_compressed(input.path):
                data = gunzip(data)
            lines_of[position] = page_lines(decode_text(data))
        except (OSError, Unreadable):
            continue
        groups[source_key(input)].append(position)
    result = list(inputs)
    for members in groups.values():
        if len(members) < MIN_PAGES:
            continue
        repeated = find_repeated_lines_in(lines_of[m] for m in members)
        for position in members:
            own = frozenset(lines_of[position] & repeated)
            if own:
                result[position] = dataclasses.replace(inputs[position], repeated=own)
    return result
