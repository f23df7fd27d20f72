"""The real corpus as the generator's material: articles as templates, their paragraphs with
name slots, groups of related articles, and the vocabulary curve the synthetic one continues."""

from __future__ import annotations

import gzip
import json
import random
import re
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.scale import heaps, topics
from bench.scale.text import Text, with_slots

# Words in at most this share of the real articles (30 of allsides' 37,554) are renamed where
# their text is used again: a news vocabulary grows mostly by rare words like these (names,
# numbers, typos). Commoner words ("Trump", "Ukraine") stay.
SLOT_MAX_SHARE = 0.0008
# The real curve is read in one fixed shuffled order, whatever the generator's seed.
CURVE_SEED = 0
_SMALL_MARKS = (100, 300, 1_000)
# Paragraphs longer than this are split at sentence ends into parts of about SPLIT_WORDS: a
# body crawled as one block would otherwise be one unit, the same in every article made of it.
LONG_PARAGRAPH_WORDS = 200
SPLIT_WORDS = 100
_SENTENCE_END = re.compile(r"(?<=[.!?])([”\"’]?)\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Template:
    """One real article: the headline, lede, paragraphs and length a synthetic one starts from."""

    outlet: int
    title: Text
    first: int  # its paragraphs are first..end-1 of Source.paragraphs
    end: int
    words: int  # whitespace-separated words of its body (the README's article length)
    dated: bool
    host: str
    related: int  # its group in Source.groups


@dataclass(frozen=True)
class Outlet:
    name: str
    source_json: bytes  # the "source" value as JSON


@dataclass
class Source:
    """The real corpus, loaded once (allsides: about 30 s and 1 GB)."""

    outlets: list[Outlet]
    templates: list[Template]
    groups: list[tuple[int, ...]]  # related templates (topics.groups)
    paragraphs: list[Text]
    paragraph_words: array  # whitespace words per paragraph (lengths)
    paragraph_tokens: array  # statistics words per paragraph (the vocabulary curve's n)
    title_tokens: array  # per template
    vocabulary: frozenset[str]  # every lowercase word of the real corpus
    curve: list[heaps.Point]  # the real vocabulary curve, in the CURVE_SEED order


@dataclass
class _Row:
    outlet: str
    line: int  # its place among the file's articles
    title: str
    first: int
    end: int
    words: int
    dated: bool
    host: str


def load(path: Path, protected: frozenset[str] = frozenset()) -> Source:
    """Read a JSON Lines corpus (id, title, body, source, date, url; gzip or plain).
    Words in `protected` (the query mix's) are never name slots."""
    records = sorted(_records(path), key=lambda r: r[:2])  # by outlet, then file order
    texts: list = []
    rows: list[_Row] = []
    for n, (outlet, line, title, body, date, url) in enumerate(records):
        records[n] = None  # the body is kept as paragraphs from here on
        paragraphs = [part for p in body.split("\n\n") if p.strip() for part in _split_long(p.strip())]
        paragraphs = paragraphs or [title]
        host = urlsplit(url).netloc or "news.example"
        rows.append(_Row(outlet, line, title, len(texts), len(texts) + len(paragraphs),
                         sum(len(p.split()) for p in paragraphs), bool(date), host))
        texts.extend(paragraphs)
    tokens, title_tokens, df, curve, repeats = _count(texts, rows)
    outlet_of = {name: n for n, name in enumerate(dict.fromkeys(row.outlet for row in rows))}
    groups, group_of = topics.groups(repeats, df, [outlet_of[row.outlet] for row in rows])
    ceiling = max(1, SLOT_MAX_SHARE * len(rows))
    rare = {word for word, n in df.items() if n <= ceiling and word not in protected}
    templates = [Template(outlet_of[row.outlet], with_slots(row.title, rare), row.first, row.end, row.words,
                          row.dated, row.host, group) for row, group in zip(rows, group_of)]
    words = array("I", (len(text.split()) for text in texts))
    for n, text in enumerate(texts):
        texts[n] = with_slots(text, rare)
    outlets = [Outlet(name, json.dumps(name, ensure_ascii=False).encode("utf-8")) for name in outlet_of]
    return Source(outlets, templates, groups, texts, words, tokens, title_tokens, frozenset(df), curve)


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph.split()) <= LONG_PARAGRAPH_WORDS:
        return [paragraph]
    parts, current = [], ""
    for sentence in _SENTENCE_END.sub(lambda m: m.group(1) + "\n", paragraph).split("\n"):
        current = f"{current} {sentence}" if current else sentence
        if len(current.split()) >= SPLIT_WORDS:
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def _records(path: Path) -> Iterator[tuple[str, int, str, str, str | None, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(line for line in handle if line.strip()):
            r = json.loads(line)
            yield (r.get("source") or "unknown", n, " ".join((r.get("title") or "").split()),
                   r.get("body") or "", r.get("date"), r.get("url") or "")


def _count(texts: list[str], rows: list[_Row]) -> tuple[array, array, Counter, list, list]:
    """Words per paragraph and title, document frequencies, the vocabulary curve over the
    articles in a fixed shuffled order (the file is sorted by URL: outlet by outlet), and
    the words each article repeats."""
    tokens, title_tokens = array("I", [0]) * len(texts), array("I", [0]) * len(rows)
    # The file's articles shuffled as bench.scale.measure.records shuffles them, so that the
    # statistics read the same curve: a fit over other orders moves beta by up to 0.01.
    order = list(range(len(rows)))
    random.Random(CURVE_SEED).shuffle(order)
    row_at = {row.line: n for n, row in enumerate(rows)}
    order = [row_at[line] for line in order]
    marks = set(heaps.checkpoints(len(rows))) | {m for m in _SMALL_MARKS if m < len(rows)}
    df: Counter[str] = Counter()
    repeats: list[dict[str, int]] = [{}] * len(rows)
    total, curve = 0, []
    for n, article in enumerate(order, 1):
        row = rows[article]
        seen = heaps.words(row.title)
        title_tokens[article] = len(seen)
        for p in range(row.first, row.end):
            found = heaps.words(texts[p])
            tokens[p] = len(found)
            seen += found
        total += len(seen)
        df.update(set(seen))
        repeats[article] = topics.repeated(seen)
        if n in marks:
            curve.append(heaps.Point(n, total, len(df)))
    return tokens, title_tokens, df, curve, repeats
