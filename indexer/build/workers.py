"""Work handed to worker processes a window at a time, the results taken in order.

`Executor.map` submits every task at once and keeps every result until it is taken: with
a million articles to read and write, that held them all in memory. Here at most `window`
tasks are out at a time, so memory stays bounded by the window, not by the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent import futures
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


# How often a worker checks that the process that started it is still there.
PARENT_CHECK_SECONDS = 0.5


def start_worker(lock: int) -> None:
    """What every worker of a reindex or optimize does first. It closes its copy of the
    writer lock (forked with it), so the lock dies with the reindex even while a worker
    outlives it for a moment; and it exits once the reindex is gone. A killed reindex cannot
    tell its workers, and one waiting for its next task would wait forever: each worker holds
    the task pipe open for the others."""
    os.close(lock)
    parent = os.getppid()

    def exit_when_orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=exit_when_orphaned, name="exit-with-parent", daemon=True).start()


def ordered_results(
    pool: Executor | None, work: Callable[[Task], Result], tasks: Iterable[Task], window: int,
    idle: Callable[[], None] | None = None,
) -> Iterator[tuple[Task, Result]]:
    """(task, `work(task)`) for each task, in the tasks' order, run in `pool` with at most
    `window` tasks submitted and not yet taken; without a pool, in this process, one at a
    time. Tasks are taken from `tasks` only as the window allows (it may be a generator).
    While waiting for a result, `idle` is called every IDLE_SECONDS (say, to show progress)."""
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
            result = _result(future, idle)
            for following in remaining:  # refill before handing the result over: workers keep busy
                pending.append((following, pool.submit(work, following)))
                break
            yield task, result
    finally:
        for _, future in pending:  # a failure or an early stop: what has not started never will
            future.cancel()


IDLE_SECONDS = 0.5


def _result(future: Future[Result], idle: Callable[[], None] | None) -> Result:
    while True:
        try:
            return future.result(timeout=None if idle is None else IDLE_SECONDS)
        except futures.TimeoutError:
            idle()  # type: ignore[misc]


# Where `count` sends what a task read: set in each worker process (`install`), or for
# work done in this process.
_counted: Callable[[int, int], None] | None = None


def install(counter: Callable[[int, int], None] | None) -> None:
    """Send what `count` is told to `counter` (in a worker process, at its start)."""
    global _counted
    _counted = counter


def count(size: int, articles: int) -> None:
    """A task read `size` bytes of input giving `articles` (progress, shown while a long
    piece of work runs)."""
    if _counted is not None:
        _counted(size, articles)


class SharedCounter:
    """Bytes of input and articles read by worker processes, added up in shared memory, so
    that the process that started them shows progress while a long piece of work runs.
    Made before the workers start: they inherit it."""

    def __init__(self) -> None:
        self._values = multiprocessing.Array("q", 2)

    def add(self, size: int, articles: int) -> None:
        with self._values.get_lock():
            self._values[0] += size
            self._values[1] += articles

    def take(self) -> tuple[int, int]:
        """What was added since the last take."""
        with self._values.get_lock():
            size, articles = self._values[0], self._values[1]
            self._values[0] = self._values[1] = 0
        return size, articles
