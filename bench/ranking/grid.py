"""Cross-validated choice of the product's ranking over several collections together.

The product's ranking (indexer.search.ranking.PRODUCT_RANKING) is a choice among standard
models and parameters, and choosing on the dev queries and scoring on them flatters the
choice. So the queries of every collection given are pooled and split into 5 folds, 10 times
over with seeded shuffles; for each fold the configuration with the best nDCG@10 on the other
folds is scored on that fold. A query weighs 1/(its collection's queries) in the choice, so
that each collection counts alike (CRAN's 225 queries would otherwise outvote TIME's 83): one
configuration for all, never one per collection. Each family of candidates gets a row: its
out-of-sample scores (the mean over collections), its paired difference from the product on
the same queries, and what choosing on all queries would pick, with that flattering
in-sample score beside it. A candidate replaces the product only when its family's
cross-validated score beats the product's and the paired difference is positive.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from bench.crossval import FOLDS, REPEATS, best_in_sample, cross_validate
from bench.ranking.relevance import Collection, paired_interval, per_query
from bench.ranking.runs import RANKED
from indexer.search.ranking import PRODUCT_RANKING, Ranking

# The candidates: standard models over a coarse grid of their usual parameters, the weight of
# a title match, and the description cutoff. Nothing here knows a collection's content.
BM25_K1 = (0.9, 1.2)
BM25_B = (0.5, 0.75)
DFR_C = (0.5, 1.0, 2.0, 4.0)
TITLE_WEIGHTS = (0.05, 0.1, 0.25, 0.5)
DESCRIPTION_WORDS = (3, 6, 9)


def scorings() -> list[Ranking]:
    """Every model with its parameters, at the product's title weight and reading."""
    return ([replace(PRODUCT_RANKING, model="bm25", k1=k1, b=b) for k1 in BM25_K1 for b in BM25_B]
            + [replace(PRODUCT_RANKING, model="in_expb2", c=c) for c in DFR_C])


def titled(rankings: Iterable[Ranking]) -> list[Ranking]:
    return [replace(r, title_weight=w) for r in rankings for w in TITLE_WEIGHTS]


def readings(rankings: Iterable[Ranking]) -> list[Ranking]:
    return [replace(r, description_words=n) for r in rankings for n in DESCRIPTION_WORDS]


def families() -> list[tuple[str, list[Ranking]]]:
    """The choices cross-validated, each with the product's own configuration listed first,
    so that a challenger has to beat it on the training folds, not tie with it."""
    def led(options: list[Ranking]) -> list[Ranking]:
        return [PRODUCT_RANKING, *(r for r in dict.fromkeys(options) if r != PRODUCT_RANKING)]

    bm25 = [r for r in scorings() if r.model == "bm25"]
    dfr = [r for r in scorings() if r.model == "in_expb2"]
    return [
        ("the product as is (no choice)", [PRODUCT_RANKING]),
        (f"BM25 k1 x b ({len(BM25_K1)} x {len(BM25_B)})", led(bm25)),
        (f"In_expB2 c ({len(DFR_C)})", led(dfr)),
        (f"title weight ({len(TITLE_WEIGHTS)})", led(titled([PRODUCT_RANKING]))),
        (f"description cutoff ({len(DESCRIPTION_WORDS)})", led(readings([PRODUCT_RANKING]))),
        ("all of the above combined", led(readings(titled(scorings())))),
    ]


def candidate_runs(index_dir: Path, queries: list[dict],
                   rankings: Iterable[Ranking]) -> dict[Ranking, dict[str, list[str]]]:
    """Every query ranked under every configuration, through the product's search.

    A query's answer depends on the description cutoff only through whether it is read as a
    description, so a query read the same way under two cutoffs is searched once: the grid
    costs a few readings' worth of searches, not one per cutoff."""
    from indexer import SearchRequest, SearchService
    from indexer.search.query import build_query

    runs: dict[Ranking, dict[str, list[str]]] = {}
    answers: dict[tuple, list[str]] = {}
    for ranking in rankings:
        scoring = replace(ranking, description_words=0)  # everything but the cutoff
        service = SearchService(index_dir, ranking)
        with service.store.open().searcher() as searcher:
            described = {q["id"]: build_query(searcher, q["text"], ranking).description for q in queries}
        run = {}
        for query in queries:
            key = (scoring, described[query["id"]], query["id"])
            if key not in answers:
                result = service.search(SearchRequest(q=query["text"], per_page=RANKED))
                answers[key] = [hit.url.rsplit("/", 1)[1] for hit in result.hits if hit.url]
            run[query["id"]] = answers[key]
        runs[ranking] = run
    return runs


def pooled(collections: list[Collection], runs: dict[str, dict[Ranking, dict[str, list[str]]]]
           ) -> tuple[dict[Ranking, dict[str, tuple[float, ...]]], dict[str, float]]:
    """Per-query scores of every configuration over all collections (ids "name:query"), and
    each query's weight in the choice: 1/(its collection's queries)."""
    scores: dict[Ranking, dict[str, tuple[float, ...]]] = {}
    weights: dict[str, float] = {}
    for c in collections:
        for ranking, run in runs[c.name].items():
            scores.setdefault(ranking, {}).update(
                {f"{c.name}:{q}": s for q, s in per_query(run, c.qrels).items()})
        weights.update({f"{c.name}:{q}": 1 / len(c.qrels) for q in c.qrels})
    return scores, weights


def chosen_families(only: str | None = None) -> list[tuple[str, list[Ranking]]]:
    """The families to cross-validate: all, or the product and those whose name starts
    with `only` ("title": the title weights alone, a few minutes instead of most of an hour)."""
    found = families()
    return found if only is None else [found[0], *(f for f in found[1:] if f[0].startswith(only))]


def cv_rows(collections: list[Collection], runs: dict[str, dict[Ranking, dict[str, list[str]]]],
            only: str | None = None) -> list[list[object]]:
    """One row per family: cross-validated nDCG@10 per collection and their mean, the paired
    difference from the product, and what the folds and the whole set would choose."""
    scores, weights = pooled(collections, runs)
    product = scores[PRODUCT_RANKING]
    table = []
    for name, family in chosen_families(only):
        within = {r: scores[r] for r in family}
        cv = cross_validate(within, by=1, weights=weights)
        per = [_mean(cv.held_out, c.name, 1) for c in collections]
        # Weighted so that their plain mean is the mean over collections.
        diffs = [(cv.held_out[q][1] - product[q][1]) * weights[q] * len(product) / len(collections)
                 for q in product]
        mean, low, high, better, worse = paired_interval(diffs)
        best = best_in_sample(within, by=1, weights=weights)
        in_sample = sum(within[best][q][1] * weights[q] for q in product) / len(collections)
        top, count = cv.chosen.most_common(1)[0]
        table.append([name, len(family), *per, sum(per) / len(per), f"{mean:+.3f} ({low:+.3f} to {high:+.3f})",
                      f"{better}/{worse}", f"{best.label()}: {in_sample:.3f}",
                      f"{top.label()} ({count} of {sum(cv.chosen.values())})"])
    return table


def _mean(held_out: dict[str, tuple[float, ...]], name: str, by: int) -> float:
    mine = [s[by] for q, s in held_out.items() if q.startswith(f"{name}:")]
    return sum(mine) / len(mine)


def cv_headers(collections: list[Collection]) -> list[str]:
    return ["choosing among", "configs", *(f"CV nDCG@10 {c.name}" for c in collections), "CV mean",
            "CV minus product (95%)", "better/worse", "best on all queries (in-sample mean)",
            "chosen most often by the folds"]


CV_NOTE = (f"{FOLDS} folds of the pooled queries x {REPEATS} seeded shuffles; each fold's configuration is "
           "the best weighted nDCG@10 on the other folds, scored on the held-out fold")
