"""The extraction quality gate: newsdesk's F1 on the benchmark's dev pages must not drop.

Like trafilatura's evaluation gate: the scores reached are pinned, minus a small margin for
harmless shifts, and any change that cleans worse fails here. Reads ../shared/bench/extraction
and ../shared/bench/wceb-l3s-dev beside the checkout, and skips when they are absent (a user's
clone has no such data); the WCEB set's scorer also needs NLTK and its punkt_tab model (the
bench extra).
"""

import gzip
import json
from pathlib import Path

import pytest

from bench.extraction import load_pages, newsdesk_html, newsdesk_text
from bench.extraction_sets import open_benchmark
from bench.shingles import PageScore, score_corpus, score_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
DATA = SHARED / "extraction"
WCEB = SHARED / "wceb-l3s-dev"
# F1 reached on the dev pages when these were pinned (see `python -m bench extraction`).
PINNED_F1 = {"html": 0.973, "text": 0.960}
PINNED_WCEB_F1 = {"html": 0.954, "text": 0.938}
MARGIN = 0.003

needs_data = pytest.mark.skipif(
    not (DATA / "ground-truth-dev.json").is_file(), reason="no benchmark data beside the checkout"
)


def _has_punkt() -> bool:
    try:
        import nltk

        nltk.sent_tokenize("One. Two.")
    except (ImportError, LookupError):
        return False
    return True


@pytest.fixture(scope="module")
def pages():
    return load_pages(DATA)


@needs_data
@pytest.mark.parametrize("mode, extractor", [("html", newsdesk_html), ("text", newsdesk_text)])
def test_f1_does_not_drop(pages, mode, extractor):
    results = extractor(pages)
    scores = [score_page(page.truth, body) for page, (body, _) in zip(pages, results)]
    corpus = score_corpus(scores)
    assert corpus.empty == 0
    assert corpus.f1 >= PINNED_F1[mode] - MARGIN, f"{mode} F1 fell to {corpus.f1:.3f}"


@pytest.fixture(scope="module")
def wceb():
    if not (WCEB / "score.py").is_file() or not _has_punkt():
        pytest.skip("no WCEB data beside the checkout, or no NLTK punkt_tab model")
    return open_benchmark(WCEB)


@pytest.mark.parametrize("mode, extractor", [("html", newsdesk_html), ("text", newsdesk_text)])
def test_wceb_f1_does_not_drop(wceb, mode, extractor):
    assert wceb.kind == "WCEB" and wceb.with_headline
    results = extractor(wceb.pages, headline=True)
    score = wceb.combine([wceb.score_page(p.truth, text) for p, (text, _) in zip(wceb.pages, results)])
    assert score.f1 >= PINNED_WCEB_F1[mode] - MARGIN, f"WCEB {mode} F1 fell to {score.f1:.3f}"


def test_a_folder_is_read_in_its_format(tmp_path):
    (tmp_path / "html").mkdir()
    page = b"<html><body><h1>Rain</h1><p>It rained all day in the valley, and the river rose.</p></body></html>"
    (tmp_path / "html" / "a1.html.gz").write_bytes(gzip.compress(page))
    (tmp_path / "ground-truth-dev.json").write_text(json.dumps(
        {"a1": {"articleBody": "It rained all day in the valley, and the river rose.", "url": "https://x.test/a"}}))
    benchmark = open_benchmark(tmp_path)
    assert (benchmark.kind, benchmark.with_headline, [p.id for p in benchmark.pages]) == ("AEB", False, ["a1"])
    (text, _), = newsdesk_html(benchmark.pages)
    assert benchmark.combine([benchmark.score_page(benchmark.pages[0].truth, text)]).f1 == 1.0
    (tmp_path / "ground-truth-dev.json").unlink()
    with pytest.raises(ValueError, match="neither"):
        open_benchmark(tmp_path)


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


def test_newsdesk_is_scored_on_its_text_as_read(tmp_path):
    # Subheadings are marked paragraphs in the product; the benchmarks score them as plain text.
    (tmp_path / "html").mkdir()
    story = "It rained all day in the valley, and the river rose above the old stone bridge."
    page = f"<html><body><article><p>{story}</p><h2>The flood</h2><p>{story}</p></article></body></html>"
    (tmp_path / "html" / "a1.html.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "ground-truth-dev.json").write_text(json.dumps({"a1": {"articleBody": "", "url": ""}}))
    (text, _), = newsdesk_html(open_benchmark(tmp_path).pages)
    assert text == f"{story}\n\nThe flood\n\n{story}"
