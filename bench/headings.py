"""Subheadings in flattened text: how well `corpus.text.headings` marks them.

Two label sets. The bundled samples, cleaned as a reindex cleans them, against the
subheadings labelled by hand in tests/data/gold.json. And the article-extraction
benchmark's pages (DATA_PATH, as `bench extraction` reads it), flattened and cleaned by
newsdesk, against the page's own headings: the text of its h2-h4 elements and of
paragraphs all in bold, where that text is part of the true article. The rule is scored
on every body line, and on the body lines that are article text (its own errors, without
the extraction's).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from bench.tables import render

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold.json"


@dataclass
class Count:
    marked_right: int = 0
    marked_wrong: int = 0
    missed: int = 0

    def add(self, marked: bool, labelled: bool) -> None:
        self.marked_right += marked and labelled
        self.marked_wrong += marked and not labelled
        self.missed += labelled and not marked

    def row(self, name: str) -> list[object]:
        marked, labelled = self.marked_right + self.marked_wrong, self.marked_right + self.missed
        right = self.marked_right
        return [name, labelled, marked, right, right / marked if marked else None,
                right / labelled if labelled else None]


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _score(count: Count, body: str, labels: set[str], within: str | None = None) -> None:
    """Count each body line; with `within`, only the lines that are part of that text."""
    from corpus.article import heading_text

    for paragraph in body.split("\n\n"):
        text = heading_text(paragraph)
        line = _key(text if text is not None else paragraph)
        if within is None or line in within:
            count.add(text is not None, line in labels)


def samples() -> Count:
    from corpus import discover, read_input, samples_path

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    count = Count()
    for item in discover([samples_path()]).inputs:
        (article,) = read_input(item).articles
        _score(count, article.body, {_key(h) for h in gold[item.relative]["headings"]})
    return count


def page_headings(data: bytes, truth: str) -> set[str]:
    """The page's headings that are part of its true article text."""
    soup = BeautifulSoup(data, "lxml")
    found = {_key(h.get_text(" ")) for h in soup.find_all(["h2", "h3", "h4"])}
    for block in soup.find_all(["p", "div"]):
        bold = _key(" ".join(b.get_text(" ") for b in block.find_all(["strong", "b"])))
        if bold and bold == _key(block.get_text(" ")):
            found.add(bold)
    true = _key(truth)
    return {h for h in found if h and h in true}


def benchmark(root: Path) -> tuple[Count, Count]:
    from bench.extraction import load_pages, newsdesk_text

    pages = load_pages(root)
    every, in_article = Count(), Count()
    for page, (body, _) in zip(pages, newsdesk_text(pages)):
        labels = page_headings(page.data, page.truth)
        _score(every, body, labels)
        _score(in_article, body, labels, within=_key(page.truth))
    return every, in_article


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench headings", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, nargs="?", help="the article-extraction benchmark's folder")
    args = parser.parse_args(argv)
    rows = [samples().row("bundled samples (gold.json)")]
    if args.data is not None:
        every, in_article = benchmark(args.data)
        rows.append(every.row("benchmark pages, every body line"))
        rows.append(in_article.row("benchmark pages, article lines"))
    print(render(["set", "headings", "marked", "right", "precision", "recall"], rows))
    return 0
