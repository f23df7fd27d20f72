"""The Article record: what every input becomes, whatever its format."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Bump when cleaning or metadata extraction changes what an input turns into, so that an
# incremental reindex rewrites every article instead of trusting old fingerprints.
PIPELINE_VERSION = "3"

# A paragraph of a body that is a subheading starts with this mark, as in Markdown: the
# mark is no word (search and passages never see it) and reads as a heading as plain text.
HEADING_MARK = "## "


def as_heading(text: str) -> str:
    """The paragraph for a subheading `text`."""
    return HEADING_MARK + text


def heading_text(paragraph: str) -> str | None:
    """The subheading a paragraph holds, without its mark; None for any other paragraph."""
    return paragraph[len(HEADING_MARK):] if paragraph.startswith(HEADING_MARK) else None


@dataclass(frozen=True)
class Article:
    """One clean news article, ready to index."""

    id: str
    title: str
    body: str = field(metadata={
        "description": "Clean text; paragraphs separated by one blank line. A subheading is a "
                       "paragraph of its own that starts with '## '."})
    url: str | None = None
    source: str | None = None
    published: date | datetime | None = field(
        default=None,
        metadata={"description": "ISO 8601 date or datetime; never invented: null when unknown."},
    )
    author: str | None = None
    language: str | None = None
    path: str = ""  # the input it came from ("file.jsonl#LINE", "crawl.warc.gz#OFFSET")
    fingerprint: str = ""
    crawled: datetime | None = field(
        default=None,
        metadata={"description": "When a crawler fetched the page (a WARC record's WARC-Date), "
                                 "never taken for the publication date; null when not known."},
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields; dates become ISO 8601 strings."""
        fields = dataclasses.asdict(self)
        fields["published"] = self.published.isoformat() if self.published else None
        fields["crawled"] = self.crawled.isoformat() if self.crawled else None
        return fields


def fingerprint_of(title: str, body: str, **metadata: object) -> str:
    """A content hash over everything that is indexed, so a changed input is re-written."""
    digest = hashlib.sha1(PIPELINE_VERSION.encode())
    for part in (title, body, *(f"{k}={metadata[k]}" for k in sorted(metadata))):
        digest.update(b"\0" + str(part).encode("utf-8"))
    return digest.hexdigest()


def article_id(url: str | None, relative_path: str) -> str:
    """A stable id: from the canonical URL when there is one, else the path in the corpus."""
    key = url.strip() if url and url.strip() else "path:" + relative_path
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
