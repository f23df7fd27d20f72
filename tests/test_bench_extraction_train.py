"""The learned line classifier's labels and features (bench/extraction_train.py)."""

from bench.extraction_train import label_lines
from bench.line_features import line_features
from corpus.text.cleaning import Role, lay_out

TRUTH = "The court said on Monday that the bridge would be rebuilt.\n\nIt will open in May."


def test_a_paragraph_of_the_truth_is_body_and_furniture_is_not():
    lines = ["Home", "The court said on Monday that the bridge would be rebuilt.", "Share this article",
             "It will open in May."]
    labels, weights = label_lines(lines, TRUTH)
    assert labels == [0, 1, 0, 1]
    assert weights[1] > weights[0] > 0  # a paragraph weighs more than a menu entry


def test_a_short_piece_counts_when_it_runs_on_into_the_truth():
    # "The court" alone is in the truth only as the start of a sentence that goes on below.
    labels, _ = label_lines(["The court", "said on Monday that the bridge would be rebuilt."], TRUTH)
    assert labels == [1, 1]
    # "the" is in the truth, but not between these neighbours.
    labels, _ = label_lines(["Menu", "the", "Login"], TRUTH)
    assert labels == [0, 0, 0]


def test_a_line_mostly_outside_the_truth_is_not_body():
    labels, _ = label_lines(["The court said on Monday that it is closing all of its offices today."], TRUTH)
    assert labels == [0]


def test_every_line_gets_a_row_of_the_same_length():
    text = "\n".join([
        "Bridge to be rebuilt", "Home", "News", "Bridge to be rebuilt",
        "The court said on Monday that the bridge would be rebuilt after the flood.",
        "Work starts in spring and the first lane will open to traffic in May next year.",
        "Share", "Most read", "Another story about something else entirely",
    ])
    layout = lay_out(text)
    rows = line_features(layout)
    assert len(rows) == len(layout.page)
    assert len({len(row) for row in rows}) == 1
    body = [i for i, role in enumerate(layout.roles) if role is Role.BODY]
    assert body and all(rows[i][0] > rows[1][0] for i in body)  # paragraphs are longer than "Home"
