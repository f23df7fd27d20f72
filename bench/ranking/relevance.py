"""A test collection in the time-ir layout, and the relevance measures scored on it.

A collection is a folder of `docs.jsonl.gz` (id, title, body, ...), `queries.jsonl` (id, text)
and `qrels.tsv` (a header, then query id, document id, grade). Grades above 0 are relevant;
they are the gains of nDCG (as trec_eval's ndcg_cut_10 reads them: linear, so CRAN's graded
judgments count 4 for a complete answer and 1 for minimum interest); binary collections
grade every judgment 1. MAP and P@10 count every grade above 0 alike.
"""

from __future__ import annotations

import gzip
import json
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

Grades = Mapping[str, int]  # document id -> grade, for one query
Run = Mapping[str, list[str]]  # query id -> ranked document ids


@dataclass
class Collection:
    name: str
    docs: list[dict]
    queries: list[dict]
    qrels: dict[str, dict[str, int]]  # query id -> {document id: grade > 0}

    def summary(self) -> str:
        graded = "graded" if any(g > 1 for rel in self.qrels.values() for g in rel.values()) else "binary"
        return (f"{self.name}: {len(self.docs)} articles, {len(self.queries)} queries, "
                f"{sum(map(len, self.qrels.values()))} {graded} judgments")


def load(data: Path) -> tuple[list[dict], list[dict], dict[str, dict[str, int]]]:
    with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    queries = [json.loads(line) for line in (data / "queries.jsonl").read_text("utf-8").splitlines() if line.strip()]
    qrels: dict[str, dict[str, int]] = {}
    for line in (data / "qrels.tsv").read_text("utf-8").splitlines()[1:]:
        qid, doc, rel = line.split("\t")[:3]
        if int(rel) > 0:
            qrels.setdefault(qid, {})[doc] = int(rel)
    return docs, queries, qrels


def collection(data: Path) -> Collection:
    docs, queries, qrels = load(data)
    return Collection(data.resolve().name, docs, queries, qrels)


def _graded(relevant: Grades | set[str]) -> Grades:
    return relevant if isinstance(relevant, Mapping) else dict.fromkeys(relevant, 1)


def average_precision(ranking: list[str], relevant: Grades | set[str]) -> float:
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking, start=1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def ndcg(ranking: list[str], relevant: Grades | set[str], k: int = 10) -> float:
    grades = _graded(relevant)
    dcg = sum(grades.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], start=1))
    best = sorted(grades.values(), reverse=True)[:k]
    ideal = sum(g / math.log2(rank + 1) for rank, g in enumerate(best, start=1))
    return dcg / ideal if ideal else 0.0


def precision(ranking: list[str], relevant: Grades | set[str], k: int = 10) -> float:
    return sum(1 for doc in ranking[:k] if doc in relevant) / k


def per_query(run: Run, qrels: Mapping[str, Grades | set[str]]) -> dict[str, tuple[float, float, float]]:
    """(AP, nDCG@10, P@10) of every judged query."""
    return {q: (average_precision(run.get(q, []), rel), ndcg(run.get(q, []), rel), precision(run.get(q, []), rel))
            for q, rel in sorted(qrels.items())}


def evaluate(run: Run, qrels: Mapping[str, Grades | set[str]]) -> tuple[float, float, float]:
    """Mean AP, nDCG@10 and P@10 over the judged queries."""
    scores = list(per_query(run, qrels).values())
    return tuple(sum(col) / len(scores) for col in zip(*scores))  # type: ignore[return-value]


def paired_difference(run: Run, other: Run, qrels: Mapping[str, Grades | set[str]],
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
