"""A learned line classifier for flattened text, measured out of sample against the rules.

    python -m bench extraction-train DATA_PATH [--folds 5] [--model gbdt|logreg]

Each line of each flattened page (after newsdesk's own rules have laid the page out) is
labelled from the true article body: body when most of its 4-token shingles are in the truth
(a line of fewer than four tokens: when it is a whole paragraph of the truth, or its tokens
run on into a neighbour's inside the truth). A classifier over `bench.line_features` (the
rules' decision among them) then keeps or drops every line.

Scores use the benchmark's exact metric (bench.shingles) on the text-mode input of
`python -m bench extraction`, and every learned score is out of sample:
- "k-fold CV": each page is cleaned by a model trained on the other folds; folds are grouped
  by source, so no site is trained and tested on at once;
- "68 -> 17": a model trained on the pages outside the unseen split, scored on the split.
The rules' own rows are repeated for comparison; on every page but the unseen split they
were hand-tuned, so their dev row is partly in sample. The last line gives the learned
model's gain over the rules on the unseen split with its bootstrap spread (paired, pages
resampled 1,000 times), which says whether a difference on 17 pages means anything.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.extraction import Page, load_pages
from bench.line_features import line_features
from bench.shingles import CorpusScore, PageScore, score_corpus, score_page
from bench.tables import render
from corpus.metadata import source_from_url
from corpus.repeats import find_repeated_lines
from corpus.text.cleaning import PageLayout, Role, assemble, lay_out

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
# A line is body when at least this share of its shingles is in the true body.
MIN_SHARE = 0.5
BOOTSTRAP_SAMPLES = 1000


@dataclass
class Sample:
    """One page's lines as the rules laid them out, their features, labels and weights."""

    page: Page
    source: str | None
    layout: PageLayout
    rows: list[list[float]]
    labels: list[int]
    weights: list[float]


def label_lines(lines: list[str], truth: str) -> tuple[list[int], list[float]]:
    """(label, weight) per line: 1 when the line belongs to the true body.

    The weight is about what the line costs or earns in shingles (its tokens plus the shingles
    that cross into its neighbours), so long paragraphs count for more than menu entries.
    """
    true = _TOKEN.findall(truth)
    grams = {n: {tuple(true[i:i + n]) for i in range(len(true) - n + 1)} for n in range(1, SHINGLE + 1)}
    paragraphs = {tuple(_TOKEN.findall(p)) for p in truth.split("\n")}
    tokens = [_TOKEN.findall(line) for line in lines]
    labels, weights = [], []
    for index, own in enumerate(tokens):
        count = len(own)
        if count >= SHINGLE:
            shingles = [tuple(own[i:i + SHINGLE]) for i in range(count - SHINGLE + 1)]
            body = sum(s in grams[SHINGLE] for s in shingles) >= MIN_SHARE * len(shingles)
        elif count:
            body = tuple(own) in paragraphs or (
                tuple(own) in grams[count] and _runs_on(tokens, index, grams[SHINGLE]))
        else:
            body = False
        labels.append(int(body))
        weights.append(count + SHINGLE - 1.0 if count else 0.0)
    return labels, weights


def _runs_on(tokens: list[list[str]], index: int, shingles: set[tuple[str, ...]]) -> bool:
    """Whether a short line's tokens form a true shingle with the tokens before or after it."""
    own, need = tokens[index], SHINGLE - len(tokens[index])
    before = [t for line in tokens[max(0, index - need):index] for t in line][-need:]
    after = [t for line in tokens[index + 1:index + 1 + need] for t in line][:need]
    return (len(before) == need and tuple(before + own) in shingles) or (
        len(after) == need and tuple(own + after) in shingles)


def build_samples(pages: list[Page]) -> list[Sample]:
    """Every page laid out by the rules (with its source's repeated lines), featured and labelled."""
    groups: dict[str | None, list[Page]] = defaultdict(list)
    for page in pages:
        groups[source_from_url(page.url)].append(page)
    repeated = {key: find_repeated_lines(p.text for p in group) for key, group in groups.items()}
    samples = []
    for page in pages:
        source = source_from_url(page.url)
        layout = lay_out(page.text, url=page.url, repeated=repeated[source])
        labels, weights = label_lines(layout.page, page.truth)
        samples.append(Sample(page, source, layout, line_features(layout, repeated[source]), labels, weights))
    return samples


def make_model(kind: str):
    if kind == "logreg":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))
    from sklearn.ensemble import GradientBoostingClassifier

    # Small on purpose: 50 trees of depth 3 would be a few nested ifs each in plain Python.
    return GradientBoostingClassifier(n_estimators=50, max_depth=3, learning_rate=0.2, subsample=0.8,
                                      random_state=0)


def train(kind: str, samples: list[Sample]):
    rows = [row for s in samples for row in s.rows]
    labels = [y for s in samples for y in s.labels]
    weights = [w for s in samples for w in s.weights]
    model = make_model(kind)
    step = model.steps[-1][0] + "__" if hasattr(model, "steps") else ""
    model.fit(rows, labels, **{step + "sample_weight": weights})
    return model


def clean_with(model, sample: Sample) -> str:
    """The body the model keeps: the lines it calls body, in page order."""
    keep = model.predict(sample.rows) if sample.rows else []
    return assemble(sample.layout, [Role.BODY if k else Role.REMOVED for k in keep]).body


def cross_validate(kind: str, samples: list[Sample], folds: int) -> list[PageScore]:
    """Each page's score from a model trained on the folds without it (folds grouped by source)."""
    from sklearn.model_selection import GroupKFold

    scores: list[PageScore | None] = [None] * len(samples)
    groups = [s.source or s.page.id for s in samples]
    for train_at, test_at in GroupKFold(n_splits=folds).split(samples, groups=groups):
        model = train(kind, [samples[i] for i in train_at])
        for i in test_at:
            scores[i] = score_page(samples[i].page.truth, clean_with(model, samples[i]))
    return scores  # type: ignore[return-value]


def paired_gain(ours: list[PageScore], theirs: list[PageScore]) -> tuple[float, float]:
    """Mean and spread of the F1 gain of `ours` over `theirs`, over bootstrap resamples of pages."""
    rng = random.Random(0)
    gains = []
    for _ in range(BOOTSTRAP_SAMPLES):
        chosen = [rng.randrange(len(ours)) for _ in ours]
        gains.append(score_corpus(ours[i] for i in chosen).f1 - score_corpus(theirs[i] for i in chosen).f1)
    mean = sum(gains) / len(gains)
    return mean, (sum((g - mean) ** 2 for g in gains) / len(gains)) ** 0.5


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extraction-train", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="folder with html/ and ground-truth-dev.json")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument("--model", choices=("gbdt", "logreg"), default="gbdt",
                        help="gradient-boosted trees (default) or logistic regression")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth-dev.json").is_file():
        parser.error(f"no ground-truth-dev.json in {args.data}")
    samples = build_samples(load_pages(args.data))
    unseen = [i for i, s in enumerate(samples) if s.page.unseen]
    tuned = [i for i, s in enumerate(samples) if not s.page.unseen]
    rules = [score_page(s.page.truth, assemble(s.layout, s.layout.roles).body) for s in samples]
    learned = cross_validate(args.model, samples, args.folds)
    model = train(args.model, [samples[i] for i in tuned])
    held = [score_page(samples[i].page.truth, clean_with(model, samples[i])) for i in unseen]
    oracle = [score_page(s.page.truth, assemble(s.layout, [Role.BODY if y else Role.REMOVED for y in s.labels])
                         .body) for s in samples]

    def row(pages: str, who: str, scores: list[PageScore]) -> tuple:
        corpus: CorpusScore = score_corpus(scores)
        return ("text", pages, who, corpus.precision, corpus.recall, corpus.f1, corpus.empty)

    def pick(scores: list[PageScore], at: list[int]) -> list[PageScore]:
        return [scores[i] for i in at]

    everything = list(range(len(samples)))
    cv = f"newsdesk + {args.model}, {args.folds}-fold CV"
    rows = [
        row(f"dev ({len(samples)})", "newsdesk rules", rules),
        row(f"tuned ({len(tuned)})", "newsdesk rules", pick(rules, tuned)),
        row(f"unseen ({len(unseen)})", "newsdesk rules", pick(rules, unseen)),
        row(f"dev ({len(samples)})", cv, pick(learned, everything)),
        row(f"tuned ({len(tuned)})", cv, pick(learned, tuned)),
        row(f"unseen ({len(unseen)})", cv, pick(learned, unseen)),
        row(f"unseen ({len(unseen)})", f"newsdesk + {args.model}, trained on {len(tuned)}", held),
        row(f"dev ({len(samples)})", "line labels (ceiling)", oracle),
    ]
    print(render(("input", "pages", "extractor", "P", "R", "F1", "empty"), rows))
    mean, spread = paired_gain(pick(learned, unseen), pick(rules, unseen))
    print(f"\nCV gain over the rules on the unseen pages: {mean:+.3f} F1 (bootstrap sd {spread:.3f}); "
          f"on all pages: {paired_gain(learned, rules)[0]:+.3f}")
    return 0
