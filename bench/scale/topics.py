"""Related articles: for each real article, the articles that also repeat its topical word, so
that an article built from several keeps one subject (its words stay as concentrated as in news)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

# A topical word repeats in an article and is in a small share of articles: "filibuster",
# "ukraine", "wall", not "said" nor a name mentioned once.
MIN_REPEATS = 3
MAX_SHARE = 0.03
# A topic repeated in fewer articles is no group: articles made from one template (tens of them
# at scale) would keep drawing the same few related articles, and overlap like copies.
MIN_GROUP = 100
# Outlets with fewer articles than this are no group of their own: an article of theirs with
# no topical word borrows from the whole corpus.
MIN_OUTLET_ARTICLES = 20


def repeated(words: list[str]) -> dict[str, int]:
    """The words an article repeats, with their counts: its candidate topical words."""
    return {word: n for word, n in Counter(words).items() if n >= MIN_REPEATS and word.isalpha()}


def groups(repeats: Sequence[dict[str, int]], df: dict[str, int],
           outlets: Sequence[int]) -> tuple[list[tuple[int, ...]], list[int]]:
    """Groups of related articles, and each article's group: the articles repeating its
    topical word (the word it repeats most of those repeated in MIN_GROUP articles or more,
    and in few enough articles at all), else those of its outlet, else all articles."""
    ceiling = MAX_SHARE * len(repeats)
    by_word: dict[str, list[int]] = {}
    for n, counts in enumerate(repeats):
        for word in counts:
            if df[word] <= ceiling:
                by_word.setdefault(word, []).append(n)
    by_outlet: dict[int, list[int]] = {}
    for n, outlet in enumerate(outlets):
        by_outlet.setdefault(outlet, []).append(n)
    found: list[tuple[int, ...]] = [tuple(range(len(repeats)))]
    index: dict[tuple[str, object], int] = {}
    group_of = []
    for counts, outlet in zip(repeats, outlets):
        topical = [(n, -len(by_word[word]), word) for word, n in counts.items()
                   if len(by_word.get(word, ())) >= MIN_GROUP]
        if topical:
            word = max(topical)[2]
            key, members = ("topic", word), by_word[word]
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
