"""Article-body extraction: newsdesk against trafilatura and whole-page text, HTML and text input.

    python -m bench extraction DATA_PATH [--only newsdesk]

DATA_PATH holds `html/<id>.html.gz` pages and `ground-truth-dev.json` (see its README). Two modes:
"html" gives each extractor the page's bytes; "text" first flattens each page to whole-page text
(BeautifulSoup(page, "lxml").get_text("\\n"): every visible string on its own line, script and
style left out, which is what the bundled samples look like) and gives extractors that text.
Trafilatura gets the text as an HTML document of one <p> per line. Scores use bench.shingles.

Besides all dev pages, every row is repeated on the "unseen" split: the pages whose id's
sha256 starts with 0-4, which newsdesk's cleaning was never tuned on.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from bench.shingles import PageScore, score_corpus, score_page
from bench.tables import render

# Pages held back from tuning: the first hex digit of sha256(id) is one of these.
UNSEEN_DIGITS = "01234"


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, raw bytes, flattened text and the true article body."""

    id: str
    url: str
    data: bytes
    text: str
    truth: str

    @property
    def unseen(self) -> bool:
        return is_unseen(self.id)


def is_unseen(page_id: str) -> bool:
    """Whether the page belongs to the split never used for tuning."""
    return hashlib.sha256(page_id.encode("utf-8")).hexdigest()[0] in UNSEEN_DIGITS


def flatten(data: bytes) -> str:
    """Whole-page text, one visible string per line: the text-mode input."""
    return BeautifulSoup(data, "lxml").get_text("\n")


def load_pages(root: Path) -> list[Page]:
    """The pages under `root` that have a ground truth, in id order."""
    truth = json.loads((root / "ground-truth-dev.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        data = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        entry = truth[page_id]
        pages.append(Page(page_id, entry["url"], data, flatten(data), entry["articleBody"]))
    return pages


# An extractor takes all pages of a mode and returns (body, seconds) per page, in order, so that
# newsdesk's text mode can make its corpus-level pre-pass over the pages of each source.
Extractor = Callable[[list[Page]], list[tuple[str, float]]]


def _timed(function: Callable[[Page], str]) -> Extractor:
    def run(pages: list[Page]) -> list[tuple[str, float]]:
        results = []
        for page in pages:
            start = time.perf_counter()
            body = function(page)
            results.append((body or "", time.perf_counter() - start))
        return results
    return run


def newsdesk_html(pages: list[Page]) -> list[tuple[str, float]]:
    from corpus.readers.html import extract_page

    return _timed(lambda page: extract_page(page.data, url=page.url).body)(pages)


def newsdesk_text(pages: list[Page]) -> list[tuple[str, float]]:
    """Clean each flattened page with the lines repeated across its source's pages set aside."""
    from corpus.metadata import source_from_url
    from corpus.repeats import find_repeated_lines
    from corpus.text.cleaning import clean_text

    groups: dict[str | None, list[Page]] = defaultdict(list)
    for page in pages:
        groups[source_from_url(page.url)].append(page)
    repeated = {key: find_repeated_lines(p.text for p in group) for key, group in groups.items()}
    return _timed(lambda page: clean_text(
        page.text, url=page.url, repeated=repeated[source_from_url(page.url)]).body)(pages)


def trafilatura_html(pages: list[Page]) -> list[tuple[str, float]]:
    import trafilatura

    return _timed(lambda page: trafilatura.extract(page.data, include_comments=False))(pages)


def trafilatura_text(pages: list[Page]) -> list[tuple[str, float]]:
    import trafilatura

    def run(page: Page) -> str:
        lines = (line.strip() for line in page.text.splitlines())
        document = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
        return trafilatura.extract(f"<html><body>{document}</body></html>", include_comments=False)
    return _timed(run)(pages)


def whole_page_html(pages: list[Page]) -> list[tuple[str, float]]:
    return _timed(lambda page: BeautifulSoup(page.data, "lxml").get_text(" ", strip=True))(pages)


def whole_page_text(pages: list[Page]) -> list[tuple[str, float]]:
    return _timed(lambda page: page.text)(pages)


EXTRACTORS: dict[str, dict[str, Extractor]] = {
    "newsdesk": {"html": newsdesk_html, "text": newsdesk_text},
    "trafilatura": {"html": trafilatura_html, "text": trafilatura_text},
    "whole-page bs4 text": {"html": whole_page_html, "text": whole_page_text},
}


def evaluate(pages: list[Page], results: list[tuple[str, float]]) -> list[PageScore]:
    return [score_page(page.truth, body) for page, (body, _) in zip(pages, results)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extraction", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="folder with html/ and ground-truth-dev.json")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append",
                        help="run only this extractor (repeatable)")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth-dev.json").is_file():
        parser.error(f"no ground-truth-dev.json in {args.data}")
    pages = load_pages(args.data)
    rows = []
    for mode in ("html", "text"):
        for name in args.only or EXTRACTORS:
            results = EXTRACTORS[name][mode](pages)
            scores = evaluate(pages, results)
            for split, keep in (("dev", lambda p: True), ("unseen", lambda p: p.unseen)):
                chosen = [i for i, page in enumerate(pages) if keep(page)]
                corpus = score_corpus(scores[i] for i in chosen)
                ms = statistics.median(results[i][1] for i in chosen) * 1000
                rows.append((mode, f"{split} ({len(chosen)})", name, corpus.precision, corpus.recall,
                             corpus.f1, corpus.empty, f"{ms:.1f} ms"))
    print(render(("input", "pages", "extractor", "P", "R", "F1", "empty", "median/page"), rows))
    return 0
