"""The scale corpus: N news-like articles made from a real corpus, written as a stream.

Each original article takes a real article as its template (so outlets, hosts, undated share
and lengths follow the real ones): its headline and lede, about a third of its other paragraphs,
then runs of paragraphs from related real articles (sharing its topical word, topics.py) up to
the template's length. Where a real text is used again, its rare names are renamed: to newly
coined names as fast as the real vocabulary curve asks (vocabulary.Target), otherwise to
earlier coined names by popularity (vocabulary.Names). About 6% of the articles are wire copies of a
recent article under another outlet (wire.py). Dates run from 2012 to 2026 with the corpus.

The same source, N and seed give the same bytes: one seeded generator draws everything, in order.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.perf.pages import MIX
from bench.scale import heaps
from bench.scale.article import Article
from bench.scale.source import Outlet, Source, Template, load
from bench.scale.text import names_in, renamed
from bench.scale.vocabulary import Names, Target, Vocabulary
from bench.scale.wire import Wire

FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2026, 12, 31)
# Share of the template's own paragraphs an article keeps, and the most of its length one run
# of a related article may fill. Each further source mixed in spreads words over more articles
# (the query mix matches 1.1 to 1.5 times as many as on the real corpus); more of the template makes
# the tens of articles drawn from one template at scale fold as copies of each other (newsdesk
# folds from half the text shared): 0.35 leaves about 1% of them folded at 27 per template.
KEEP_OWN = 0.35
RUN_SHARE = 0.5
_RUNS = 20
_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Written:
    """What a run wrote."""

    articles: int
    copies: int
    coined: int
    tokens: int


def make(real: Path, out: Path, articles: int, seed: int = 0) -> Written:
    """Read the real corpus at `real` and write `articles` articles to `out` (see write)."""
    return write(load(real, mix_words()), out, articles, seed)


def mix_words() -> frozenset[str]:
    """The words of the perf query mix: never renamed, so its queries match as on real news."""
    return frozenset(word for query in MIX for word in heaps.words(query.q))


def generate(source: Source, articles: int, seed: int = 0) -> Iterator[Article]:
    """The corpus's articles in order (their dates rise with it)."""
    return Run(source, articles, seed).articles()


def write(source: Source, out: Path, articles: int, seed: int = 0) -> Written:
    """Write the corpus to `out`: gzip level 1 for a name ending in .gz, else plain JSON Lines.
    The gzip header carries no name or time, so equal runs give equal files."""
    out.parent.mkdir(parents=True, exist_ok=True)
    run, copies = Run(source, articles, seed), 0
    with open(out, "wb") as raw:
        sink = gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=raw, mtime=0) \
            if out.suffix == ".gz" else raw
        with sink:
            chunk, size = [], 0
            for article in run.articles():
                line = article.line()
                chunk.append(line)
                size += len(line)
                copies += article.copy_of is not None
                if size >= _CHUNK_BYTES:
                    sink.write(b"".join(chunk))
                    chunk, size = [], 0
            sink.write(b"".join(chunk))
    return Written(articles, copies, len(run.names.forms), run.tokens)


class Run:
    """One run: the names coined, the words written, the recent articles for wire copies."""

    def __init__(self, source: Source, articles: int, seed: int) -> None:
        self.source, self.count = source, articles
        self.rng = random.Random(seed)
        self.names = Names(self.rng, source.vocabulary)
        self.vocabulary = Vocabulary(source)
        self.target = Target(source.curve, heaps.fit(heaps.tail(source.curve)))
        self.wire = Wire(self.rng, LAST_DAY)
        self.tokens = 0

    def articles(self) -> Iterator[Article]:
        source, rng = self.source, self.rng
        order = _templates(rng, len(source.templates))
        span = (LAST_DAY - FIRST_DAY).days + 1
        for number in range(self.count):
            if self.wire.due():
                article = self.wire.copy(number, lambda: _outlet(source, rng.choice(source.templates)))
            else:
                day = FIRST_DAY + timedelta(days=int(span * (number + rng.random()) / self.count))
                article = self.original(number, next(order), day)
                self.wire.remember(article)
            self.tokens += article.tokens
            yield article

    def original(self, number: int, template: int, day: date) -> Article:
        source, t = self.source, self.source.templates[template]
        chosen = self._paragraphs(template)
        tokens = source.title_tokens[template] + sum(source.paragraph_tokens[p] for p in chosen)
        texts = [t.title, *(source.paragraphs[p] for p in chosen)]
        fresh = [self.vocabulary.add_title(template), *map(self.vocabulary.add_paragraph, chosen)]
        # Names are kept where a real text is used for the first time; where it is used again
        # they are renamed, so that a real name stays as rare as it was.
        kept = {name for text, first in zip(texts, fresh) if first for name in names_in(text)}
        found = list(dict.fromkeys(name for text in texts for name in names_in(text) if name not in kept))
        self.vocabulary.add_names(list(kept))
        lagging = self.target(self.tokens + tokens) - self.vocabulary.size(len(self.names.forms))
        mapping = self.names.rename(found, max(0, int(lagging)))
        self.vocabulary.add_names([name for name in found if name not in mapping])
        title, *paragraphs = (renamed(text, mapping) for text in texts)
        return Article(number, title, tuple(paragraphs), source.outlets[t.outlet], t.host,
                       day if t.dated else None, tokens)

    def _paragraphs(self, template: int) -> list[int]:
        """The lede, about a third of the template's further paragraphs (in order), then runs
        of paragraphs of related articles until the template's length in words."""
        source, rng, t = self.source, self.rng, self.source.templates[template]
        chosen = [t.first] + [p for p in range(t.first + 1, t.end) if rng.random() < KEEP_OWN]
        words = sum(source.paragraph_words[p] for p in chosen)
        taken = set(chosen)
        related = source.groups[t.related]
        for _ in range(_RUNS):
            if words >= t.words:
                break
            other = source.templates[related[int(rng.random() * len(related))]]
            if other is t:
                continue
            # A run from a random paragraph on (the lede excepted): the related story's middle,
            # at most RUN_SHARE of the length, so that no article is mostly another's text.
            start = other.first + 1 + int(rng.random() * (other.end - other.first - 1))
            stop = min(t.words, words + int(RUN_SHARE * t.words))
            for p in range(start, other.end):
                if p in taken:  # a related article drawn twice
                    continue
                chosen.append(p)
                taken.add(p)
                words += source.paragraph_words[p]
                if words >= stop:
                    break
        return chosen


def _templates(rng: random.Random, count: int) -> Iterator[int]:
    """Every template once per round, in a new order each round: all are used evenly."""
    while True:
        order = list(range(count))
        rng.shuffle(order)
        yield from order


def _outlet(source: Source, template: Template) -> tuple[Outlet, str]:
    """An outlet drawn as often as it has articles, and the host of one of them."""
    return source.outlets[template.outlet], template.host
