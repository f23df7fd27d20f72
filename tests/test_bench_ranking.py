"""Pinned ranking quality on the TIME test collection (skipped without the shared corpora)."""

from pathlib import Path

import pytest

from bench.ranking import evaluate, load, product_run

TIME_IR = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "time-ir"

# What the product reached when this was pinned (python -m bench ranking ../shared/corpora/time-ir):
# MAP 0.708, nDCG@10 0.769, P@10 0.294; plain BM25 in the same run: 0.697, 0.759, 0.293.
PINNED = {"MAP": 0.705, "nDCG@10": 0.766, "P@10": 0.290}


@pytest.mark.skipif(not TIME_IR.is_dir(), reason="the TIME collection (../shared/corpora/time-ir) is absent")
def test_ranking_quality_does_not_drop(tmp_path):
    docs, queries, qrels = load(TIME_IR)
    run, _ = product_run(docs, queries, tmp_path)
    scores = dict(zip(("MAP", "nDCG@10", "P@10"), evaluate(run, qrels)))
    for name, floor in PINNED.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f} (pinned at {floor})"
