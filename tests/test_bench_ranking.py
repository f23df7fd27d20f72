"""Pinned ranking quality on the TIME test collection (skipped without the shared corpora), and
the relevance measures of bench/ranking."""

import gzip
import math
from pathlib import Path

import pytest

from bench.ranking import evaluate, load, ndcg, paired_difference, product_run

TIME_IR = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "time-ir"

# What the product reached when this was pinned (python -m bench ranking ../shared/corpora/time-ir),
# with In_expB2 c=1, title weight 0.1 and untitled articles' opening words as their headline
# (schema version 5): MAP 0.738, nDCG@10 0.793, P@10 0.301 (0.721, 0.774, 0.294 before);
# plain BM25 in the same run: 0.697, 0.759, 0.293.
PINNED = {"MAP": 0.735, "nDCG@10": 0.790, "P@10": 0.298}


@pytest.mark.skipif(not TIME_IR.is_dir(), reason="the TIME collection (../shared/corpora/time-ir) is absent")
def test_ranking_quality_does_not_drop(tmp_path):
    docs, queries, qrels = load(TIME_IR)
    run, _ = product_run(docs, queries, tmp_path)
    scores = dict(zip(("MAP", "nDCG@10", "P@10"), evaluate(run, qrels)))
    for name, floor in PINNED.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f} (pinned at {floor})"


QRELS = {str(q): {f"rel{q}"} for q in range(1, 21)}
FOUND = {q: [next(iter(rel)), "other"] for q, rel in QRELS.items()}  # the relevant article first
MISSED = {q: ["other"] for q in QRELS}


def test_paired_difference_of_a_run_with_itself_is_exactly_zero():
    assert paired_difference(FOUND, FOUND, QRELS) == (0.0, 0.0, 0.0, 0, 0)


def test_paired_difference_counts_queries_and_brackets_the_mean():
    # Better on 12 queries (nDCG 1 against 0), worse on 3, the same on 5.
    mixed = {q: FOUND[q] if int(q) <= 12 else MISSED[q] for q in QRELS}
    other = {q: MISSED[q] if int(q) <= 12 else (FOUND[q] if int(q) <= 15 else MISSED[q]) for q in QRELS}
    mean, low, high, better, worse = paired_difference(mixed, other, QRELS)
    assert (better, worse) == (12, 3)
    assert mean == (12 - 3) / 20
    assert -1 < low < mean < high < 1
    assert low > 0  # 12 wins against 3 losses is clear of chance
    assert paired_difference(mixed, other, QRELS) == (mean, low, high, better, worse)  # same seed, same interval


def test_the_grid_shortcut_gives_what_each_configuration_searched_alone_gives(sample_index):
    # candidate_runs runs a query once per model and query reading, not once per configuration.
    from bench.ranking import candidate_runs, rank_all
    from indexer import SearchService
    from indexer.search.ranking import Ranking

    queries = [{"id": str(n), "text": text} for n, text in enumerate([
        "Kursk", "Laos troops", "Thongloun Kursk Laos troops",
        "what did the president of laos say about sending troops to kursk",
        "troops sent to Kursk by the president of Laos"])]
    rankings = [Ranking(model, c=2.0, description_words=n, drop_question_words=drop)
                for model in ("bm25", "in_expb2") for n in (3, 6, 9) for drop in (True, False)]
    runs = candidate_runs(sample_index, queries, rankings)
    for ranking in rankings:
        assert runs[ranking] == rank_all(SearchService(sample_index, ranking), queries), ranking.label()
    assert len({tuple(map(tuple, run.values())) for run in runs.values()}) > 2  # the choices matter


def test_graded_ndcg_uses_the_grades_as_gains():
    grades = {"complete": 4, "background": 1}
    assert ndcg(["complete", "background"], grades) == 1.0
    # The ideal puts the 4 first: 4 + 1/log2(3); the swapped order scores 1 + 4/log2(3).
    swapped = ndcg(["background", "complete"], grades)
    assert swapped == pytest.approx((1 + 4 / math.log2(3)) / (4 + 1 / math.log2(3)))
    assert ndcg(["background", "complete"], {"complete", "background"}) == 1.0  # binary: order of the two is moot


def test_a_collection_keeps_its_grades_and_leaves_out_the_judged_irrelevant(tmp_path):
    (tmp_path / "queries.jsonl").write_text('{"id": "1", "text": "shock waves"}\n', "utf-8")
    (tmp_path / "qrels.tsv").write_text("query_id\tdoc_id\trelevance\n1\t7\t3\n1\t8\t0\n1\t9\t1\n", "utf-8")
    with gzip.open(tmp_path / "docs.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write('{"id": "7", "title": "Shock", "body": "waves"}\n')
    docs, queries, qrels = load(tmp_path)
    assert qrels == {"1": {"7": 3, "9": 1}}
    assert [d["id"] for d in docs] == ["7"] and queries == [{"id": "1", "text": "shock waves"}]
