"""Small measuring helpers: percentiles, timing a repeated call, memory and folder sizes."""

from __future__ import annotations

import math
import resource
from pathlib import Path
from time import perf_counter
from typing import Callable, Sequence


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


def folder_mb(path: Path) -> float:
    """Bytes of every file under `path`, in MB."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6
