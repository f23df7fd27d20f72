"""Query-level k-fold cross-validation of a choice among ranking configurations.

Choosing a model or a parameter on the same queries it is then scored on flatters it: the
best of many candidates is partly the luckiest. Here the choice is made as the product
would make it (the best mean nDCG@10), but for each fold only on the other folds' queries,
and the chosen configuration is scored on the held-out fold alone. Repeating the split over
several seeded shuffles smooths the luck of one split. The result is an out-of-sample
estimate of "the product's way of choosing its ranking", per query, so it can be compared
with the product's own configuration query by query.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

FOLDS = 5
REPEATS = 10


@dataclass
class CrossValidated:
    """Held-out scores per query (each metric averaged over the repeats) and how often
    each candidate was the one chosen (out of folds x repeats)."""

    held_out: dict[str, tuple[float, ...]]
    chosen: Counter

    def means(self) -> tuple[float, ...]:
        rows = list(self.held_out.values())
        return tuple(sum(col) / len(rows) for col in zip(*rows))


def folds(ids: Sequence[str], k: int, seed: int) -> list[list[str]]:
    """`ids` shuffled with `seed` and dealt into k folds of sizes differing by at most one."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::k] for i in range(k)]


def cross_validate(scores: Mapping[Hashable, Mapping[str, Sequence[float]]], by: int,
                   k: int = FOLDS, repeats: int = REPEATS,
                   weights: Mapping[str, float] | None = None) -> CrossValidated:
    """`scores[candidate][query]` holds that candidate's metrics on that query; metric `by`
    decides, each query counting by its weight (1 without `weights`: with queries of several
    collections, 1/queries of its collection makes every collection count alike). Ties go to
    the candidate listed first (list the current product first, so a challenger must beat
    it, not equal it)."""
    candidates = list(scores)
    ids = sorted(scores[candidates[0]])
    weight = weights or dict.fromkeys(ids, 1.0)
    totals: dict[str, list[float]] = {q: [0.0] * len(scores[candidates[0]][q]) for q in ids}
    chosen: Counter = Counter()
    for seed in range(repeats):
        for held in folds(ids, k, seed):
            held_set = set(held)
            train = [q for q in ids if q not in held_set]
            best = max(candidates, key=lambda c: (sum(weight[q] * scores[c][q][by] for q in train),
                                                   -candidates.index(c)))
            chosen[best] += 1
            for q in held:
                totals[q] = [t + s for t, s in zip(totals[q], scores[best][q])]
    return CrossValidated({q: tuple(t / repeats for t in totals[q]) for q in ids}, chosen)


def best_in_sample(scores: Mapping[Hashable, Mapping[str, Sequence[float]]], by: int,
                   weights: Mapping[str, float] | None = None) -> Hashable:
    """The candidate with the best (weighted) mean on every query: what choosing on the test
    set picks."""
    candidates = list(scores)
    return max(candidates, key=lambda c: (sum((weights[q] if weights else 1.0) * s[by] for q, s in scores[c].items()),
                                          -candidates.index(c)))
