"""Conversion between corpus Articles and Whoosh documents."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any, Mapping

from corpus import Article
from indexer.schema.languages import InLanguage
from indexer.schema.neardup import band_keys, signature

# An article without a headline is searched by this many of its first words as one: a news
# story's lead says what it is about, and a headline runs about this long. At most this many
# characters: Chinese or Japanese text has no spaces to count words by.
STAND_IN_HEADLINE_WORDS = 15
STAND_IN_HEADLINE_CHARS = 120


def to_document(article: Article, rawkey: bytes = b"") -> dict[str, Any]:
    """The fields Whoosh indexes and stores for one article; `rawkey` identifies the raw
    record it was read from (indexer/build/rawkeys.py).

    The body field indexes the body and then the headline (a headline word is a word of the
    text, as BM25 over title and body counts it: the title field alone weighed short headlines
    that repeat one query word too much), and stores the body alone. Both are analysed in the
    article's language (indexer/schema/languages.py). An untitled article's opening words are
    indexed as its headline (`stand_in_headline`); its stored title stays empty."""
    headline = article.title or stand_in_headline(article.body)
    doc: dict[str, Any] = {
        "id": article.id,
        "title": InLanguage((headline,), article.language),
        "_stored_title": article.title,
        "body": InLanguage((article.body, headline), article.language),
        "_stored_body": article.body,
        "source": article.source or "",
        "published_text": article.published.isoformat() if article.published else None,
        "month": article.published.strftime("%Y-%m") if article.published else "",
        "dated": "1" if article.published else "0",
        "timed": ("1" if isinstance(article.published, datetime) else "0") if article.published else "",
        "author": article.author or "",
        "url": article.url,
        "language": article.language or "",
        "path": article.path,
        "fingerprint": article.fingerprint,
    }
    if article.crawled:
        doc["crawled"] = article.crawled.isoformat()
    sig = signature(article.body)
    doc["dupsig"] = sig
    doc["dupbands"] = " ".join(band_keys(sig))
    if article.published:
        doc["published"] = as_naive_utc(article.published)
    if rawkey:
        doc["rawkey"] = rawkey
    return doc


def stand_in_headline(body: str) -> str:
    """The first STAND_IN_HEADLINE_WORDS words of the body, cut at a space before
    STAND_IN_HEADLINE_CHARS: what an untitled article is searched by as its headline (a
    flattened story often opens with its section and headline)."""
    opening = " ".join(body.split(maxsplit=STAND_IN_HEADLINE_WORDS)[:STAND_IN_HEADLINE_WORDS])
    if len(opening) <= STAND_IN_HEADLINE_CHARS:
        return opening
    cut = opening[:STAND_IN_HEADLINE_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def as_naive_utc(value: date | datetime) -> datetime:
    """Whoosh compares naive datetimes; aware ones are converted to UTC first."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time.min)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def to_article(stored: Mapping[str, Any]) -> Article:
    """Rebuild an Article from a document's stored fields."""
    return Article(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        url=stored.get("url"),
        source=stored.get("source") or None,
        published=parse_published(stored.get("published_text")),
        author=stored.get("author") or None,
        language=stored.get("language") or None,
        path=stored.get("path", ""),
        fingerprint=stored.get("fingerprint", ""),
        crawled=datetime.fromisoformat(stored["crawled"]) if stored.get("crawled") else None,
    )


def parse_published(text: str | None) -> date | datetime | None:
    """The stored ISO form back to a date (when it had no time) or a datetime."""
    if not text:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
