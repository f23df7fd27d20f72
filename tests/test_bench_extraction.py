"""The extraction quality gate: newsdesk's F1 on the benchmark's dev pages must not drop.

Like trafilatura's evaluation gate: the scores reached are pinned, minus a small margin for
harmless shifts, and any change that cleans worse fails here. Reads ../shared/bench/extraction
beside the checkout, and skips when it is absent (a user's clone has no such data).
"""

from pathlib import Path

import pytest

from bench.extraction import load_pages, newsdesk_html, newsdesk_text
from bench.shingles import PageScore, score_corpus, score_page

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "extraction"
# F1 reached on the dev pages when these were pinned (see `python -m bench extraction`).
PINNED_F1 = {"html": 0.970, "text": 0.918}
MARGIN = 0.003

pytestmark = pytest.mark.skipif(
    not (DATA / "ground-truth-dev.json").is_file(), reason="no benchmark data beside the checkout"
)


@pytest.fixture(scope="module")
def pages():
    return load_pages(DATA)


@pytest.mark.parametrize("mode, extractor", [("html", newsdesk_html), ("text", newsdesk_text)])
def test_f1_does_not_drop(pages, mode, extractor):
    results = extractor(pages)
    scores = [score_page(page.truth, body) for page, (body, _) in zip(pages, results)]
    corpus = score_corpus(scores)
    assert corpus.empty == 0
    assert corpus.f1 >= PINNED_F1[mode] - MARGIN, f"{mode} F1 fell to {corpus.f1:.3f}"


def test_the_metric_matches_the_readme():
    # 5 true tokens give 2 shingles; the prediction's 5 shingles hit one of them once.
    score = score_page("a b c d e", "a, b. c d a b c d")
    assert score == PageScore(precision=1 / 5, recall=1 / 2)
    assert score_page("a b", "a b") == PageScore(1.0, 1.0)  # short texts are one shingle
    assert score_page("", "") == PageScore(1.0, 1.0)
    assert score_page("a b", "").precision is None
    # Corpus P averages pages with output only; an empty output costs recall alone.
    corpus = score_corpus([PageScore(1.0, 1.0), PageScore(None, 0.0)])
    assert (corpus.precision, corpus.recall, corpus.empty) == (1.0, 0.5, 1)
    assert corpus.f1 == pytest.approx(2 / 3)
