"""Ranking quality on the TIME test collection: the product's search against plain BM25.

    python -m bench ranking ../shared/corpora/time-ir [--no-baseline] [--no-cv]

The articles go through the product's own path: written as JSON Lines, read by the corpus
reader, indexed by `indexer.reindex` with the product's schema and analyzers; every query
is answered by `SearchService.search` exactly as the search box sends it. The baseline,
computed in the same run, is rank_bm25's BM25Okapi (k1=1.2, b=0.75) over NLTK's original
Porter stemmer and scikit-learn's English stop words, the setup the collection's README
reports (MAP 0.697, nDCG@10 0.759), which checks the metric code here too.

With 83 queries a difference of a point of nDCG@10 is within chance, so the product is also
compared with the baseline query by query: how many queries each ranks better, and a 95%
interval for the mean difference from a paired bootstrap over the queries. A change to
ranking earns its place when that interval moves clear of zero, not when the mean nudges up.

The product's ranking (indexer.search.ranking.PRODUCT_RANKING) is itself a choice among standard
models and parameters, and choosing on these 83 queries and scoring on them flatters the
choice. So the bench also cross-validates it (bench/crossval.py): the queries are split into
5 folds, 10 times over with seeded shuffles; for each fold the configuration with the best
nDCG@10 on the other folds is scored on that fold. Each family of candidates (BM25 k1 and b,
DFR In_expB2 c, the description cutoff and question words, all of them crossed) gets a row:
its out-of-sample scores, its paired difference from the product on the same queries, and
what choosing on all queries would pick, with that flattering in-sample score beside it.
A candidate replaces the product only when its family's cross-validated score beats the
product's and the paired difference is positive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import tempfile
from dataclasses import replace
from pathlib import Path
from statistics import median
from time import perf_counter
from typing import Any, Callable, Iterable

from bench.crossval import FOLDS, REPEATS, best_in_sample, cross_validate
from bench.tables import render
from indexer.search.ranking import PRODUCT_RANKING, Ranking

RANKED = 100  # hits kept per query (MAP counts relevant articles beyond this as missed)


def load(data: Path) -> tuple[list[dict], list[dict], dict[str, set[str]]]:
    with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    queries = [json.loads(line) for line in (data / "queries.jsonl").read_text("utf-8").splitlines() if line.strip()]
    qrels: dict[str, set[str]] = {}
    for line in (data / "qrels.tsv").read_text("utf-8").splitlines()[1:]:
        qid, doc, rel = line.split("\t")[:3]
        if int(rel) > 0:
            qrels.setdefault(qid, set()).add(doc)
    return docs, queries, qrels


def average_precision(ranking: list[str], relevant: set[str]) -> float:
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking, start=1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def ndcg(ranking: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], start=1) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def precision(ranking: list[str], relevant: set[str], k: int = 10) -> float:
    return sum(1 for doc in ranking[:k] if doc in relevant) / k


def evaluate(run: dict[str, list[str]], qrels: dict[str, set[str]]) -> tuple[float, float, float]:
    ids = sorted(qrels)
    n = len(ids)
    return (
        sum(average_precision(run.get(q, []), qrels[q]) for q in ids) / n,
        sum(ndcg(run.get(q, []), qrels[q]) for q in ids) / n,
        sum(precision(run.get(q, []), qrels[q]) for q in ids) / n,
    )


def per_query(run: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, tuple[float, float, float]]:
    """(AP, nDCG@10, P@10) of every judged query."""
    return {q: (average_precision(run.get(q, []), rel), ndcg(run.get(q, []), rel), precision(run.get(q, []), rel))
            for q, rel in sorted(qrels.items())}


def paired_difference(run: dict[str, list[str]], other: dict[str, list[str]], qrels: dict[str, set[str]],
                      resamples: int = 2000, seed: int = 0) -> tuple[float, float, float, int, int]:
    """nDCG@10 of `run` minus that of `other`, paired by query: the mean difference, a 95%
    bootstrap interval for it (queries resampled with replacement, fixed seed so a rerun
    prints the same), and how many queries `run` ranks better and worse."""
    ids = sorted(qrels)
    return paired_interval([ndcg(run.get(q, []), qrels[q]) - ndcg(other.get(q, []), qrels[q]) for q in ids],
                           resamples, seed)


def paired_interval(diffs: list[float], resamples: int = 2000, seed: int = 0) -> tuple[float, float, float, int, int]:
    """The mean of per-query differences, its 95% bootstrap interval, and the counts of
    queries above and below zero."""
    draw = random.Random(seed)
    means = sorted(sum(draw.choices(diffs, k=len(diffs))) / len(diffs) for _ in range(resamples))
    low, high = means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]
    better = sum(1 for d in diffs if d > 1e-12)
    worse = sum(1 for d in diffs if d < -1e-12)
    return sum(diffs) / len(diffs), low, high, better, worse


def product_run(docs: list[dict], queries: list[dict], workdir: Path,
                ranking: Ranking | None = None) -> tuple[dict[str, list[str]], Any]:
    """Index through the product and rank every query as the search box sends it."""
    from indexer import SearchService

    service = SearchService(index_collection(docs, workdir), ranking or PRODUCT_RANKING)
    return rank_all(service, queries), service


def index_collection(docs: list[dict], workdir: Path) -> Path:
    """The collection written as JSON Lines and indexed by the product's reindex."""
    from indexer import reindex

    feed = workdir / "time.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for doc in docs:
            # The id becomes the URL, so the hit's url names the collection's document.
            record = {"url": f"https://time.example/{doc['id']}", "title": doc.get("title") or "",
                      "body": doc["body"], "source": doc.get("source") or "TIME", "published": doc.get("date")}
            f.write(json.dumps(record) + "\n")
    index_dir = workdir / "index"
    reindex(index_dir, [feed], full=True)
    return index_dir


def rank_all(service: Any, queries: list[dict]) -> dict[str, list[str]]:
    from indexer import SearchRequest

    run = {}
    for query in queries:
        result = service.search(SearchRequest(q=query["text"], per_page=RANKED))
        run[query["id"]] = [hit.url.rsplit("/", 1)[1] for hit in result.hits if hit.url]
    return run


def latencies(service: Any, queries: list[dict]) -> dict[str, list[float]]:
    """Milliseconds per query kind, each query of the collection turned into each kind."""
    from indexer import SearchRequest

    times: dict[str, list[float]] = {}

    def timed(kind: str, request: SearchRequest) -> None:
        started = perf_counter()
        service.search(request)
        times.setdefault(kind, []).append((perf_counter() - started) * 1000)

    for query in queries:
        words = query["text"].split()
        timed(f"long query, {RANKED} per page", SearchRequest(q=query["text"], per_page=RANKED))
        timed("long query, 10 per page", SearchRequest(q=query["text"]))
        timed("two words", SearchRequest(q=" ".join(words[:2])))
        timed("quoted phrase", SearchRequest(q=f'"{" ".join(words[:2])}"'))
        timed("prefix*", SearchRequest(q=words[0][:3] + "*"))
        timed("fuzzy~", SearchRequest(q=words[0] + "~"))
        timed("three words OR'd", SearchRequest(q=" OR ".join(words[:3]).lower().replace(" or ", " OR ")))
        timed("recency boost", SearchRequest(q=" ".join(words[:3]), recency=True))
        timed("show all copies", SearchRequest(q=" ".join(words[:3]), collapse=False))
    return times


def baseline_run(docs: list[dict], queries: list[dict]) -> dict[str, list[str]]:
    import re

    from nltk.stem.porter import PorterStemmer
    from rank_bm25 import BM25Okapi
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stemmer = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)

    def tokens(text: str) -> list[str]:
        return [stemmer.stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in ENGLISH_STOP_WORDS]

    bm25 = BM25Okapi([tokens(d["body"]) for d in docs], k1=1.2, b=0.75)
    ids = [d["id"] for d in docs]
    run = {}
    for query in queries:
        scores = bm25.get_scores(tokens(query["text"]))
        order = sorted((i for i in range(len(ids)) if scores[i] > 0), key=lambda i: -scores[i])
        run[query["id"]] = [ids[i] for i in order[:RANKED]]
    return run


# The candidates the product may choose among: standard models over a coarse grid of their
# usual parameters, and the two query-reading choices. Nothing here knows TIME's content.
BM25_K1 = (0.9, 1.2, 1.5, 2.0)
BM25_B = (0.5, 0.75, 0.9)
DFR_C = (0.5, 1.0, 2.0, 4.0, 7.0)
DESCRIPTION_WORDS = (3, 6, 9)


def scorings() -> list[Ranking]:
    """Every model with its parameters, read as the product reads queries."""
    return ([Ranking("bm25", k1=k1, b=b) for k1 in BM25_K1 for b in BM25_B]
            + [Ranking("in_expb2", c=c) for c in DFR_C])


def readings(scoring: Ranking) -> list[Ranking]:
    """`scoring` with each description cutoff, question words left out or kept."""
    return [replace(scoring, description_words=n, drop_question_words=drop)
            for n in DESCRIPTION_WORDS for drop in (True, False)]


def families() -> list[tuple[str, list[Ranking]]]:
    """The choices cross-validated, each with the product's own configuration listed first,
    so that a challenger has to beat it on the training folds, not tie with it."""
    def led(options: list[Ranking]) -> list[Ranking]:
        return [PRODUCT_RANKING, *(r for r in options if r != PRODUCT_RANKING)]

    return [
        ("the product as is (no choice)", [PRODUCT_RANKING]),
        (f"BM25 k1 x b ({len(BM25_K1)} x {len(BM25_B)}), or the product",
         led([r for r in scorings() if r.model == "bm25"])),
        (f"In_expB2 c ({len(DFR_C)}), or the product", led([r for r in scorings() if r.model == "in_expb2"])),
        ("the product's model, description cutoff x question words", led(readings(PRODUCT_RANKING))),
        ("all of the above combined", led([r for s in scorings() for r in readings(s)])),
    ]


def candidate_runs(index_dir: Path, queries: list[dict], rankings: Iterable[Ranking]) -> dict[Ranking, dict[str, list[str]]]:
    """Every query ranked under every configuration, through the product's search.

    A query's answer depends on the configuration only through the weighting model and the
    query it is read as, so a query read the same way under two description cutoffs is run
    once per model: the grid costs a few models' worth of searches, not one per cutoff."""
    from indexer import SearchRequest, SearchService
    from indexer.search.query import build_query

    runs: dict[Ranking, dict[str, list[str]]] = {}
    answers: dict[tuple, list[str]] = {}
    for ranking in rankings:
        scoring = replace(ranking, description_words=0, drop_question_words=False)  # the model alone
        service = SearchService(index_dir, ranking)
        with service.store.open().searcher() as searcher:
            described = {q["id"]: build_query(searcher, q["text"], ranking).description for q in queries}
        run = {}
        for query in queries:
            key = (scoring, described[query["id"]], ranking.drop_question_words, query["id"])
            if key not in answers:
                result = service.search(SearchRequest(q=query["text"], per_page=RANKED))
                answers[key] = [hit.url.rsplit("/", 1)[1] for hit in result.hits if hit.url]
            run[query["id"]] = answers[key]
        runs[ranking] = run
    return runs


def cv_rows(runs: dict[Ranking, dict[str, list[str]]], qrels: dict[str, set[str]]) -> list[list[object]]:
    """One row per family: the cross-validated scores of choosing within it, the paired
    nDCG@10 difference from the product on the same queries, what choosing on all the
    queries would pick (and its flattering in-sample score), and what the folds chose."""
    scores = {r: per_query(run, qrels) for r, run in runs.items()}
    product = scores[PRODUCT_RANKING]
    table = []
    for name, family in families():
        within = {r: scores[r] for r in family}
        cv = cross_validate(within, by=1)
        mean, low, high, better, worse = paired_interval([cv.held_out[q][1] - product[q][1] for q in product])
        best = best_in_sample(within, by=1)
        in_sample = sum(s[1] for s in within[best].values()) / len(product)
        top, count = cv.chosen.most_common(1)[0]
        table.append([name, len(family), *cv.means(), f"{mean:+.3f} ({low:+.3f} to {high:+.3f})",
                      f"{better}/{worse}", f"{best.label()}: {in_sample:.3f}",
                      f"{top.label()} ({count} of {sum(cv.chosen.values())})"])
    return table


CV_HEADERS = ["choosing among", "configs", "CV MAP", "CV nDCG@10", "CV P@10",
              "CV minus product, nDCG@10 (95%)", "better/worse", "best on all queries (in-sample nDCG@10)",
              "chosen most often by the folds"]


def rows(systems: Iterable[tuple[str, Callable[[], dict[str, list[str]]]]], qrels: dict[str, set[str]]) -> list[list[object]]:
    table = []
    for name, make in systems:
        map_, ndcg10, p10 = evaluate(make(), qrels)
        table.append([name, map_, ndcg10, p10])
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ranking", description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the time-ir folder (docs.jsonl.gz, queries.jsonl, qrels.tsv)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the rank_bm25 baseline")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated choice of configuration")
    args = parser.parse_args(argv)
    docs, queries, qrels = load(args.data)
    print(f"{len(docs)} articles, {len(queries)} queries, {sum(map(len, qrels.values()))} judgments")
    with tempfile.TemporaryDirectory() as tmp:
        run, service = product_run(docs, queries, Path(tmp))
        times = latencies(service, queries)
        everything = families()[-1][1]
        runs = {} if args.no_cv else candidate_runs(service.store.root, queries, everything)
    table = [["newsdesk (product query handling)", *evaluate(run, qrels)]]
    baseline = None if args.no_baseline else baseline_run(docs, queries)
    if baseline is not None:
        table.append(["BM25Okapi + Porter + stopwords (rank_bm25)", *evaluate(baseline, qrels)])
    print(render(["system", "MAP", "nDCG@10", "P@10"], table))
    if baseline is not None:
        mean, low, high, better, worse = paired_difference(run, baseline, qrels)
        print(f"\nnDCG@10, product minus baseline, paired by query: {mean:+.3f} "
              f"(95% bootstrap interval {low:+.3f} to {high:+.3f}); "
              f"{better} queries ranked better, {worse} worse, {len(qrels) - better - worse} the same")
    if runs:
        print(f"\nCross-validated choice of configuration ({FOLDS} folds of the queries x {REPEATS} seeded "
              f"shuffles; each fold's configuration is the best nDCG@10 on the other folds, scored on the "
              f"held-out fold; product: {PRODUCT_RANKING.label()}):")
        print(render(CV_HEADERS, cv_rows(runs, qrels)))
        print("The product's own row is in-sample when its configuration was itself chosen on these queries "
              "(as it was, by this procedure): the last row's CV score is the out-of-sample estimate.")
    print()
    print(render(
        ["query kind (product, reused searcher)", "queries", "median", "slowest"],
        [[kind, len(ms), f"{median(ms):.1f} ms", f"{max(ms):.1f} ms"] for kind, ms in times.items()],
    ))
    return 0
