"""Small measuring helpers: percentiles, timing a repeated call, memory and folder sizes."""

from __future__ import annotations

import math
import os
import resource
import threading
from pathlib import Path
from time import perf_counter
from typing import Any, Callable, Sequence


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct`-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be within 0-100, not {pct}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timed_ms(call: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of each of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = perf_counter()
        call()
        times.append((perf_counter() - started) * 1000)
    return times


def ratio(slow: float, fast: float) -> str:
    """"12.3x": how many times `fast` beats `slow` (both costs, lower is better)."""
    return f"{slow / fast:.1f}x" if fast > 0 else "–"


def ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


class TreeMemory:
    """The peak resident memory summed over this process (or the process `root`, or several
    processes `root` and `also`: a client and the cluster it drives) and all their descendants
    (worker processes included), sampled from /proc every `interval` seconds in a thread while
    the `with` block runs. Where /proc is missing, the largest single process's peak instead
    (of this process and its finished children)."""

    def __init__(self, interval: float = 0.05, root: int | None = None, also: Sequence[int] = ()) -> None:
        self.interval = interval
        self.roots = [os.getpid() if root is None else root, *also]
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak / 1e6 if self.peak else peak_rss_mb()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.is_set():
            pages = sum(_resident_pages(pid) for root in self.roots for pid in _tree(root))
            self.peak = max(self.peak, pages * page)
            self._stop.wait(self.interval)


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc (none where there is no /proc)."""
    if not Path("/proc/self").exists():
        return []
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children(current))
    return found


def children(pid: int) -> list[int]:
    """The child processes of `pid`, from /proc (none where there is no /proc, or it ended)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found.extend(map(int, Path(f"/proc/{pid}/task/{task}/children").read_text().split()))
    except OSError:
        pass
    return found


def _resident_pages(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0  # the process ended meanwhile


def peak_rss_mb() -> float:
    """Peak resident memory of the largest of this process and its finished children, in MB.

    This process's own peak is read from /proc (VmHWM): ru_maxrss survives exec, so in a
    process started by a big parent it would report the parent's size.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        status = Path("/proc/self/status").read_text()
        own = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    except (OSError, StopIteration, ValueError):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    return max(own, children) / 1024


def private_and_resident_mb(pid: int) -> tuple[float, float, float]:
    """A process's private memory (USS: Private_Clean + Private_Dirty), the part of it that
    no file backs (Anonymous: its heap, which a second process would hold again) and its
    resident memory (RSS), in MB, from /proc/PID/smaps_rollup. Pages of a memory-mapped file
    that other processes map too are resident but not private; those only this process has
    touched yet are private but clean, the kernel's page cache, dropped under pressure."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) * 1024
    private = (fields["Private_Clean"] + fields["Private_Dirty"]) / 1e6
    return private, fields["Anonymous"] / 1e6, fields["Rss"] / 1e6


def folder_mb(path: Path) -> float:
    """Bytes of every file under `path`, in MB."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6
