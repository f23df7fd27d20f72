"""Work handed to worker processes a window at a time, the results taken in order.

`Executor.map` submits every task at once and keeps every result until it is taken: with
a million articles to read and write, that held them all in memory. Here at most `window`
tasks are out at a time, so memory stays bounded by the window, not by the corpus.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Executor, Future
from typing import Callable, Iterable, Iterator, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity, which containers narrow)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def close_lock(lock: int) -> None:
    """A worker closes its copy of the writer lock (forked with it): the lock then dies with
    the reindex, even when a worker outlives a killed reindex for a moment."""
    os.close(lock)


def ordered_results(
    pool: Executor | None, work: Callable[[Task], Result], tasks: Iterable[Task], window: int
) -> Iterator[tuple[Task, Result]]:
    """(task, `work(task)`) for each task, in the tasks' order, run in `pool` with at most
    `window` tasks submitted and not yet taken; without a pool, in this process, one at a
    time. Tasks are taken from `tasks` only as the window allows (it may be a generator)."""
    if pool is None:
        for task in tasks:
            yield task, work(task)
        return
    pending: deque[tuple[Task, Future[Result]]] = deque()
    remaining = iter(tasks)
    try:
        for task in remaining:
            pending.append((task, pool.submit(work, task)))
            if len(pending) >= window:
                break
        while pending:
            task, future = pending.popleft()
            result = future.result()
            for following in remaining:  # refill before handing the result over: workers keep busy
                pending.append((following, pool.submit(work, following)))
                break
            yield task, result
    finally:
        for _, future in pending:  # a failure or an early stop: what has not started never will
            future.cancel()
