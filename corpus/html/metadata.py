"""Metadata from a page's own markup: title, canonical URL, outlet, date, author, language."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from corpus.html.dates import publication_date
from corpus.html.document import HtmlDocument
from corpus.metadata import parse_published, source_from_url

# Separators between a headline and the site name in <title>: "Headline | Site", "Headline - Site".
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:•·»]\s+")
# Elements that print a story's headline, and the fewest words a headline has (a lone
# word in <title> is a site or section name).
HEADLINE_TAGS = frozenset(("h1", "h2", "h3"))
MIN_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 30
MIN_HEADLINE_CHARS = 10
# JSON-LD types that describe the article itself.
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|WebPage", re.IGNORECASE)
# Meta tags (by lower-case name, property or itemprop) in which publishers state when an
# article was published, strongest first; htmldate reads the day from these and more, and
# a time of day is taken from them only when it falls on htmldate's day (html/dates.py).
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "parsely-pub-date",
    "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.created", "date",
)
# A date with an optional time at the start of a longer value ("2019-11-05T10:00:00+01:00").
_ISO_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


@dataclass(frozen=True)
class PageMetadata:
    """What the page says about itself; None where it says nothing."""

    title: str | None = None
    # Whether the page states its headline (og:title, JSON-LD, a headline <title> holds)
    # rather than leaving <h1> or <title> to guess from: a site or section name, often.
    title_stated: bool = False
    url: str | None = None
    source: str | None = None
    published: date | datetime | None = None
    author: str | None = None
    language: str | None = None


def read_metadata(
    document: HtmlDocument, *, url: str | None = None, fetched: datetime | None = None
) -> PageMetadata:
    """The page's metadata; `url` (where the page was fetched from) is used when it has none,
    `fetched` (when, if known) bounds the publication date.

    Sources, strongest first: JSON-LD NewsArticle, Open Graph and article: meta tags,
    <link rel=canonical>, <title> and <h1>, the URL; the date is htmldate's (html/dates.py).
    """
    soup = document.soup
    meta = _meta_tags(soup)
    ld = _json_ld_article(document.json_ld)
    canonical = _canonical(soup) or meta.get("og:url") or url
    site = meta.get("og:site_name") or _ld_name(ld.get("publisher"))
    if site and site.startswith(("http://", "https://", "www.")):
        site = source_from_url(site if "//" in site else "http://" + site)  # a URL, not a name
    title, title_stated = _title(soup, meta, ld, site)
    stamps = [_parse_date(ld.get("datePublished")), *(_parse_date(meta.get(key)) for key in _PUBLISHED_META)]
    published = publication_date(document.markup, url=canonical, stamps=stamps, fetched=fetched)
    author = _ld_name(ld.get("author")) or meta.get("author") or meta.get("article:author")
    if author and author.startswith(("http://", "https://")):
        author = None  # a profile URL, not a name
    return PageMetadata(
        title=title,
        title_stated=title_stated,
        url=canonical,
        source=site or source_from_url(canonical) or source_from_url(url),
        published=published,
        author=" ".join(author.split()) if author else None,
        language=_language(soup, meta),
    )


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """<meta property|name=... content=...> by lower-case key, first occurrence wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld_article(blocks: list[str]) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (searching @graph and lists), else {}."""
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                return item
    return {}


def _ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _ld_items(element)]
    if isinstance(data, dict):
        return [data, *_ld_items(data.get("@graph", []))]
    return []


def _ld_name(value: Any) -> str | None:
    """A person's or organisation's name from a JSON-LD value (string, object or list)."""
    if isinstance(value, list):
        names = [name for name in map(_ld_name, value) if name]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _canonical(soup: BeautifulSoup) -> str | None:
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        if "canonical" in [r.lower() for r in rel] and link["href"].startswith(("http://", "https://")):
            return link["href"].strip()
    return None


def _title(soup: BeautifulSoup, meta: dict[str, str], ld: dict[str, Any],
           site: str | None) -> tuple[str | None, bool]:
    """The headline without the site name: og:title, JSON-LD headline, the page's heading that
    <title> holds, <h1>, then <title>; each looked for only when those before say nothing.
    And whether the page stated it (one of the first three)."""
    page_title = " ".join(soup.title.string.split()) if soup.title is not None and soup.title.string else ""
    candidates: list[Callable[[], str | None]] = [
        lambda: meta.get("og:title"),
        lambda: ld.get("headline") if isinstance(ld.get("headline"), str) else None,
        lambda: _heading_in(page_title, soup),
        lambda: heading.get_text(" ") if (heading := soup.find("h1")) is not None else None,
        lambda: page_title,
    ]
    for stated, candidate in zip((True, True, True, False, False), candidates):
        text = " ".join((candidate() or "").split())
        if text:
            return strip_site_name(text, site), stated
    return None, False


def _heading_in(page_title: str, soup: BeautifulSoup) -> str | None:
    """The longest headline of the page that <title> holds whole: the headline as the page prints
    it, without the site and section names around it ("Site - Section - Headline"), and not a
    section name such as an <h1> often is ("Sport", "Latest News").

    A headline is a heading's text or one string of the page (old layouts print it in <font>
    or <b>), of a few words, standing in <title> between word boundaries.
    """
    if not page_title:
        return None
    haystack = page_title.lower()
    root = soup.body or soup
    # One walk over the page for both (find_all walks it once per call).
    texts = [node.get_text(" ") if isinstance(node, Tag) else node for node in root.descendants
             if type(node) is NavigableString or isinstance(node, Tag) and node.name in HEADLINE_TAGS]
    found = None
    for text in texts:
        if not (MIN_HEADLINE_CHARS <= len(text) <= 2 * len(haystack) + 100):
            continue
        text = " ".join(text.split())
        # The whole <title> printed again (a print header) says nothing of where the headline is.
        if (found is None or len(text) > len(found)) and len(text) < len(haystack) \
                and len(text.split()) >= MIN_HEADLINE_WORDS and _holds_whole(haystack, text.lower()):
            found = text
    return found


def _holds_whole(haystack: str, needle: str) -> bool:
    """Whether `needle` stands in `haystack` with no letter or digit right before or after it."""
    start = haystack.find(needle)
    while start >= 0:
        before, after = haystack[start - 1:start], haystack[start + len(needle):][:1]
        if not before.isalnum() and not after.isalnum():
            return True
        start = haystack.find(needle, start + 1)
    return False


def strip_site_name(title: str, site: str | None) -> str:
    """ "Headline | Site" or "Site - Headline" made "Headline"; other titles unchanged."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site:
        key = site.lower()
        rest = [p for p in parts if p.lower() != key and key not in p.lower().split(" ")]
        if rest and len(rest) < len(parts):
            return " - ".join(rest) if len(rest) > 1 else rest[0]
    # Without a known site name, a short last part is the site ("... | Reuters").
    if len(parts[-1].split()) <= 4 and len(parts[0].split()) > len(parts[-1].split()):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:•·»")
    return title


def _parse_date(value: Any) -> date | datetime | None:
    if not isinstance(value, str):
        return None
    found = _ISO_PREFIX.match(value.strip())
    if not found:
        return None
    text = found.group(0).replace(" ", "T")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    return parse_published(text)


def _language(soup: BeautifulSoup, meta: dict[str, str]) -> str | None:
    """The primary language subtag of <html lang> or og:locale ("en-GB" and "en_GB" give "en")."""
    html = soup.find("html")
    value = html.get("lang") if isinstance(html, Tag) else None
    value = value or meta.get("og:locale") or meta.get("content-language")
    if not isinstance(value, str) or not value.strip():
        return None
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
