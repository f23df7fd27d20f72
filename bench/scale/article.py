"""One synthetic article and its JSON line, in the real corpus's fields and order."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from bench.scale.source import Outlet
from bench.scale.text import plain

_SLUG_WORDS = 8
_SLUG = re.compile(r"[a-z0-9]+")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Article:
    """An article as written: title and paragraphs are JSON-escaped UTF-8."""

    number: int  # its place in the corpus, from 0: makes the id and the URL unique
    title: bytes
    paragraphs: tuple[bytes, ...]
    outlet: Outlet
    host: str
    published: date | None
    tokens: int  # statistics words, for the vocabulary curve
    copy_of: int | None = None  # the number of the article this is wire copy of

    @property
    def id(self) -> str:
        return f"scale{self.number:011d}"

    @property
    def url(self) -> str:
        slug = "-".join(_SLUG.findall(plain(self.title).lower())[:_SLUG_WORDS]) or "story"
        where = self.published.strftime("%Y/%m/%d") if self.published else "news"
        return f"https://{self.host}/{where}/{slug}-{_base36(self.number)}"

    def line(self) -> bytes:
        published = f'"{self.published.isoformat()}"'.encode() if self.published else b"null"
        return b"".join((
            b'{"id": "', self.id.encode(), b'", "title": "', self.title, b'", "body": "',
            b"\\n\\n".join(self.paragraphs), b'", "source": ', self.outlet.source_json,
            b', "date": ', published, b', "url": ', json.dumps(self.url).encode(), b"}\n",
        ))


def _base36(n: int) -> str:
    digits = ""
    while True:
        n, digit = divmod(n, 36)
        digits = _DIGITS[digit] + digits
        if not n:
            return digits
