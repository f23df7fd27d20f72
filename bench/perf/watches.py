"""What finding saved searches' new matches costs after a small incremental reindex, against
the index's size: it should follow the articles added, not the articles indexed.

    python -m bench watch --index 37500=PATH --index 150000=PATH --added CORPUS --work DIR
    python -m bench watch ... --articles 375      # the same number added to every index

Each index given is copied into DIR, never changed itself (segment files are hard-linked:
Whoosh never rewrites one; the rest is copied). On the copy the --queries are saved as
searches, then --percent of its articles (or --articles, whatever its size), taken from
--added (their "url" made new), are added by an incremental reindex. Then, each --rounds times with nothing kept from a previous
search (indexer.search.matches.forget_matches):
- new: every saved search catches up from its checkpoint before the reindex, which looks
  at the new segment alone (the index already open, as in a running server);
- scan: the same with the checkpoint forgotten, so every segment is searched: what finding
  new matches by reading the whole index costs.
Printed per index: articles, articles added, the median milliseconds of both and their ratio,
new matches found, and the seconds of `newsdesk watch run --json` in a fresh process (Python
starting and the index opening included), run once, first.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from itertools import islice
from pathlib import Path
from statistics import median
from time import perf_counter

from bench.tables import render

QUERIES = ["government", "president election", '"prime minister"', "climate -weather"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench watch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", action="append", required=True, metavar="N=PATH",
                        help="an index of N articles (repeat: one row each)")
    parser.add_argument("--added", type=Path, required=True, help="JSON Lines (.gz or not) to add articles from")
    parser.add_argument("--work", type=Path, required=True, help="folder for the copies")
    parser.add_argument("--percent", type=float, default=1.0, help="articles added, in percent of the index")
    parser.add_argument("--articles", type=int, help="articles added to each index, instead of --percent")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", default="|".join(QUERIES), help="saved searches, separated by |")
    args = parser.parse_args(argv)
    queries = args.queries.split("|")
    rows = []
    for item in args.index:
        size, path = item.split("=", 1)
        count = args.articles or max(1, round(int(size) * args.percent / 100))
        rows.append(_measure(int(size), Path(path), args.added, args.work, count, args.rounds, queries))
    print(render(["articles", "added", "new ms", "scan ms", "scan / new", "new matches", "watch run s"], rows))
    return 0


def _measure(size: int, index: Path, added: Path, work: Path, count: int, rounds: int,
             queries: list[str]) -> list[object]:
    from indexer import SearchRequest, SearchService, reindex
    from indexer.search.matches import forget_matches

    trial = work / f"trial-{size}"
    _copy(index, trial)
    folder = work / f"added-{size}"
    count = _take(added, folder, count)
    watches = SearchService(trial).watches()
    for n, q in enumerate(queries):
        watches.add(f"q{n}", SearchRequest(q=q))
    database = trial / "watches.sqlite3"
    before = _checkpoints(database)
    reindex(trial, [folder])
    started = perf_counter()
    run = subprocess.run([sys.executable, "-m", "webapp.cli", "--index", str(trial), "watch", "run", "--json"],
                         capture_output=True, text=True)
    run_seconds = perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(run.stderr)
    found = len(run.stdout.splitlines())
    timings: dict[str, list[float]] = {"new": [], "scan": []}
    for _ in range(rounds):
        for kind in timings:  # interleaved, so a busy moment of the machine hits both
            _restore(database, before, forget_generation=kind == "scan")
            forget_matches()
            started = perf_counter()
            for n in range(len(queries)):
                watches.catch_up(f"q{n}")
            timings[kind].append((perf_counter() - started) * 1000)
    shutil.rmtree(trial)
    shutil.rmtree(folder)
    new, scan = median(timings["new"]), median(timings["scan"])
    return [f"{size:,}", f"{count:,}", f"{new:.1f}", f"{scan:.1f}", f"{scan / new:.1f}x", found,
            f"{run_seconds:.2f}"]


def _copy(index: Path, trial: Path) -> None:
    shutil.rmtree(trial, ignore_errors=True)
    shutil.copytree(index, trial, copy_function=_link_segments, ignore=shutil.ignore_patterns("watches.sqlite3*"))


def _link_segments(source: str, target: str) -> None:
    if source.endswith(".seg"):
        os.link(source, target)
    else:
        shutil.copy2(source, target)


def _take(corpus: Path, folder: Path, count: int) -> int:
    """The first `count` articles of `corpus`, their urls made new, as one file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    opened = gzip.open(corpus, "rt", encoding="utf-8") if corpus.suffix == ".gz" else open(corpus, encoding="utf-8")
    with opened as lines, open(folder / "added.jsonl", "w", encoding="utf-8") as out:
        written = 0
        for line in islice(lines, count):
            article = json.loads(line)
            article["url"] = f"{article.get('url') or 'article'}#watch-bench"
            out.write(json.dumps(article) + "\n")
            written += 1
    return written


def _checkpoints(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT name, generation, segments FROM watch").fetchall()


def _restore(database: Path, checkpoints: list[tuple[str, str, str]], forget_generation: bool) -> None:
    """Put the saved searches back where they were before the reindex (or nowhere)."""
    with sqlite3.connect(database) as db:
        for name, generation, segments in checkpoints:
            db.execute("UPDATE watch SET generation = ?, segments = ? WHERE name = ?",
                       ("" if forget_generation else generation, segments, name))
