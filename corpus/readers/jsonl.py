"""The reader for crawler exports: JSON Lines, one article object per line."""

from __future__ import annotations

import codecs
import dataclasses
import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from corpus.article import Article
from corpus.decoding import EXPORT_MAX_BYTES, PAGE_MAX_BYTES, Unreadable, decode_text, stream_lines
from corpus.inputs import InputFile, InputOutcome, Rejected
from corpus.metadata import parse_published
from corpus.records import Found, build_article
from corpus.text.cleaning import dropped_paragraphs, without_furniture, without_title

EXTENSIONS = (".jsonl",)
MAX_BYTES = EXPORT_MAX_BYTES

# Field names crawlers use, first match wins; every other field is ignored.
BODY_FIELDS = ("body", "text", "content")
DATE_FIELDS = ("published", "date")
TEXT_FIELDS = ("title", "url", "source", "author", "language")


def read(input: InputFile, data: bytes) -> InputOutcome:
    """Every good record of a JSON Lines file; bad lines are skipped with their reason.

    A manifest row for the file gives defaults (say, the source of a whole export) that a
    record's own fields override. Raises Unreadable when the file is empty.
    """
    removed: list[list[str]] = []
    read = outcome(input, [read_part(part, removed) for part in split(input, data, lines_per_part=0)])
    return dataclasses.replace(read, removed_by_article=removed) if read.articles else read


@dataclass(frozen=True)
class Part:
    """Consecutive lines of one JSON Lines input, the first being line number `first`:
    a big export is read as several parts in parallel, then joined by `outcome`."""

    input: InputFile
    first: int
    lines: list[bytes]
    size: int = 0  # bytes of the file on disk the part was read from (for progress)


def split(input: InputFile, data: bytes, lines_per_part: int) -> list[Part]:
    """The input's lines in parts of `lines_per_part` (0: one part); raises Unreadable when
    the file is empty.

    Lines stay bytes until each is read: a line of binary junk or another encoding costs
    that record, not the whole export.
    """
    if not data.strip():
        raise Unreadable("empty file")
    lines = data.removeprefix(codecs.BOM_UTF8).split(b"\n")
    size = lines_per_part or len(lines)
    return [Part(input, start + 1, lines[start : start + size]) for start in range(0, len(lines), size)]


def stream_parts(input: InputFile, lines_per_part: int, compressed: bool) -> Iterator[Part]:
    """The input's lines in parts of `lines_per_part`, read from the file as the parts are
    taken: an export of any size is split in bounded memory (a line longer than a page is
    never held: TOO_LONG stands in its place). Raises OSError, or Unreadable for bad gzip
    data (possibly after some parts were given) and for a file with no records at all.
    """
    lines: list[bytes] = []
    first, given, offset = 1, 0, 0
    content = False
    for number, (line, offset) in enumerate(stream_lines(input.path, compressed), start=1):
        if number == 1 and line is not None:
            line = line.removeprefix(codecs.BOM_UTF8)
        line = TOO_LONG if line is None else line
        content = content or bool(line.strip())
        lines.append(line)
        if len(lines) == lines_per_part:
            yield Part(input, first, lines, offset - given)
            lines, first, given = [], number + 1, offset
    if not content:
        raise Unreadable("empty file")
    if lines:
        yield Part(input, first, lines, offset - given)


# Stands for a line over PAGE_MAX_BYTES, which is skipped unread; read_part reports it.
TOO_LONG = b"\0too long\0"


def read_part(part: Part, removed: list[list[str]] | None = None) -> tuple[list[Article], list[Rejected]]:
    """The good records of one part, and its bad lines with their reasons; each article's
    paragraphs left out (furniture, the title printed again) are appended to `removed` when
    it is given."""
    defaults = part.input.manifest or {}
    per_record = dataclasses.replace(part.input, manifest=None)
    articles, skipped = [], []
    for number, raw in enumerate(part.lines, start=part.first):
        if not raw.strip():
            continue
        where = f"{part.input.path}#{number}"
        if raw == TOO_LONG:
            skipped.append(Rejected(where, f"line {number}: longer than {PAGE_MAX_BYTES // 1024**2} MB"))
            continue
        try:
            found = _found(raw, defaults)
        except ValueError as error:
            skipped.append(Rejected(where, f"line {number}: {error}"))
            continue
        articles.append(build_article(per_record, found, part=str(number)))
        if removed is not None:
            removed.append(list(found.removed))
    return articles, skipped


def outcome(input: InputFile, parts: Iterable[tuple[list[Article], list[Rejected]]]) -> InputOutcome:
    """The outcome of a whole input from what its parts gave, in line order."""
    articles: list[Article] = []
    skipped: list[Rejected] = []
    for part_articles, part_skipped in parts:
        articles.extend(part_articles)
        skipped.extend(part_skipped)
    if not articles:
        reason = "no article records" if not skipped else f"no usable records ({skipped[0].reason})"
        return InputOutcome(input.path, error=reason, skipped=skipped)
    return InputOutcome(input.path, articles=articles, skipped=skipped)


def _found(raw: bytes, defaults: dict[str, str]) -> Found:
    """The article in one line; raises ValueError saying what is wrong with it.

    JSON is UTF-8 by its standard, and a line that is valid UTF-8 is read as such. A line that
    is not (a crawler that wrote a Latin-1 page's text as it found it) is decoded like a
    text file, by charset-normalizer: one line is one article, long enough for detection,
    and dropping it would lose the article over a byte the writer got wrong.
    """
    try:
        line = decode_text(raw)
    except Unreadable as error:
        raise ValueError(error.reason.replace("file", "line")) from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    text = normalise_body(_first_text(record, BODY_FIELDS) or "")
    body = without_furniture(text)
    if not body:
        raise ValueError("no article text (body, text or content)")
    fields = {name: _first_text(record, (name,)) or defaults.get(name) for name in TEXT_FIELDS}
    published_text = _first_text(record, DATE_FIELDS) or defaults.get("published")
    title = " ".join((fields.pop("title") or "").split())
    body = without_title(body, title)
    return Found(
        title=title,
        body=body,
        published=parse_published(published_text),
        removed=tuple(dropped_paragraphs(text, body)),
        **fields,
    )


def _first_text(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of `names` holding a non-blank string (numbers and lists are not text)."""
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def normalise_body(text: str) -> str:
    """Paragraphs separated by one blank line, spaces collapsed inside them.

    A paragraph is a run of lines that are not blank (a line of only whitespace is
    blank); str methods do it several times faster than a regular expression.
    """
    paragraphs: list[str] = []
    words: list[str] = []
    for line in text.split("\n"):
        line_words = line.split()
        if line_words:
            words.extend(line_words)
        elif words:
            paragraphs.append(" ".join(words))
            words = []
    if words:
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)
