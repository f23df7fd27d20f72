"""The reader for flattened text: every visible line of a scraped page, boilerplate included."""

from __future__ import annotations

from corpus.decoding import PAGE_MAX_BYTES, decode_text
from corpus.inputs import InputFile, InputOutcome
from corpus.records import Found, build_article
from corpus.text.cleaning import clean_text

EXTENSIONS = (".txt",)
MAX_BYTES = PAGE_MAX_BYTES


def read(input: InputFile, data: bytes) -> InputOutcome:
    """One article from a flattened text file, in any encoding; raises Unreadable when it holds
    no text (empty or binary)."""
    row = input.manifest or {}
    cleaned = clean_text(
        decode_text(data), url=row.get("url"), title=row.get("title"), repeated=input.repeated
    )
    if not cleaned.body:
        return InputOutcome(input.path, removed=cleaned.removed, error="no article text found")
    found = Found(title=cleaned.title, body=cleaned.body, author=cleaned.author)
    return InputOutcome(input.path, articles=[build_article(input, found)], removed=cleaned.removed)
