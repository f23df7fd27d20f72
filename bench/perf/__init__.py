"""Speed at real size: `python -m bench perf ARTICLES.jsonl[.gz] [--quick] [--scaling]`.

Measures, in one run, newsdesk against a naive Whoosh build and SQLite FTS5 over the same
articles, and prints a table for each of:

  ingest   end to end from the JSON Lines file to a committed index: articles/s, peak
           memory (of the building process and its workers), index size; then an
           incremental reindex after 1% of the articles changed
  search   the search page (top 10 with three passages each, source and month facets,
           total) for a fixed query mix: p50 and p95 per query kind
  http     /api/search on `newsdesk serve` (gunicorn, 2 workers), loaded from another
           process on 127.0.0.1: requests/s, p50, p99, errors
  scaling  (full mode or --scaling) search page p50 at 5k, 20k, all articles and the
           corpus repeated four times

--quick uses an evenly spread 5,000-article slice. Targets (ratios, same run) are
checked and printed under each table. Timing is noisy on a shared machine: compare
ratios, not absolute numbers.
"""

from __future__ import annotations


def main(argv: list[str]) -> int:
    # Imported here: the worker entry points (bench.perf.build, bench.perf.load) run as
    # `python -m` and must not find themselves imported already by their package.
    from bench.perf.suite import main as run

    return run(argv)
