"""Cross-validated choice of a ranking configuration (bench/crossval.py), on made-up scores."""

import random

import pytest

from bench.crossval import best_in_sample, cross_validate, folds

QUERIES = [f"q{n:02d}" for n in range(40)]


def test_folds_deal_every_query_once_and_depend_on_the_seed():
    dealt = folds(QUERIES, 5, seed=3)
    assert sorted(q for fold in dealt for q in fold) == QUERIES
    assert {len(fold) for fold in dealt} == {8}
    assert dealt == folds(list(reversed(QUERIES)), 5, seed=3)  # the order given does not matter
    assert dealt != folds(QUERIES, 5, seed=4)


def test_a_candidate_better_on_every_query_is_always_chosen():
    scores = {"product": {q: (0.5, 0.5) for q in QUERIES}, "better": {q: (0.4, 0.6) for q in QUERIES}}
    cv = cross_validate(scores, by=1, k=5, repeats=3)
    assert cv.chosen == {"better": 15}
    assert cv.held_out == {q: pytest.approx(s) for q, s in scores["better"].items()}
    assert cv.means() == pytest.approx((0.4, 0.6))


def test_ties_stay_with_the_candidate_listed_first():
    scores = {"product": {q: (0.5,) for q in QUERIES}, "same": {q: (0.5,) for q in QUERIES}}
    assert cross_validate(scores, by=0).chosen == {"product": 50}
    assert best_in_sample(scores, by=0) == "product"


def test_choosing_among_noise_scores_worse_out_of_sample_than_in_sample():
    # Thirty candidates that are the product plus noise: the best of them on all queries
    # looks better than the product, out of sample the choice is worth nothing.
    draw = random.Random(0)
    product = {q: (draw.random(),) for q in QUERIES}
    scores = {"product": product}
    for n in range(30):
        scores[f"noise{n}"] = {q: (s[0] + draw.gauss(0, 0.2),) for q, s in product.items()}

    def mean(per_query):
        return sum(s[0] for s in per_query.values()) / len(per_query)

    best = best_in_sample(scores, by=0)
    cv = cross_validate(scores, by=0)
    assert best != "product" and mean(scores[best]) > mean(product) + 0.03
    assert cv.means()[0] < mean(scores[best]) - 0.03
