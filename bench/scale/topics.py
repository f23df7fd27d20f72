"""Related articles: real articles grouped by the topical word they repeat most, so that an
article built from several keeps one subject (and its words stay as concentrated as in news)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

# A topical word repeats in its article and is in a small share of articles: "filibuster",
# "ukraine", "wall", not "said" nor a name mentioned once.
MIN_REPEATS = 3
MIN_ARTICLES = 5
MAX_SHARE = 0.03
# A topic shared by fewer articles is no group: articles made from one template (tens of them
# at scale) would keep drawing the same few related articles, and overlap like copies.
MIN_GROUP = 200
# Outlets with fewer articles than this are no group of their own: an article of theirs with
# no topical word borrows from the whole corpus.
MIN_OUTLET_ARTICLES = 20


def repeated(words: list[str]) -> dict[str, int]:
    """The words an article repeats, with their counts: its candidate topical words."""
    return {word: n for word, n in Counter(words).items() if n >= MIN_REPEATS and word.isalpha()}


def topic(counts: dict[str, int], df: dict[str, int], articles: int) -> str | None:
    """The article's topical word: the most repeated of those in few enough articles."""
    ceiling = max(MIN_ARTICLES, MAX_SHARE * articles)
    eligible = [(n, -df[word], word) for word, n in counts.items() if MIN_ARTICLES <= df[word] <= ceiling]
    return max(eligible)[2] if eligible else None


def groups(topics: Sequence[str | None], outlets: Sequence[int]) -> tuple[list[tuple[int, ...]], list[int]]:
    """Groups of related articles, and each article's group: those sharing its topical word,
    else those of its outlet, else (a small outlet's) all articles."""
    by_topic: dict[str, list[int]] = {}
    by_outlet: dict[int, list[int]] = {}
    for n, (word, outlet) in enumerate(zip(topics, outlets)):
        if word is not None:
            by_topic.setdefault(word, []).append(n)
        by_outlet.setdefault(outlet, []).append(n)
    found: list[tuple[int, ...]] = [tuple(range(len(topics)))]
    index: dict[tuple[str, object], int] = {}
    group_of = []
    for word, outlet in zip(topics, outlets):
        if word is not None and len(by_topic[word]) >= MIN_GROUP:
            key, members = ("topic", word), by_topic[word]
        elif len(by_outlet[outlet]) >= MIN_OUTLET_ARTICLES:
            key, members = ("outlet", outlet), by_outlet[outlet]
        else:
            group_of.append(0)
            continue
        if key not in index:
            index[key] = len(found)
            found.append(tuple(members))
        group_of.append(index[key])
    return found, group_of
