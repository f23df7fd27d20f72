"""Article-body extraction: newsdesk beside trafilatura, readability-lxml and whole-page text.

    python -m bench extraction DATA_PATH [--only newsdesk] [--mode html]

DATA_PATH is a benchmark folder in either format bench.extraction_sets reads: the
article-extraction benchmark's (shingle F1) or a WCEB set's such as L3S-GN1 (ROUGE-LSum through
the set's own score.py). Two modes: "html" gives each extractor the page; "text" first flattens
each page to whole-page text (BeautifulSoup(page, "lxml").get_text("\\n"): every visible string
on its own line, script and style left out, which is what the bundled samples look like) and
gives extractors that text; the peers get it as an HTML document of one <p> per line.

Where the set's truth holds the headline (WCEB), newsdesk's output is its title, then its body:
newsdesk keeps the two apart. Peers are called the way the WCEB paper calls them:
`trafilatura.extract(html, include_comments=False)` and readability-lxml's summary turned into
text by html-text. Every row is repeated on the "unseen" split, the pages newsdesk's extraction
was never tuned on; ms/page is the extraction call alone, the page already read.
"""

from __future__ import annotations

import argparse
import html
import statistics
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from bench.extraction_sets import Benchmark, Page, is_unseen, load_pages, open_benchmark
from bench.tables import render

__all__ = ["Page", "is_unseen", "load_pages", "newsdesk_html", "newsdesk_text"]


# An extractor takes all pages of a mode, and whether the truth holds the headline, and returns
# (text, seconds) per page, in order, so that newsdesk's text mode can make its corpus-level
# pre-pass over the pages of each source.
Extractor = Callable[[list[Page], bool], list[tuple[str, float]]]


def _timed(function: Callable[[Page], str | None]) -> Callable[[list[Page]], list[tuple[str, float]]]:
    def run(pages: list[Page]) -> list[tuple[str, float]]:
        results = []
        for page in pages:
            start = time.perf_counter()
            body = function(page)
            results.append((body or "", time.perf_counter() - start))
        return results
    return run


def _with_headline(title: str, body: str, headline: bool) -> str:
    """newsdesk's text as a reader sees it: subheadings without their mark, and the title first
    where the set's truth holds the headline."""
    from corpus.article import heading_text

    body = "\n\n".join(heading_text(p) or p for p in body.split("\n\n")) if body else body
    return f"{title}\n\n{body}" if headline and title and body else body


def newsdesk_html(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    from corpus.readers.html import extract_page

    def run(page: Page) -> str:
        found = extract_page(page.data, url=page.url or None)
        return _with_headline(found.title, found.body, headline)
    return _timed(run)(pages)


def newsdesk_text(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    """Clean each flattened page with the lines repeated across its source's pages set aside."""
    from corpus.metadata import source_from_url
    from corpus.repeats import find_repeated_lines
    from corpus.text.cleaning import clean_text

    groups: dict[str | None, list[Page]] = defaultdict(list)
    for page in pages:
        groups[source_from_url(page.url)].append(page)
    repeated = {key: find_repeated_lines(p.text for p in group) for key, group in groups.items()}

    def run(page: Page) -> str:
        cleaned = clean_text(page.text, url=page.url, repeated=repeated[source_from_url(page.url)])
        return _with_headline(cleaned.title or "", cleaned.body, headline)
    return _timed(run)(pages)


def _as_paragraphs(text: str) -> str:
    """Flattened text as an HTML document of one <p> per line: how the peers get text."""
    lines = (line.strip() for line in text.splitlines())
    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) + "</body></html>"


def _trafilatura(document: str) -> str | None:
    import trafilatura

    return trafilatura.extract(document, include_comments=False)


def _readability(document: str) -> str:
    import html_text
    from readability import Document
    from readability.readability import Unparseable

    try:
        return html_text.extract_text(Document(document).summary(html_partial=True))
    except Unparseable:
        return ""


def trafilatura_html(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    return _timed(lambda page: _trafilatura(page.html))(pages)


def trafilatura_text(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    return _timed(lambda page: _trafilatura(_as_paragraphs(page.text)))(pages)


def readability_html(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    return _timed(lambda page: _readability(page.html))(pages)


def readability_text(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    return _timed(lambda page: _readability(_as_paragraphs(page.text)))(pages)


def whole_page_html(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    return _timed(lambda page: BeautifulSoup(page.data, "lxml").get_text(" ", strip=True))(pages)


def whole_page_text(pages: list[Page], headline: bool = False) -> list[tuple[str, float]]:
    return _timed(lambda page: page.text)(pages)


EXTRACTORS: dict[str, dict[str, Extractor]] = {
    "newsdesk": {"html": newsdesk_html, "text": newsdesk_text},
    "trafilatura": {"html": trafilatura_html, "text": trafilatura_text},
    "readability-lxml": {"html": readability_html, "text": readability_text},
    "whole-page bs4 text": {"html": whole_page_html, "text": whole_page_text},
}
SPLITS: dict[str, Callable[[Page], bool]] = {"all": lambda page: True, "unseen": lambda page: page.unseen}


def table_rows(benchmark: Benchmark, modes: list[str], names: list[str]) -> list[tuple[object, ...]]:
    """One row per mode, extractor and split: P, R, F1 by the set's metric, empties, ms per page."""
    pages = benchmark.pages
    rows: list[tuple[object, ...]] = []
    for mode in modes:
        for name in names:
            results = EXTRACTORS[name][mode](pages, benchmark.with_headline)
            scores = [benchmark.score_page(page.truth, text) for page, (text, _) in zip(pages, results)]
            for split, keep in SPLITS.items():
                chosen = [i for i, page in enumerate(pages) if keep(page)]
                score = benchmark.combine([scores[i] for i in chosen])
                seconds = [results[i][1] for i in chosen]
                rows.append((mode, f"{split} ({len(chosen)})", name, score.precision, score.recall, score.f1,
                             score.empty, f"{1000 * statistics.fmean(seconds):.1f} ms",
                             f"{1000 * statistics.median(seconds):.1f} ms"))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extraction", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="an AEB or WCEB benchmark folder (see bench/extraction_sets.py)")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append",
                        help="run only this extractor (repeatable)")
    parser.add_argument("--mode", choices=("html", "text"), action="append",
                        help="run only this input mode (repeatable; default both)")
    args = parser.parse_args(argv)
    # A few WCEB pages are XHTML with an XML declaration; every extractor reads them as HTML.
    warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
    try:
        benchmark = open_benchmark(args.data)
    except ValueError as error:
        parser.error(str(error))
    print(f"{benchmark.kind}: {args.data.name}, {len(benchmark.pages)} pages")
    rows = table_rows(benchmark, args.mode or ["html", "text"], args.only or list(EXTRACTORS))
    print(render(("input", "pages", "extractor", "P", "R", "F1", "empty", "ms/page", "median"), rows))
    return 0
