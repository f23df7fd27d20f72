"""Subheadings among a flattened page's body lines: a short line, without final
punctuation, between two lines that end sentences.

Measured by `python -m bench headings` (flattened text, newsdesk's own bodies): on the
bundled samples, all 17 subheadings labelled in tests/data/gold.json are marked and nothing
else; on the 85 pages of the article-extraction benchmark, of the body lines that are
article text, 58% of those marked are the page's own headings (h2-h4, or a paragraph all in
bold) and 20% of those headings are marked. The misses are mostly headings over lists (the
next line ends no sentence); the false marks mostly one-line items (a price, a dateline).
A mark costs little: the line shows as a heading, and passages do not run it into the next.
"""

from __future__ import annotations

import re

from corpus.article import as_heading
from corpus.text import lines as kinds

# At most this many words: on the benchmark pages 12 marks 5 headings more than 10 and no
# other line more; 15 and 20 mark no more headings; the samples' headings have at most 6.
MAX_HEADING_WORDS = 12
# Final punctuation: a heading ends on a word (or a closing bracket), never ".", ":" or ",",
# nor an opening quote (a sentence cut off before its quotation).
_PUNCTUATED = re.compile(r"[.!?…:;,\"'“‘«„–—\-。！？，：；、][\"'”’)\]」』]*$")
_LETTER = re.compile(r"[^\W\d_]")


def is_subheading(line: str, before: str, after: str) -> bool:
    """Whether `line`, between the body lines `before` and `after`, is a subheading."""
    return (
        kinds.count_words(line) <= MAX_HEADING_WORDS
        and _LETTER.search(line) is not None
        and not _PUNCTUATED.search(line)
        and kinds.ends_sentence(before)
        and kinds.ends_sentence(after)
    )


def mark_subheadings(body: list[str]) -> list[str]:
    """The body lines, subheadings marked (corpus.article.HEADING_MARK); the first and last
    line never are: a heading stands between paragraphs."""
    return [
        as_heading(line) if 0 < n < len(body) - 1 and is_subheading(line, body[n - 1], body[n + 1]) else line
        for n, line in enumerate(body)
    ]
