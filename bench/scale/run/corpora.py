"""The corpora of a scale run, in its work folder: a scale corpus per size, made once for a
size and seed and reused by later runs, and an evenly spread slice of one for naive Whoosh."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from bench.scale import corpus, source
from bench.scale.measure import lines


@dataclass(frozen=True)
class Size:
    """One corpus size of a run, and where its corpus and indexes live in the work folder."""

    articles: int
    seed: int
    work: Path

    @property
    def label(self) -> str:
        return f"{self.articles:,}"

    @property
    def corpus(self) -> Path:
        return self.work / f"scale-{self._name}.jsonl.gz"

    @property
    def index(self) -> Path:
        return self.work / f"newsdesk-{self._name}"

    @property
    def fts5(self) -> Path:
        return self.work / f"fts5-{self._name}.db"

    @property
    def _name(self) -> str:
        return f"{self.articles}-seed{self.seed}"


def sizes(articles: int, small: int, seed: int, work: Path) -> list[Size]:
    """The run's sizes, smallest first: the small one only when it is below `articles`."""
    return [Size(n, seed, work) for n in ([small, articles] if 0 < small < articles else [articles])]


def make(real: Path, sizes: list[Size]) -> None:
    """Write each size's corpus from the real corpus at `real`, unless an earlier run left it."""
    material = None
    for size in sizes:
        if size.corpus.is_file():
            print(f"reused {size.corpus.name}, made by an earlier run", flush=True)
            continue
        started = perf_counter()
        material = material or source.load(real, corpus.mix_words())  # read once for all sizes
        # Written under another name first, so that a run stopped half-way leaves nothing to reuse.
        partial = size.corpus.with_name(f"partial-{size.corpus.name}")
        corpus.write(material, partial, size.articles, size.seed)
        partial.replace(size.corpus)
        print(f"made {size.corpus.name} ({size.label} articles) in {perf_counter() - started:.0f} s",
              flush=True)


def spread_slice(size: Size, articles: int, out: Path) -> Path:
    """`articles` of the size's corpus at even steps, as plain JSON Lines in `out`: its dates rise
    through the file, so its first lines would be its first years only."""
    take = min(articles, size.articles)
    wanted = iter([int(n * size.articles / take) for n in range(take)])
    following = next(wanted, None)
    with open(out, "w", encoding="utf-8") as handle:
        for number, line in enumerate(lines(size.corpus)):
            if following is None:
                break
            if number == following:
                handle.write(line if line.endswith("\n") else line + "\n")
                following = next(wanted, None)
    return out
