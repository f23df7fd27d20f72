"""A reindex's reading and writing run on a Dask cluster's workers instead of local processes.

Dask distributed does the scheduling, the transport and the retries: newsdesk hands its
executor the same work a local build gives its process pool (a share of the inputs, read,
cleaned and written as one segment in each shard's folder, indexer/build/parallel.py), and
the rest of the build is unchanged. The index folder must be one every worker sees (a
shared filesystem); the reindexing process keeps the lock, commits the shards and makes
the generation live when every share is written. A worker lost mid-share has its share
run again on another worker by Dask; what the lost one wrote is never listed by the
commit.

Dask is an optional dependency (`pip install 'newsdesk[cluster]'`), imported only here and
only when a cluster is asked for.
"""

from __future__ import annotations

import platform
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any, Iterator

from indexer.build.shards.layout import ShardsRefused

INSTALL = "pip install 'newsdesk[cluster]'"
# How long to wait for the scheduler to answer before saying it does not.
CONNECT_SECONDS = 5
# A share whose work raised (a worker's disk hiccup) is tried this many more times; a share
# whose worker died is run again by Dask whatever this says (up to its allowed-failures).
RETRIES = 2


class ClusterUnavailable(ShardsRefused):
    """The cluster asked for cannot be used (not installed, not answering, mismatched)."""


def versions() -> tuple[str, str]:
    """This process's Python and newsdesk versions (a worker must run the same)."""
    return platform.python_version(), version("newsdesk")


@contextmanager
def cluster_pool(address: str) -> Iterator[tuple[Any, int]]:
    """An executor running work on the Dask cluster at `address`, and how many tasks its
    workers run at once. Raises ClusterUnavailable, saying why, when it cannot be used."""
    client = connect(address, "this reindex")
    try:
        slots = sum(client.nthreads().values())
        executor = client.get_executor(retries=RETRIES)
        yield _Executor(executor), slots
    finally:
        client.close()


def connect(address: str, who: str) -> Any:
    """A Dask client of the cluster at `address` that has workers, each running this Python
    and newsdesk. Raises ClusterUnavailable, saying why (`who` names this process), when
    the cluster cannot be used."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable(f"--cluster needs Dask distributed, which is not installed: {INSTALL}") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterUnavailable(f"no Dask scheduler answers at {address} ({error})") from None
    try:
        if not sum(client.nthreads().values()):
            raise ClusterUnavailable(f"the Dask cluster at {address} has no workers")
        _check_versions(client, address, who)
    except BaseException:
        client.close()
        raise
    return client


def _check_versions(client: Any, address: str, who: str) -> None:
    python, newsdesk = versions()
    for worker, (their_python, their_newsdesk) in sorted(client.run(versions).items()):
        if (their_python, their_newsdesk) != (python, newsdesk):
            raise ClusterUnavailable(
                f"worker {worker} of {address} runs Python {their_python} with newsdesk {their_newsdesk}, "
                f"{who} Python {python} with newsdesk {newsdesk}: install the same on both"
            )


class _Executor:
    """Dask's executor with the shutdown a local process pool has (`cancel_futures`)."""

    def __init__(self, executor: Any) -> None:
        self._executor = executor

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait and not cancel_futures)
