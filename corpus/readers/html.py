"""The reader for raw HTML pages (.html, .htm; gzip-compressed too): main content and metadata."""

from __future__ import annotations

from datetime import datetime

from corpus.decoding import PAGE_MAX_BYTES
from corpus.inputs import InputFile, InputOutcome
from corpus.records import Found, build_article

EXTENSIONS = (".html", ".htm")
MAX_BYTES = PAGE_MAX_BYTES


def extract_page(
    data: bytes, *, url: str | None = None, charset: str | None = None, fetched: datetime | None = None
) -> Found:
    """The article in a page's bytes: its body text and the page's metadata.

    `url` is where the page came from (a manifest's); the page's canonical link wins over it.
    `charset` is the one its HTTP response declared, if any, and `fetched` when it was
    fetched (no later date is its publication date). Raises Unreadable for empty or binary
    data.
    """
    # Imported here: beautifulsoup4 and soupsieve take about 80 ms to import, which every
    # reindex of text or JSON Lines (and every small incremental one) would pay for nothing.
    from corpus.html.document import parse_html
    from corpus.html.extraction import extract_article
    from corpus.html.metadata import read_metadata

    document = parse_html(data, charset=charset)
    meta = read_metadata(document, url=url, fetched=fetched)
    title, body = extract_article(document.soup, title=meta.title, title_stated=meta.title_stated)
    return Found(
        title=title or "",
        body=body,
        url=meta.url,
        source=meta.source,
        published=meta.published,
        author=meta.author,
        language=meta.language,
        crawled=fetched,
    )


def read(input: InputFile, data: bytes) -> InputOutcome:
    """One article from an HTML page; rejected when the page holds no article text."""
    found = extract_page(data, url=(input.manifest or {}).get("url"))
    if not found.body:
        return InputOutcome(input.path, error="no article text found")
    return InputOutcome(input.path, articles=[build_article(input, found)])
