"""The extraction benchmarks' folders: their pages, their truth, and each one's own metric.

Two formats, told apart by the files in the folder:
- article-extraction-benchmark (AEB): `html/<id>.html.gz` and `ground-truth-dev.json`; the truth
  leaves out the headline; scored with 4-token shingles, F1 of mean P and mean R (bench.shingles);
- WCEB (for example L3S-GN1): `html/<id>.html.gz`, `ground-truth.jsonl` and the set's own scorer
  `score.py` (ROUGE-LSum, the WCEB paper's metric); the truth holds the headline; the set's
  score is the mean of the per-page F1.

Both READMEs describe their folder. Every page also belongs to a split: "unseen" pages (the
first hex digit of sha256(id) is 0-4) were never looked at while tuning newsdesk's extraction.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from bench.shingles import score_corpus, score_page

# Pages held back from tuning: the first hex digit of sha256(id) is one of these.
UNSEEN_DIGITS = "01234"


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, raw bytes, flattened text and the true main text."""

    id: str
    url: str
    data: bytes
    text: str
    truth: str

    @property
    def unseen(self) -> bool:
        return is_unseen(self.id)

    @property
    def html(self) -> str:
        """The page as a string, the way both benchmarks hand it to extractors (UTF-8)."""
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class SetScore:
    """A set's precision, recall and F1 by its own metric, and how many outputs were empty."""

    precision: float
    recall: float
    f1: float
    empty: int


@dataclass(frozen=True)
class Benchmark:
    """A folder's pages and its metric: a score per page, then the set's score from those."""

    kind: str  # "AEB" or "WCEB"
    pages: list[Page]
    score_page: Callable[[str, str], object]  # (truth, output) -> a page score
    combine: Callable[[Sequence[object]], SetScore]
    with_headline: bool  # whether the truth starts with the headline


def is_unseen(page_id: str) -> bool:
    """Whether the page belongs to the split never used for tuning."""
    return hashlib.sha256(page_id.encode("utf-8")).hexdigest()[0] in UNSEEN_DIGITS


def flatten(data: bytes) -> str:
    """Whole-page text, one visible string per line: the text-mode input."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # XHTML pages, read as HTML
        return BeautifulSoup(data, "lxml").get_text("\n")


def open_benchmark(root: Path) -> Benchmark:
    """The benchmark in `root`, by its files; ValueError when it is neither format."""
    if (root / "ground-truth-dev.json").is_file():
        return Benchmark("AEB", load_pages(root), score_page, _combine_shingles, with_headline=False)
    if (root / "ground-truth.jsonl").is_file() and (root / "score.py").is_file():
        scorer = _load_scorer(root / "score.py")
        return Benchmark("WCEB", _load_wceb_pages(root), _rouge_page(scorer), _combine_rouge,
                         with_headline=True)
    raise ValueError(f"{root}: neither ground-truth-dev.json (AEB) nor ground-truth.jsonl and score.py (WCEB)")


def load_pages(root: Path) -> list[Page]:
    """An AEB folder's pages that have a ground truth, in id order."""
    truth = json.loads((root / "ground-truth-dev.json").read_text(encoding="utf-8"))
    return [_page(root, page_id, entry["url"], entry["articleBody"]) for page_id, entry in sorted(truth.items())]


def _load_wceb_pages(root: Path) -> list[Page]:
    with (root / "ground-truth.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [_page(root, r["id"], r.get("url") or "", r.get("text") or "")
            for r in sorted(records, key=lambda r: r["id"])]


def _page(root: Path, page_id: str, url: str, truth: str) -> Page:
    data = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
    return Page(page_id, url, data, flatten(data), truth)


def _combine_shingles(scores: Sequence[object]) -> SetScore:
    corpus = score_corpus(scores)  # type: ignore[arg-type]
    return SetScore(corpus.precision, corpus.recall, corpus.f1, corpus.empty)


@dataclass(frozen=True)
class _RougeScore:
    precision: float
    recall: float
    f1: float
    empty: bool


def _load_scorer(path: Path) -> ModuleType:
    """The set's own score.py, imported from its folder."""
    spec = importlib.util.spec_from_file_location("wceb_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        import nltk

        nltk.sent_tokenize("Punkt is there. Is it?")
    except LookupError as missing:
        raise SystemExit(f"{path.parent}: its scorer needs NLTK's punkt_tab model; its README says how "
                         f"to install it ({missing.__class__.__name__})") from None
    return module


def _rouge_page(scorer: ModuleType) -> Callable[[str, str], object]:
    def score(truth: str, output: str) -> _RougeScore:
        precision, recall, f1 = scorer.rouge_lsum(truth, output)
        return _RougeScore(precision, recall, f1, empty=not output.strip())
    return score


def _combine_rouge(scores: Sequence[object]) -> SetScore:
    pages: Sequence[_RougeScore] = scores  # type: ignore[assignment]
    n = len(pages) or 1
    return SetScore(sum(p.precision for p in pages) / n, sum(p.recall for p in pages) / n,
                    sum(p.f1 for p in pages) / n, sum(p.empty for p in pages))
