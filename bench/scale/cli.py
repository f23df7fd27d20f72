"""`python -m bench scale-corpus ALLSIDES_FILE OUT --articles N`: write a scale corpus.

Makes N news-like articles from a real news corpus in JSON Lines (the allsides-news fields:
id, title, body, source, date, url), the same bytes for the same input, N and seed. OUT ending
in .gz is gzip level 1. With --stats, then prints the synthetic corpus's statistics beside the
real one's (vocabulary growth and Heaps' law fit, terms by document frequency, lengths,
outlets, dates, near-duplicates, the perf query mix).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from time import perf_counter

from bench.perf.metrics import peak_rss_mb


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale-corpus", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the real corpus, JSON Lines (.jsonl or .jsonl.gz)")
    parser.add_argument("out", type=Path, help="the file to write (.jsonl, or .jsonl.gz for gzip level 1)")
    parser.add_argument("--articles", type=int, required=True, help="how many articles to write")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument("--stats", action="store_true",
                        help="then print its statistics beside the real corpus's")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no such file: {args.data}")
    if args.articles < 1:
        parser.error("--articles must be at least 1")

    from bench.scale import corpus, source, stats

    started = perf_counter()
    real = source.load(args.data, corpus.mix_words())
    loaded = perf_counter()
    print(f"read {len(real.templates):,} articles, {len(real.outlets)} outlets, {len(real.paragraphs):,} "
          f"paragraphs from {args.data.name} in {loaded - started:.0f} s", flush=True)
    written = corpus.write(real, args.out, args.articles, args.seed)
    seconds = perf_counter() - loaded
    print(f"wrote {written.articles:,} articles ({written.copies:,} wire copies, {written.coined:,} coined "
          f"names, {written.tokens / 1e6:,.0f} M words) to {args.out} in {seconds:.0f} s: "
          f"{written.articles / seconds:,.0f} articles/s; peak memory {peak_rss_mb():,.0f} MB", flush=True)
    if args.stats:
        print()
        print(stats.compare(args.data, args.out))
    return 0
