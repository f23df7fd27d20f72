"""An index read into memory once, so that its searches do not wait for the disk.

The index is memory-mapped (indexer/whooshext/mapped.py): a search reads the pages of the
postings, columns and stored fields it needs, and a page not yet in the kernel's page cache
is read from disk then. A query never asked before touches pages spread over the whole
index; at a million articles (11 GB) most of them were not in memory when a server started,
and reading them made search pages 6-64 ms slower (docs/benchmarks.md). Elasticsearch's
`index.store.preload` and Lucene's `MMapDirectory.setPreload` answer this by reading the
files when the index opens; so does `preload`, file by file in large sequential reads (the
kernel's readahead for `posix_fadvise(WILLNEED)` stops after a few MB).

The pages go to the page cache, which every process shares: each server worker maps them
without a copy of its own, and the kernel may still drop them when memory runs short. An
index larger than `MEMORY_SHARE` of the memory available is not read unless forced: it would
push out what other processes use, and its own first pages with its last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

MEMORY_SHARE = 0.6
CGROUP = Path("/sys/fs/cgroup")  # where cgroup v2 tells this process's memory limit
_CHUNK_BYTES = 8 << 20
_MB = 1 << 20


@dataclass(frozen=True)
class Preloaded:
    """What `preload` did with one generation's files."""

    folder: Path
    size: int  # bytes of the generation's files
    read: int  # bytes read: 0 when skipped
    seconds: float
    skipped: str | None = None  # why nothing was read

    def describe(self) -> str:
        if self.skipped:
            return f"Not reading the index into memory: {self.skipped}"
        return f"Read the index into memory: {self.read / _MB:,.0f} MB in {self.seconds:.1f} s"


def preload(folder: Path, *, force: bool = False) -> Preloaded:
    """Read every file of the generation at `folder` (a sharded one's shards too) once, so
    that its pages are in the page cache; unless `force`, only when it takes at most
    `MEMORY_SHARE` of the memory available."""
    started = perf_counter()
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    size = sum(_size(path) for path in files)
    if not force:
        available = available_memory()
        if available is None:
            return Preloaded(folder, size, 0, 0.0, "how much memory is free is unknown here (no /proc/meminfo)")
        if size > MEMORY_SHARE * available:
            return Preloaded(folder, size, 0, 0.0, f"it takes {size / _MB:,.0f} MB, more than {MEMORY_SHARE:.0%} "
                                                   f"of the {available / _MB:,.0f} MB of memory available")
    buffer = bytearray(_CHUNK_BYTES)
    read = 0
    for path in files:
        try:
            with path.open("rb", buffering=0) as file:
                while count := file.readinto(buffer):
                    read += count
        except OSError:  # pruned after a newer generation went live: nothing left to serve from it
            continue
    return Preloaded(folder, size, read, perf_counter() - started)


def available_memory() -> int | None:
    """Bytes of memory the kernel could give without swapping (MemAvailable), or less where
    this process's control group (a container's, cgroup v2) allows less; None if unknown."""
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
    except OSError:
        return None
    found = re.search(r"^MemAvailable:\s+(\d+) kB", meminfo, re.MULTILINE)
    if not found:
        return None
    available = int(found.group(1)) * 1024
    try:  # the page cache a container reads is charged to it, up to memory.max
        limit = (CGROUP / "memory.max").read_text(encoding="ascii").strip()
        used = int((CGROUP / "memory.current").read_text(encoding="ascii"))
    except (OSError, ValueError):
        return available
    return available if limit == "max" else max(0, min(available, int(limit) - used))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
