"""`python -m bench NAME ...`: run the benchmark NAME with the rest of the arguments."""

from __future__ import annotations

import importlib
import sys

# Benchmark name -> module with main(argv) -> exit code; imported only when run, so one
# benchmark's extra dependencies never stop another from running.
SUITES = {
    "extraction": ("bench.extraction", "article-body extraction quality and speed (HTML and text)"),
    "extraction-train": ("bench.extraction_train",
                         "a learned line classifier for flattened text, cross-validated against the rules"),
    "headings": ("bench.headings", "subheadings marked in flattened text, against labels"),
    "ranking": ("bench.ranking", "ranking quality on test collections (time-ir layout) against BM25"),
    "perf": ("bench.perf", "indexing and search speed against naive Whoosh and SQLite FTS5"),
    "scale-corpus": ("bench.scale.cli", "a reproducible news-like corpus of N articles, and its statistics"),
    "scale": ("bench.scale.run", "build and search at N scale-corpus articles (a million on one machine?)"),
    "cluster": ("bench.cluster", "building on a Dask cluster against one machine, and searching shards"),
    "incremental": ("bench.incremental", "adding articles to a big index against adding them to a small one"),
    "coverage": ("bench.coverage", "attention over time (month x top outlets) against the plain search page"),
    "first": ("bench.first", "who reported first against the plain search page, on an index already built"),
    "watch": ("bench.perf.watches", "saved searches' new matches after a 1% reindex, against index size"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in SUITES:
        print("usage: python -m bench NAME DATA_PATH [options]   (NAME --help for options)\n")
        for name, (_, what) in SUITES.items():
            print(f"  {name:<11} {what}")
        return 0 if not argv or argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(SUITES[argv[0]][0])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
