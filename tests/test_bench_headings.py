"""`python -m bench headings`: the subheading rule scored against labels."""

from pathlib import Path

import pytest

from bench.headings import main, page_headings, samples

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "extraction"


def test_every_labelled_sample_heading_is_marked_and_nothing_else():
    count = samples()
    assert (count.marked_right, count.marked_wrong, count.missed) == (17, 0, 0)


def test_a_page_heading_counts_only_inside_the_true_article():
    page = (b"<html><body><h2>Latest news</h2><article><h2>What comes next</h2><p><b>Costs rise</b></p>"
            b"<p>The <b>bill</b> is large.</p></article></body></html>")
    truth = "What comes next\nCosts rise\nThe bill is large."
    assert page_headings(page, truth) == {"what comes next", "costs rise"}


@pytest.mark.skipif(not (DATA / "ground-truth-dev.json").is_file(),
                    reason="no benchmark data beside the checkout")
def test_the_table_scores_the_benchmark_pages(capsys):
    assert main([str(DATA)]) == 0
    table = capsys.readouterr().out
    assert "| bundled samples (gold.json)      |       17 |     17 |    17 |     1.000 |  1.000 |" in table
    assert "benchmark pages, article lines" in table
