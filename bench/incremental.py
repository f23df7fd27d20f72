"""What adding articles to a big index costs, against adding them to a small one.

    python -m bench incremental CORPUS.jsonl[.gz] --work DIR [--bases 37500,200000] [--add 10000]

The first N articles of CORPUS (for each N of --bases) are built into an index with
`reindex --full` (kept in DIR and reused by the next run), and the --add articles that
follow the largest base are then added by an incremental reindex to a copy of each index,
in a fresh process. Printed per base: the seconds of the update, the CPU seconds of its
process and workers, its peak memory over the process tree, the segments before and after, and how many articles of the old segments
the commit rewrote by merging them (an update should rewrite few, whatever the index size),
and how many Whoosh's default merge policy (MERGE_SMALL) would have rewritten instead.
`--code DIR` runs the updates with the newsdesk checkout in DIR instead (a before/after
comparison in one run: give the two checkouts in turn with --rounds).

At a million articles, reuse the index `python -m bench scale` built and add articles of
another corpus (keys must be new to the index: "url" values are given a suffix):

    python -m bench incremental CORPUS --work DIR --bases 37500,1000000 \
        --index 1000000=SCALE_WORK/newsdesk-1000000-seed0 --added SCALE_WORK/scale-150000-seed0.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
from itertools import islice
from pathlib import Path
from typing import IO, Any

from whoosh import index as whoosh_index
from whoosh.writing import fib

from bench.perf.build import build_in_child


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench incremental", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a JSON Lines corpus (.gz or not)")
    parser.add_argument("--work", type=Path, required=True, help="folder for the slices and indexes")
    parser.add_argument("--bases", default="37500,200000", help="articles of the indexes updated")
    parser.add_argument("--add", type=int, default=10_000, help="articles added to each")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="a newsdesk checkout to run the updates with (repeat to compare)")
    parser.add_argument("--rounds", type=int, default=1, help="updates per base and checkout")
    parser.add_argument("--index", action="append", default=[], metavar="N=PATH",
                        help="an index of N articles built elsewhere, updated instead of building one")
    parser.add_argument("--added", type=Path,
                        help="JSON Lines to take the --add articles from (default: CORPUS, after the largest base)")
    args = parser.parse_args(argv)
    bases = [int(n) for n in args.bases.split(",")]
    given = {int(n): Path(path) for n, path in (item.split("=", 1) for item in args.index)}
    slices = _slices(args.corpus, args.work, [b for b in bases if b not in given], args.add, args.added)
    print(f"{'code':<14} {'base':>9} {'seconds':>8} {'CPU s':>7} {'peak MB':>8} {'segments':>12} "
          f"{'rewritten':>10} {'MERGE_SMALL':>11}")
    for base in bases:
        index = given.get(base, args.work / f"index-{base}")
        if not (index / "CURRENT").exists():
            built = build_in_child("newsdesk", slices[base], index, args.workers)
            print(f"built {base:,} articles in {built['seconds']:.0f} s", file=sys.stderr)
        for _ in range(args.rounds):
            for code in args.code or [None]:
                row = _update(index, args.work / "trial", slices["add"].parent, args.workers, code)
                name = code.resolve().name if code else "this"
                print(f"{name:<14} {base:>9,} {row['seconds']:>8.1f} {row['cpu']:>7.1f} {row['peak_mb']:>8.0f} "
                      f"{row['before']:>5} -> {row['after']:<4} {row['rewritten']:>10,} "
                      f"{row['merge_small']:>11,}", flush=True)
    return 0


def _slices(corpus: Path, work: Path, bases: list[int], add: int, added: Path | None) -> dict[Any, Path]:
    """base -> a JSON Lines file of the first `base` articles; "add" -> one of the `add`
    articles after the largest base (or the first of `added`, their "url" made new), alone
    in its folder (the folder reindexed)."""
    work.mkdir(parents=True, exist_ok=True)
    found: dict[Any, Path] = {base: work / f"base-{base}.jsonl" for base in bases}
    found["add"] = work / "added" / "added.jsonl"
    if all(path.exists() for path in found.values()):
        return found
    found["add"].parent.mkdir(exist_ok=True)
    largest = max(bases, default=0)
    with _open(corpus) as lines:
        head = list(islice(lines, largest + (0 if added else add)))
    if len(head) < largest + (0 if added else add):
        raise SystemExit(f"{corpus} holds {len(head):,} articles, fewer than {largest + add:,}")
    for base in bases:
        found[base].write_bytes(b"".join(head[:base]))
    if added is None:
        found["add"].write_bytes(b"".join(head[largest:]))
        return found
    with _open(added) as lines, open(found["add"], "w", encoding="utf-8") as out:
        for line in islice(lines, add):
            article = json.loads(line)
            article["url"] = f"{article.get('url') or 'article'}#added"
            out.write(json.dumps(article) + "\n")
    return found


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _segments(index: Path) -> dict[str, int]:
    """Segment id -> articles written, of the live generation."""
    live = index / (index / "CURRENT").read_text().strip()
    with whoosh_index.open_dir(str(live)).reader() as reader:
        return {leaf.segment().segment_id(): leaf.doc_count_all() for leaf, _ in reader.leaf_readers()}


def _update(index: Path, trial: Path, added: Path, workers: int, code: Path | None) -> dict[str, Any]:
    shutil.rmtree(trial, ignore_errors=True)
    shutil.copytree(index, trial)
    os.sync()  # the copy's writes are not left to slow the update down
    before = _segments(trial)
    merge_small = _merge_small_rewrites(list(before.values()))
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code.resolve()), env.get("PYTHONPATH")]))
    used = _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "bench.perf.build", "update", str(added), str(trial), str(workers)],
        check=True, capture_output=True, text=True, env=env,
    )
    cpu = _children_cpu() - used  # the update's process and its workers: less noisy than seconds
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    after = _segments(trial)
    rewritten = sum(count for segment, count in before.items() if segment not in after)
    shutil.rmtree(trial)
    return {**measured, "cpu": cpu, "before": len(before), "after": len(after), "rewritten": rewritten,
            "merge_small": merge_small}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _merge_small_rewrites(sizes: list[int]) -> int:
    """The articles of old segments Whoosh's MERGE_SMALL merges at the next commit (the
    choice of whoosh.writing.MERGE_SMALL, without the merging)."""
    total = 0
    for i, count in enumerate(sorted(sizes)):
        total += count
        if i > 3 and total < fib(i + 5):
            return total
    return 0
