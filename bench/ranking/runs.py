"""Ranking a collection's queries: through the product, and with the BM25 baseline.

The product's articles go its own way: written as JSON Lines, read by the corpus reader,
indexed by `indexer.reindex` with the product's schema and analyzers; every query is
answered by `SearchService.search` exactly as the search box sends it. The baseline is
rank_bm25's BM25Okapi (k1=1.2, b=0.75) over NLTK's original Porter stemmer and
scikit-learn's English stop words, on title and body, the setup the collections' READMEs
report (TIME nDCG@10 0.759, CISI 0.412, CRAN 0.356), which checks the metric code too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from statistics import median
from time import perf_counter
from typing import Any

from indexer.search.ranking import PRODUCT_RANKING, Ranking

RANKED = 100  # hits kept per query (MAP counts relevant articles beyond this as missed)
DESCRIPTION_WORDS = 50  # the timed description queries are cut to this many words


def product_run(docs: list[dict], queries: list[dict], workdir: Path,
                ranking: Ranking | None = None) -> tuple[dict[str, list[str]], Any]:
    """Index through the product and rank every query as the search box sends it."""
    from indexer import SearchService

    service = SearchService(index_collection(docs, workdir), ranking or PRODUCT_RANKING)
    return rank_all(service, queries), service


def index_collection(docs: list[dict], workdir: Path) -> Path:
    """The collection written as JSON Lines and indexed by the product's reindex."""
    from indexer import reindex

    feed = workdir / "collection.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for doc in docs:
            # The id becomes the URL, so the hit's url names the collection's document.
            record = {"url": f"https://collection.example/{doc['id']}", "title": doc.get("title") or "",
                      "body": doc["body"], "source": doc.get("source") or "TEST", "published": doc.get("date")}
            f.write(json.dumps(record) + "\n")
    index_dir = workdir / "index"
    reindex(index_dir, [feed], full=True)
    return index_dir


def rank_all(service: Any, queries: list[dict]) -> dict[str, list[str]]:
    """Each query's ranked document ids; a query the service refuses (as a 400) finds none."""
    from indexer import SearchRequest
    from indexer.search.request import BadRequest

    run = {}
    for query in queries:
        try:
            result = service.search(SearchRequest(q=query["text"], per_page=RANKED))
        except BadRequest:
            run[query["id"]] = []
            continue
        run[query["id"]] = [hit.url.rsplit("/", 1)[1] for hit in result.hits if hit.url]
    return run


def baseline_run(docs: list[dict], queries: list[dict]) -> dict[str, list[str]]:
    from nltk.stem.porter import PorterStemmer
    from rank_bm25 import BM25Okapi
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stemmer = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)

    def tokens(text: str) -> list[str]:
        return [stemmer.stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in ENGLISH_STOP_WORDS]

    bm25 = BM25Okapi([tokens(f"{d.get('title') or ''} {d['body']}") for d in docs], k1=1.2, b=0.75)
    ids = [d["id"] for d in docs]
    run = {}
    for query in queries:
        scores = bm25.get_scores(tokens(query["text"]))
        order = sorted((i for i in range(len(ids)) if scores[i] > 0), key=lambda i: -scores[i])
        run[query["id"]] = [ids[i] for i in order[:RANKED]]
    return run


def descriptions(queries: list[dict], words: int = DESCRIPTION_WORDS) -> list[str]:
    """The queries of at least `words` words, cut to that many: descriptions as pasted."""
    return [" ".join(q["text"].split()[:words]) for q in queries if len(q["text"].split()) >= words]


def latencies(service: Any, queries: list[dict]) -> dict[str, list[float]]:
    """Milliseconds per query kind: 50-word descriptions, the longest queries as written,
    and the other kinds made from each query's first words."""
    from indexer import SearchRequest

    times: dict[str, list[float]] = {}

    def timed(kind: str, request: SearchRequest) -> None:
        started = perf_counter()
        service.search(request)
        times.setdefault(kind, []).append((perf_counter() - started) * 1000)

    for text in descriptions(queries):
        timed(f"description of {DESCRIPTION_WORDS} words, 10 per page", SearchRequest(q=text))
    for query in queries:
        if len(query["text"]) > 1000:
            timed("query over 1,000 characters, 10 per page", SearchRequest(q=query["text"]))
    for query in queries[:100]:
        words = query["text"].split()
        timed("two words", SearchRequest(q=" ".join(words[:2])))
        timed("quoted phrase", SearchRequest(q=f'"{" ".join(words[:2])}"'))
        timed("prefix*", SearchRequest(q=words[0][:3] + "*"))
        timed("three words OR'd", SearchRequest(q=" OR ".join(w.lower() for w in words[:3])))
        timed("recency boost", SearchRequest(q=" ".join(words[:3]), recency=True))
    return times


def latency_rows(times: dict[str, list[float]]) -> list[list[object]]:
    return [[kind, len(ms), f"{median(ms):.1f} ms", f"{sorted(ms)[int(0.9 * (len(ms) - 1))]:.1f} ms",
             f"{max(ms):.1f} ms"] for kind, ms in times.items()]


LATENCY_HEADERS = ["query kind (product, reused searcher)", "queries", "p50", "p90", "slowest"]
