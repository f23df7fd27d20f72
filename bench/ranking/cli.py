"""Ranking quality on test collections: the product's search against plain BM25.

    python -m bench ranking PATH/time-ir PATH/cisi-ir PATH/cran-ir [--no-baseline] [--no-cv]
    python -m bench ranking PATH/cisi-ir --no-cv --latency PATH/articles.jsonl.gz

Each PATH is a collection in the time-ir layout (bench/ranking/relevance.py). For each, one
table: the product (indexed and searched through its own path, bench/ranking/runs.py) with
the BM25 baseline computed in the same run, and the nDCG@10 difference from that baseline
query by query with a 95% paired bootstrap interval (a point of nDCG is within chance on a
hundred queries: a change earns its place when the interval moves clear of zero). A last
line combines the collections: the mean of their nDCG@10, and the worst margin over BM25.

The cross-validation (bench/ranking/grid.py) chooses one configuration for all collections
together. `--latency` indexes the first `--articles` articles of a news corpus and times
query kinds on it, the collections' long questions as 50-word descriptions among them.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.ranking.grid import CV_NOTE, candidate_runs, chosen_families, cv_headers, cv_rows
from bench.ranking.relevance import Collection, collection, evaluate, paired_difference
from bench.ranking.runs import (
    LATENCY_HEADERS,
    baseline_run,
    index_collection,
    latencies,
    latency_rows,
    rank_all,
)
from bench.tables import render, verdict
from indexer.search.ranking import PRODUCT_RANKING

P50_TARGET_MS = 100.0  # 50-word descriptions over 10,000 articles (issue 20)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ranking", description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="+",
                        help="collection folders in the time-ir layout (docs.jsonl.gz, queries.jsonl, qrels.tsv)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the rank_bm25 baseline")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated choice of configuration")
    parser.add_argument("--cv-only", metavar="FAMILY",
                        help="cross-validate only the families whose name starts with this (title, BM25, ...)")
    parser.add_argument("--latency", type=Path, metavar="CORPUS",
                        help="time query kinds over the first --articles articles of this news corpus")
    parser.add_argument("--articles", type=int, default=10_000, help="articles indexed for --latency")
    args = parser.parse_args(argv)
    collections = [collection(path) for path in args.data]
    combined = []
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for c in collections:
            print(c.summary())
            workdir = Path(tmp) / c.name
            workdir.mkdir()
            index_dir = index_collection(c.docs, workdir)
            from indexer import SearchService

            run = rank_all(SearchService(index_dir, PRODUCT_RANKING), c.queries)
            baseline = None if args.no_baseline else baseline_run(c.docs, c.queries)
            combined.append(_table(c, run, baseline))
            if not args.no_cv:
                candidates = dict.fromkeys(r for _, family in chosen_families(args.cv_only) for r in family)
                runs[c.name] = candidate_runs(index_dir, c.queries, candidates)
        _combined(combined, with_baseline=not args.no_baseline)
        if runs:
            print(f"\nCross-validated choice of one configuration for all collections ({CV_NOTE}; "
                  f"product: {PRODUCT_RANKING.label()}):")
            print(render(cv_headers(collections), cv_rows(collections, runs, args.cv_only)))
        if args.latency:
            _latency(args.latency, args.articles, collections, Path(tmp))
    return 0


def _table(c: Collection, run: dict[str, list[str]], baseline: dict[str, list[str]] | None) -> tuple[float, ...]:
    product = evaluate(run, c.qrels)
    table = [["newsdesk (product query handling)", *product]]
    if baseline is not None:
        table.append(["BM25Okapi + Porter + stopwords (rank_bm25)", *evaluate(baseline, c.qrels)])
    print(render([c.name, "MAP", "nDCG@10", "P@10"], table))
    if baseline is None:
        return (product[1],)
    mean, low, high, better, worse = paired_difference(run, baseline, c.qrels)
    print(f"nDCG@10, product minus baseline, paired by query: {mean:+.3f} "
          f"(95% bootstrap interval {low:+.3f} to {high:+.3f}); "
          f"{better} queries ranked better, {worse} worse, {len(c.qrels) - better - worse} the same\n")
    return product[1], evaluate(baseline, c.qrels)[1]


def _combined(scores: list[tuple[float, ...]], with_baseline: bool) -> None:
    mean = sum(s[0] for s in scores) / len(scores)
    if not with_baseline:
        print(f"combined: nDCG@10 mean over {len(scores)} collections {mean:.3f}")
        return
    bm25 = sum(s[1] for s in scores) / len(scores)
    worst = min(s[0] - s[1] for s in scores)
    print(f"combined: nDCG@10 mean over {len(scores)} collections {mean:.3f}, BM25 {bm25:.3f}; "
          f"worst margin over BM25 {worst:+.3f} {verdict(worst >= 0)}")


def _latency(corpus: Path, articles: int, collections: list[Collection], tmp: Path) -> None:
    import gzip
    import itertools

    from indexer import SearchService, reindex

    folder = tmp / "latency"
    folder.mkdir()
    feed = folder / "slice.jsonl"
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as f, feed.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice((line for line in f if line.strip()), articles))
    reindex(folder / "index", [feed], full=True)
    service = SearchService(folder / "index", PRODUCT_RANKING)
    times = latencies(service, [q for c in collections for q in c.queries])
    print(f"\nLatency over the first {articles:,} articles of {corpus.name} "
          f"(the collections' queries; {len(times)} kinds):")
    print(render(LATENCY_HEADERS, latency_rows(times)))
    from statistics import median

    described = next((ms for kind, ms in times.items() if kind.startswith("description")), [])
    if described:
        p50 = median(described)
        print(f"50-word descriptions: p50 {p50:.1f} ms, target at most {P50_TARGET_MS:.0f} ms "
              f"{verdict(p50 <= P50_TARGET_MS)}")
