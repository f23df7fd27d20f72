"""The reader for web archives: the HTML pages a crawl saved in WARC files (.warc, .warc.gz).

Each HTML response record with status 200 is one article: its WARC-Target-URI is the
article's url, its WARC-Date the crawl time (`Article.crawled`, never the publication date),
and its path "crawl.warc.gz#OFFSET", the record's offset in the file as a CDX index gives
it. The file is streamed by warcio record by record, so a crawl of any size is read without
holding it; gzip members are read as they come.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime
from typing import Any

from corpus.article import Article
from corpus.decoding import EXPORT_MAX_BYTES, PAGE_MAX_BYTES, Unreadable
from corpus.inputs import InputFile, InputOutcome, Rejected
from corpus.records import build_article

EXTENSIONS = (".warc",)
MAX_BYTES = EXPORT_MAX_BYTES
# Records that hold a fetched page; request, metadata, warcinfo and revisit records do not.
PAGE_RECORDS = ("response", "resource")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_file(input: InputFile) -> InputOutcome:
    """Every HTML page of a WARC file, read from disk; raises Unreadable for an empty file or
    one whose first record is not WARC.

    Records that are not pages, not HTML or not fetched with status 200 are skipped and
    counted, one line per reason in `skipped`; a page with no article text is skipped by
    its own path. A file damaged part-way keeps the records before the damage, and says so.
    """
    # warcio is imported here: text and JSON Lines reindexes never pay for it.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    read = _Reading(input)
    with open(input.path, "rb") as handle:
        if not handle.read(1):
            raise Unreadable("empty file")
        handle.seek(0)
        records = ArchiveIterator(handle)
        try:
            for record in records:
                if not read.record(record, records):
                    break
        except ArchiveLoadFailed:
            if read.records == 0:
                raise Unreadable("not WARC data, though the name ends in .warc") from None
            read.damaged = True
        except Exception:  # noqa: BLE001 - warcio fails in many ways on damaged data
            read.damaged = True  # (a page's own failure is caught in read_page)
        handle.seek(0, 2)
        read.damaged = read.damaged or _junk_after(handle, read.end)
    return read.outcome()


@dataclasses.dataclass
class _Reading:
    """What reading one WARC file has found so far."""

    input: InputFile
    articles: list[Article] = dataclasses.field(default_factory=list)
    skipped: list[Rejected] = dataclasses.field(default_factory=list)
    not_html: Counter[str] = dataclasses.field(default_factory=Counter)
    not_ok: Counter[str] = dataclasses.field(default_factory=Counter)
    records: int = 0  # records read whole
    end: int = 0  # where the last record read whole ends in the file
    damaged: bool = False

    def record(self, record: Any, records: Any) -> bool:
        """Read one record; False when the file ends inside it (then it is left out)."""
        payload, reason = self.payload(record)
        # Known once the content is read: asking first would skip the content unread.
        offset, length = records.get_record_offset(), records.get_record_length()
        if getattr(record.raw_stream, "limit", 0) > 0:
            self.damaged = True  # fewer bytes than the record's Content-Length
            return False
        self.records += 1
        self.end = offset + length
        where = f"{self.input.path}#{offset}"
        if reason:
            self.skipped.append(Rejected(where, reason))
        elif payload is not None:
            self.read_page(record, payload, where, str(offset))
        return True

    def payload(self, record: Any) -> tuple[bytes | None, str | None]:
        """The page's bytes, or None for a record that is skipped (counted, or with a reason)."""
        if record.rec_type not in PAGE_RECORDS:
            return None, None
        headers = record.http_headers
        if headers is not None and headers.get_statuscode() != "200":
            self.not_ok[headers.get_statuscode() or "none"] += 1
            return None, None
        kind = (headers.get_header("Content-Type") if headers is not None else None) \
            or record.rec_headers.get_header("Content-Type") or ""
        media = kind.split(";", 1)[0].strip().lower()
        if media not in HTML_TYPES:
            self.not_html[media or "no type"] += 1
            return None, None
        if record.length and record.length > PAGE_MAX_BYTES:
            return None, f"longer than {PAGE_MAX_BYTES // 1024**2} MB"
        payload = record.content_stream().read(PAGE_MAX_BYTES + 1)
        if len(payload) > PAGE_MAX_BYTES:
            return None, f"longer than {PAGE_MAX_BYTES // 1024**2} MB"
        return payload, None

    def read_page(self, record: Any, payload: bytes, where: str, part: str) -> None:
        from corpus.readers.html import extract_page

        url = record.rec_headers.get_header("WARC-Target-URI")
        try:
            found = extract_page(payload, url=url, charset=_charset(record), fetched=_crawled(record))
        except Unreadable as error:
            self.skipped.append(Rejected(where, error.reason))
            return
        except Exception as error:  # noqa: BLE001 - a bug must cost this page, not the crawl
            self.skipped.append(Rejected(where, f"could not be read ({type(error).__name__}: {error})"))
            return
        if not found.body:
            self.skipped.append(Rejected(where, "no article text found"))
            return
        # The fetched URL is the article's, as a manifest's would be: the id follows it.
        found = dataclasses.replace(found, url=url or found.url)
        per_record = dataclasses.replace(self.input, manifest=None)
        self.articles.append(build_article(per_record, found, part=part))

    def outcome(self) -> InputOutcome:
        path = str(self.input.path)
        counted = [
            Rejected(path, _counted(self.not_html, "not HTML")),
            Rejected(path, _counted(self.not_ok, "HTTP status not 200")),
        ]
        skipped = [r for r, counts in zip(counted, (self.not_html, self.not_ok)) if counts] + self.skipped
        if self.damaged:
            skipped.append(Rejected(path, f"damaged or truncated WARC data after byte {self.end}; "
                                          f"the {self.records} records before were read"))
        if not self.articles:
            reason = "no HTML pages with article text" if not self.damaged else skipped[-1].reason
            return InputOutcome(self.input.path, error=reason, skipped=skipped)
        return InputOutcome(self.input.path, articles=self.articles, skipped=skipped)


def _counted(counts: Counter[str], what: str) -> str:
    """ "3 records skipped: not HTML (image/png 2, text/css 1)"."""
    total = sum(counts.values())
    kinds = ", ".join(f"{kind} {count}" for kind, count in counts.most_common())
    return f"{total} record{'s' if total != 1 else ''} skipped: {what} ({kinds})"


def _charset(record: Any) -> str | None:
    """The charset the HTTP response declared ("text/html; charset=windows-1251")."""
    headers = record.http_headers
    kind = headers.get_header("Content-Type") if headers is not None else None
    for parameter in (kind or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def _crawled(record: Any) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _junk_after(handle: Any, end: int) -> bool:
    """Whether the file holds more than the blank lines that close a record after `end`."""
    if handle.tell() <= end:
        return False
    handle.seek(end)
    return bool(handle.read(4096).strip(b"\r\n\0"))
