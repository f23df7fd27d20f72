"""The perf benchmark run: builds, search pages, HTTP load and scaling, printed as tables."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from pathlib import Path

from bench.options import parts
from bench.perf import http, pages, slices
from bench.perf.build import build_in_child, indexed_articles
from bench.perf.metrics import folder_mb, ms, percentile, ratio
from bench.tables import render, verdict

QUICK_SIZE = 5_000
SCALING_SIZES = (5_000, 20_000)
# The tables of a run, in order; --only picks some (each reads the indexes the ingest table built).
PARTS = ("ingest", "search", "http", "scaling")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench perf", description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="JSON Lines articles (.jsonl or .jsonl.gz)")
    parser.add_argument("--quick", action="store_true", help=f"a {QUICK_SIZE:,}-article slice")
    parser.add_argument("--size", type=int, help="an evenly spread slice of this many articles")
    parser.add_argument("--scaling", action="store_true", help="also the scaling table (default in full mode)")
    parser.add_argument("--workers", type=int, default=2, help="newsdesk reindex --workers (default 2)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the query mix per peer")
    parser.add_argument("--naive-rounds", type=int, default=3, help="rounds for naive Whoosh (slow)")
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument("--http-clients", type=int, default=2)
    parser.add_argument("--work", type=Path, help="folder for the indexes (default: a temporary one)")
    parser.add_argument("--only", type=parts(PARTS), default=None, metavar="PART[,PART]",
                        help=f"run only these tables ({', '.join(PARTS)}); search and http read the "
                        "indexes an earlier ingest left in --work")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no such file: {args.data}")
    if args.only and set(args.only) & {"search", "http"} and "ingest" not in args.only:
        if args.work is None or not (args.work / "newsdesk").is_dir():
            parser.error("--only search/http without ingest needs --work holding an earlier run's indexes")

    work = args.work or Path(tempfile.mkdtemp(prefix="newsdesk-perf-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args: argparse.Namespace, work: Path) -> None:
    lines = slices.read_records(args.data)
    size = args.size or (QUICK_SIZE if args.quick else len(lines))
    articles = slices.write_jsonl(slices.spread(lines, size), work / "articles.jsonl")
    print(f"{min(size, len(lines)):,} articles from {args.data.name}; work folder {work}\n")

    only = args.only or PARTS
    if "ingest" in only:
        ingest(articles, work, args.workers)
    if "search" in only:
        search(work, args.rounds, args.naive_rounds)
    if "http" in only:
        serve(work, args.http_seconds, args.http_clients)
    wanted = "scaling" in (args.only or ()) or (args.only is None and (args.scaling or not (args.quick or args.size)))
    if wanted:
        whole = work / "newsdesk" if size >= len(lines) else None
        scaling(lines, work, args.workers, args.rounds, whole)


def ingest(articles: Path, work: Path, workers: int) -> None:
    builds = [
        ("naive Whoosh", "naive", work / "naive", 1),
        ("SQLite FTS5", "fts5", work / "fts5.db", 1),
        ("newsdesk, 1 process", "newsdesk", work / "newsdesk-1", 1),
        (f"newsdesk, --workers {workers}", "newsdesk", work / "newsdesk", workers),
    ]
    rows, measured = [], {}
    for label, kind, out, n in builds:
        result = build_in_child(kind, articles, out, n)
        measured[label] = result
        rows.append(_build_row(label, result, out))
    naive_rate = measured["naive Whoosh"]["articles"] / measured["naive Whoosh"]["seconds"]
    for row, result in zip(rows, measured.values()):
        row.insert(3, ratio(result["articles"] / result["seconds"], naive_rate).replace("x", "x naive"))

    full = measured[f"newsdesk, --workers {workers}"]
    changed = _change_one_percent(articles)
    update = build_in_child("update", articles, work / "newsdesk", workers)
    rows.append([f"newsdesk incremental, {changed} changed", update["articles"], f"{update['seconds']:.1f} s",
                 "–", "–", f"{update['peak_mb']:.0f} MB", "–"])
    print("## Ingest + index (JSON Lines file to committed index)\n")
    print(render(["build", "articles", "time", "vs naive", "articles/s", "peak memory (all processes)", "index size"], rows))
    best = full["articles"] / full["seconds"]
    share = update["seconds"] / full["seconds"]
    print(f"\ntargets: ingest >= 3x naive articles/s: {best / naive_rate:.2f}x "
          f"{verdict(best >= 3 * naive_rate)}; incremental 1% < 5% of full build: {share:.1%} "
          f"{verdict(share < 0.05)}\n")


def _build_row(label: str, result: dict[str, float], out: Path) -> list[object]:
    rate = result["articles"] / result["seconds"]
    size = out.stat().st_size / 1e6 if out.is_file() else folder_mb(out)
    return [label, result["articles"], f"{result['seconds']:.1f} s", f"{rate:.0f}/s",
            f"{result['peak_mb']:.0f} MB", f"{size:.0f} MB"]


def _change_one_percent(articles: Path) -> int:
    """Edit the body of 1% of the articles in place (seeded); how many were changed."""
    lines = articles.read_text("utf-8").splitlines(keepends=True)
    rng = random.Random(1)
    chosen = rng.sample(range(len(lines)), max(1, len(lines) // 100))
    for n in chosen:
        record = json.loads(lines[n])
        record["body"] = record["body"] + "\n\nCorrection: an earlier version misstated a date."
        lines[n] = json.dumps(record, ensure_ascii=False) + "\n"
    articles.write_text("".join(lines), "utf-8")
    return len(chosen)


def search(work: Path, rounds: int, naive_rounds: int) -> None:
    timings = {
        "newsdesk": pages.time_pages(pages.newsdesk_page(work / "newsdesk"), rounds),
        "unseen": pages.time_pages(pages.newsdesk_page(work / "newsdesk", unseen=True), rounds),
        "naive": pages.time_pages(pages.naive_page(work / "naive"), naive_rounds),
        "fts5": pages.time_pages(pages.fts5_page(work / "fts5.db"), rounds),
    }
    rows, fast_enough, near_fts, steady = [], True, True, True
    for kind in pages.KINDS:
        ours, naive, fts = (timings[peer][kind] for peer in ("newsdesk", "naive", "fts5"))
        p50, p95 = percentile(ours, 50), percentile(ours, 95)
        naive50, fts50 = percentile(naive, 50), percentile(fts, 50)
        fast_enough &= naive50 >= 10 * p50
        near_fts &= p50 <= 3 * fts50
        steady &= p95 <= 3 * p50
        unseen50 = percentile(timings["unseen"][kind], 50)
        fast_enough &= naive50 >= 10 * unseen50
        near_fts &= unseen50 <= 3 * fts50
        rows.append([kind, ms(p50), ms(p95), ms(unseen50), ms(naive50), ms(percentile(naive, 95)), ms(fts50),
                     ms(percentile(fts, 95)), ratio(naive50, p50), f"{p50 / fts50:.2f}x",
                     ratio(naive50, unseen50), f"{unseen50 / fts50:.2f}x"])
    print("## Search page (top 10, 3 passages each, source + month facets, total)\n")
    print(render(["query kind", "newsdesk p50", "p95", "unseen p50", "naive p50", "naive p95", "FTS5 p50",
                  "FTS5 p95", "naive / newsdesk", "newsdesk / FTS5", "naive / unseen", "unseen / FTS5"], rows))
    print(f"\n{rounds} rounds of the mix ({len(pages.MIX)} queries, 2 per kind; naive {naive_rounds}). "
          "unseen: newsdesk with no matched sets kept from earlier requests, as for a query never "
          "asked before; targets apply to both. "
          f"Targets: >= 10x faster than naive for every kind {verdict(fast_enough)}; "
          f"within 3x of FTS5 {verdict(near_fts)}; p95 <= 3x p50 {verdict(steady)}\n")


def serve(work: Path, seconds: float, clients: int) -> None:
    with http.serving(work / "newsdesk", workers=2) as server:
        http.warm(server.base, rounds=3)
        result = http.load(server.base, seconds, clients)
    latencies, errors = result["latencies_ms"], result["errors"]
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    print("## HTTP: /api/search on `newsdesk serve` (gunicorn, 2 workers), load from another process\n")
    print(render(["clients", "requests", "req/s", "p50", "p99", "p99 / p50", "errors"], [[
        clients, len(latencies) + errors, f"{len(latencies) / result['seconds']:.1f}/s", ms(p50), ms(p99),
        f"{p99 / p50:.1f}x", errors]]))
    print(f"\n{seconds:.0f} s closed loop over the query mix; targets: zero errors {verdict(errors == 0)}; "
          f"p99 < 5x p50 {verdict(p99 < 5 * p50)}\n")


def scaling(lines: list[str], work: Path, workers: int, rounds: int, whole: Path | None) -> None:
    """Search page p50 by corpus size. The whole corpus is `whole`, the index built above,
    when the run was not on a slice; the other sizes are built here."""
    sizes = [(f"{n // 1000}k", slices.spread(lines, n)) for n in SCALING_SIZES if n < len(lines)]
    sizes += [(f"all ({len(lines):,} lines)", lines), ("all x4", slices.repeated(lines, 4))]
    rows = []
    for label, sample in sizes:
        index = whole
        if sample is not lines or index is None:
            jsonl = slices.write_jsonl(sample, work / "scaling.jsonl")
            index = work / "scaling-index"
            shutil.rmtree(index, ignore_errors=True)
            built = build_in_child("newsdesk", jsonl, index, workers)
            rate = f"{built['articles'] / built['seconds']:.0f}/s"
        else:
            rate = "(above)"
        times = pages.time_pages(pages.newsdesk_page(index), max(3, rounds // 2))
        every = [t for kind in pages.KINDS for t in times[kind]]
        rows.append([label, indexed_articles(index), rate,
                     *(ms(percentile(times[kind], 50)) for kind in pages.KINDS), ms(percentile(every, 50))])
        print("scaling:", " | ".join(map(str, rows[-1])), flush=True)  # progress of a long run
    print("\n## Scaling: newsdesk search page p50 by corpus size\n")
    print(render(["articles", "indexed", "ingest", *pages.KINDS, "all kinds"], rows))
    print()
