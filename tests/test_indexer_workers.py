"""Work handed to worker processes a window at a time: results in order, memory bounded."""

import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from indexer.build.workers import cpu_count, ordered_results


def square(n):
    return n * n


@pytest.mark.parametrize("window", [1, 2, 5])
def test_results_come_in_task_order_from_real_processes(window):
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(ordered_results(pool, square, range(20), window)) == [(n, n * n) for n in range(20)]
    assert list(ordered_results(None, square, range(5), window)) == [(n, n * n) for n in range(5)]


def test_tasks_are_taken_only_as_the_window_allows():
    taken = []
    running = 0
    most = 0
    lock = threading.Lock()

    def tasks():
        for n in range(30):
            taken.append(n)
            yield n

    def work(n):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        with lock:
            running -= 1
        return n

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = ordered_results(pool, work, tasks(), window=3)
        for n, _ in results:
            # Never more than the window taken beyond the result handed over.
            assert len(taken) <= n + 1 + 3
    assert most <= 3 and taken == list(range(30))


def test_a_failing_task_raises_and_cancels_what_has_not_started():
    def work(n):
        if n == 2:
            raise ValueError("bad task")
        return n

    with ThreadPoolExecutor(max_workers=1) as pool:
        with pytest.raises(ValueError, match="bad task"):
            list(ordered_results(pool, work, range(100), window=4))


def test_cpu_count_is_the_cpus_this_process_may_use():
    assert 1 <= cpu_count()
