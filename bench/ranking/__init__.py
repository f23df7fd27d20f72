"""`python -m bench ranking`: ranking quality on test collections against BM25 (bench/ranking/cli.py)."""

from bench.ranking.cli import main
from bench.ranking.grid import candidate_runs
from bench.ranking.relevance import evaluate, load, ndcg, paired_difference, per_query
from bench.ranking.runs import baseline_run, index_collection, product_run, rank_all

__all__ = ["baseline_run", "candidate_runs", "evaluate", "index_collection", "load", "main", "ndcg",
           "paired_difference", "per_query", "product_run", "rank_all"]
