"""The production server (`newsdesk serve`, gunicorn) under load from another process."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from bench.perf.metrics import children


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running `newsdesk serve`: its base URL and the process id of gunicorn's arbiter."""

    base: str
    pid: int

    def workers(self) -> list[int]:
        """The process ids of its workers (the arbiter's children)."""
        return sorted(children(self.pid))


@contextmanager
def serving(index_dir: Path, workers: int, options: Sequence[str] = ()) -> Iterator[Server]:
    """`newsdesk serve` (with any other `options`) on a free local port until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "webapp.cli", "--index", str(index_dir), "serve",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server)
        yield Server(base, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# How long the server may take to answer /healthz: it opens the index, which at a million
# articles takes longer than a busy machine's few seconds.
READY_SECONDS = 300


def _wait_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"newsdesk serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=60) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"newsdesk serve did not answer /healthz within {READY_SECONDS} s")


def warm(base: str, rounds: int, page: str = "/api/search", clients: int = 1) -> None:
    """Each worker opens its searcher and fills its caches before the clock starts: `rounds`
    of the query mix to `page`, from `clients` threads at once (so that every worker gets some)."""
    from bench.perf.pages import MIX, Query

    def ask(query: Query) -> None:
        with urllib.request.urlopen(base + page + "?" + urllib.parse.urlencode(query.params())) as r:
            r.read()

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(ask, MIX * rounds))


def load(base: str, seconds: float, clients: int) -> dict[str, object]:
    """Run the load generator in its own process and return what it measured."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.perf.load", base, str(seconds), str(clients)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
