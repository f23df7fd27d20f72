"""A real Dask cluster on this machine for the length of a run: `dask scheduler` and N
`dask worker` processes on 127.0.0.1, each started as a user starts one on each machine."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# How long the scheduler may take to write its address, and the workers to join it.
READY_SECONDS = 120


@dataclass(frozen=True)
class Cluster:
    """A running cluster: the scheduler's address and the process ids of the scheduler and
    of each worker command (a worker's nanny, its worker process a child of it)."""

    address: str
    pids: tuple[int, ...]


@contextmanager
def dask_cluster(folder: Path, workers: int) -> Iterator[Cluster]:
    """A scheduler on a free port and `workers` workers of one thread each (one share at a
    time each, as one process of a local `--workers N` build), until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    address_file = folder / "scheduler.json"
    address_file.unlink(missing_ok=True)
    log = (folder / "dask.log").open("w")
    processes = [_dask(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--scheduler-file", str(address_file)], log)]
    try:
        _wait(address_file.exists, "the Dask scheduler", processes[0])
        address = json.loads(address_file.read_text())["address"]
        for n in range(workers):
            processes.append(_dask(["worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                    "--no-dashboard", "--name", f"bench-{n}",
                                    "--local-directory", str(folder / f"worker-{n}")], log))
        _wait_for_workers(address, workers)
        yield Cluster(address, tuple(process.pid for process in processes))
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _dask(args: list[str], log: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait(check: object, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while not check():  # type: ignore[operator]
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {READY_SECONDS} s")
        time.sleep(0.2)


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=READY_SECONDS)
