"""Assembling an Article from what a reader found, with metadata merged strongest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from corpus.article import Article, article_id, fingerprint_of
from corpus.inputs import InputFile
from corpus.language import guess_language
from corpus.metadata import date_from_url, parse_published, source_from_url


@dataclass(frozen=True)
class Found:
    """What a reader found in the input itself (the text, a page's metadata, a JSON record)."""

    title: str
    body: str
    url: str | None = None
    source: str | None = None
    published: date | datetime | None = None
    author: str | None = None
    language: str | None = None
    crawled: datetime | None = None  # when a crawler fetched it: kept apart from `published`
    removed: tuple[str, ...] = ()  # a record's paragraphs left out (furniture, the title again)


def build_article(input: InputFile, found: Found, *, part: str | None = None) -> Article:
    """The Article for `found`, read from `input`.

    Metadata comes from, strongest first: the manifest row, what the reader found, the URL
    (domain for the source, a /YYYY/MM/DD/ path for the date). Nothing is invented: what
    none of them knows stays None. `part` names one record of a multi-article input (a line
    of a JSON Lines file) and is appended to the path and the id key as "#part".
    """
    row = input.manifest or {}
    url = row.get("url") or found.url
    published = parse_published(row.get("published")) or found.published or date_from_url(url)
    title = row.get("title") or found.title
    source = row.get("source") or found.source or source_from_url(url)
    author = row.get("author") or found.author
    suffix = f"#{part}" if part else ""
    return Article(
        id=article_id(url, input.relative + suffix),
        title=title,
        body=found.body,
        url=url,
        source=source,
        published=published,
        author=author,
        language=row.get("language") or found.language or guess_language(found.body),
        path=str(input.path) + suffix,
        fingerprint=fingerprint_of(
            title, found.body, url=url, source=source, published=published, author=author,
            # Only when known: every article read before crawl times were kept keeps its print.
            **({"crawled": found.crawled} if found.crawled else {}),
        ),
        crawled=found.crawled,
    )
