"""Whether newsdesk holds N articles on one machine:
`python -m bench scale ALLSIDES_FILE --articles N [--small 150000]`.

Makes the scale corpus of N articles and a smaller one from the real corpus (bench.scale),
then prints two tables, each with the targets of "a million articles on one machine" under it:

  build    `newsdesk reindex --full` with default settings at each size: articles/s, wall
           time, peak memory summed over its process tree, index size; naive Whoosh's rate on
           an evenly spread slice; SQLite FTS5's build time and size on the same articles
  search   the full search page over HTTP (`newsdesk serve`, 2 workers) for queries never
           asked before, each once: p50 and p95 per kind at each size, their growth, SQLite
           FTS5 on the same queries; then each server worker's private and resident memory

  corpora.py   the corpora in the work folder, made once per size and seed
  build.py     the build table
  search.py    the search table and the workers' memory
  suite.py     the command line
"""

from __future__ import annotations


def main(argv: list[str]) -> int:
    from bench.scale.run.suite import main as run

    return run(argv)
