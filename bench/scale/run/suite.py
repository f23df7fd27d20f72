"""The command line of `python -m bench scale`: the corpora, then the chosen tables."""

from __future__ import annotations

import argparse
from pathlib import Path
from time import perf_counter

from bench.options import parts, work_folder
from bench.scale.run import corpora

# The tables of a run, in order; --only picks some (search reads the indexes a build left).
PARTS = ("build", "search")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench scale",
        description="Build and search newsdesk at N articles of the scale corpus, beside naive Whoosh "
        "and SQLite FTS5.")
    parser.add_argument("data", type=Path, help="the real corpus the scale corpus is made from, "
                        "JSON Lines (.jsonl or .jsonl.gz)")
    parser.add_argument("--articles", type=int, required=True, help="the largest size, in articles")
    parser.add_argument("--small", type=int, default=150_000,
                        help="the smaller size growth is measured from (default 150,000; none when "
                        "it is not below --articles)")
    parser.add_argument("--work", type=Path, help="folder for the corpora and indexes, reused by later "
                        "runs (default: a temporary one)")
    parser.add_argument("--workers", type=int, help="newsdesk reindex --workers (default: newsdesk's "
                        "own default, the CPU count)")
    parser.add_argument("--naive-articles", type=int, default=20_000,
                        help="the evenly spread slice naive Whoosh builds (default 20,000)")
    parser.add_argument("--per-kind", type=int, default=15, help="queries per kind (default 15)")
    parser.add_argument("--only", type=parts(PARTS), metavar="PART[,PART]",
                        help=f"run only these tables ({', '.join(PARTS)}); search reads the indexes "
                        "an earlier build left in --work")
    parser.add_argument("--seed", type=int, default=0, help="the scale corpora's seed (default 0)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no such file: {args.data}")
    if min(args.articles, args.naive_articles, args.per_kind) < 1:
        parser.error("--articles, --naive-articles and --per-kind must be at least 1")
    only = args.only or PARTS
    if "build" not in only:
        sizes = corpora.sizes(args.articles, args.small, args.seed, args.work or Path("."))
        built = all(size.index.is_dir() for size in sizes) and sizes[-1].fts5.is_file()
        if args.work is None or not built:
            parser.error("--only search needs --work holding the indexes of an earlier build of these sizes")

    with work_folder(args.work, "newsdesk-scale-") as work:
        run(args, work, only)
    return 0


def run(args: argparse.Namespace, work: Path, only: tuple[str, ...] | list[str]) -> None:
    started = perf_counter()
    sizes = corpora.sizes(args.articles, args.small, args.seed, work)
    print(f"sizes {', '.join(size.label for size in sizes)} from {args.data.name}; work folder {work}",
          flush=True)
    corpora.make(args.data, sizes)
    if "build" in only:
        from bench.scale.run.build import build

        build(sizes, work, args.workers, args.naive_articles)
    if "search" in only:
        from bench.scale.run.search import search

        search(sizes, args.per_kind, args.seed)
    print(f"the whole run took {(perf_counter() - started) / 60:.1f} minutes")
