"""Deterministic synthetic corpora for tests that need thousands of articles."""

import json
import random
from datetime import date, timedelta

_SYLLABLES = "ka lo mi ne su ta ri vo pe da gu zi ho ba ce fu".split()


def vocabulary(size=1500, seed=7):
    """`size` distinct made-up words ("kalomi"), the same every run."""
    rng = random.Random(seed)
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))))
    return sorted(words)


def write_feed(path, count, marker, *, seed=1, outlets=12):
    """A JSON Lines export of `count` articles, each with the word `marker` in its body.

    URLs are unique per marker, so two feeds with different markers share no article.
    Returns the path.
    """
    rng = random.Random(seed)
    words = vocabulary()
    first_day = date(2024, 1, 1)
    with open(path, "w", encoding="utf-8") as feed:
        for n in range(count):
            paragraphs = [" ".join(rng.choices(words, k=40)).capitalize() + "." for _ in range(3)]
            paragraphs[1] += f" {marker.capitalize()} reports follow."
            record = {
                "title": " ".join(rng.choices(words, k=6)).capitalize(),
                "body": "\n\n".join(paragraphs),
                "url": f"https://{marker}.example.org/{n}",
                "source": f"Outlet {n % outlets}",
                "date": (first_day + timedelta(days=n % 365)).isoformat(),
            }
            feed.write(json.dumps(record) + "\n")
    return path


# Few words, so that every query matches many articles and phrases recur.
WORDS = "senate vote budget troops border court ruling election storm flood market tariff".split()
SOURCES = ["Alpha News", "Beta Post", "Gamma Wire", ""]


def write_export(path, count, seed):
    """`count` articles of random words from WORDS, from SOURCES (one empty), 80% dated."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            dated = rng.random() < 0.8
            handle.write(json.dumps({
                "title": " ".join(rng.choices(WORDS, k=4)),
                "body": " ".join(rng.choices(WORDS, k=30)),
                "source": rng.choice(SOURCES),
                "date": f"20{rng.randint(18, 20)}-{rng.randint(1, 12):02d}-03" if dated else None,
                "url": f"https://news.example/{path.stem}/{n}",
            }) + "\n")
