"""Wire copy: an earlier article run again by another outlet under its own headline, lightly edited."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from datetime import date, timedelta

from bench.scale.article import Article
from bench.scale.source import Outlet
from bench.scale.text import escaped, plain

# Share of articles that are copies. Syndicated wire stories are a large part of what news
# sites publish; 6% keeps them visible without drowning the outlets' own articles.
WIRE_SHARE = 0.06
# Copies are of recent articles: a wire story runs within days.
RECENT_ORIGINALS = 2_000
LATEST_DELAY_DAYS = 2
_TRIES = 100
# Lines an outlet adds under a wire story (only common words, so they add no vocabulary).
TAGLINES = (
    "The Associated Press contributed to this report.",
    "This story has been updated with additional information.",
    "This article was originally published by a partner news service.",
    "Reporting by staff writers; editing by the news desk.",
)


class Wire:
    """The recent original articles, and copies made of them."""

    def __init__(self, rng: random.Random, last_day: date) -> None:
        self._rng = rng
        self._last_day = last_day
        self._recent: deque[Article] = deque(maxlen=RECENT_ORIGINALS)

    def remember(self, article: Article) -> None:
        self._recent.append(article)

    def due(self) -> bool:
        """Whether the next article is a copy (never before there is something to copy)."""
        return bool(self._recent) and self._rng.random() < WIRE_SHARE

    def copy(self, number: int, draw_outlet: Callable[[], tuple[Outlet, str]]) -> Article:
        """A copy of a recent article under another outlet (and host) than the original's, as
        `draw_outlet` picks them: a new headline, and the last paragraph cut or a line added."""
        original = self._recent[int(self._rng.random() * len(self._recent))]
        for _ in range(_TRIES):  # only a corpus of one outlet runs out
            outlet, host = draw_outlet()
            if outlet is not original.outlet:
                break
        paragraphs = list(original.paragraphs)
        cut, add = self._rng.choice(((True, False), (False, True), (True, True)))
        if cut and len(paragraphs) >= 3:
            paragraphs.pop()
        if add or len(paragraphs) == len(original.paragraphs):
            paragraphs.append(escaped(self._rng.choice(TAGLINES)))
        published = original.published
        if published:
            delay = timedelta(days=self._rng.randint(0, LATEST_DELAY_DAYS))
            published = min(self._last_day, published + delay)
        return Article(number, self._headline(original.title), tuple(paragraphs), outlet, host,
                       published, original.tokens, copy_of=original.number)

    def _headline(self, title: bytes) -> bytes:
        """The same story's headline as another desk writes it: a word dropped, recased."""
        words = plain(title).split()
        if len(words) >= 5:
            del words[1 + int(self._rng.random() * (len(words) - 1))]
        title_case = sum(w[:1].isupper() for w in words) > len(words) / 2
        if title_case:
            words = [words[0]] + [w.lower() if w[1:].islower() else w for w in words[1:]]
        else:
            words = [w[:1].upper() + w[1:] if len(w) > 3 else w for w in words]
        new = " ".join(words)
        return escaped(new if new != plain(title) else "Report: " + new)
