"""Starting the real production server (`newsdesk serve`, gunicorn) for tests, and stopping it."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url, timeout=5):
    """(status, document) of a GET; error statuses are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def newsdesk(*args, index, **popen):
    """A `newsdesk --index INDEX ARGS...` process, started from the checkout."""
    command = [sys.executable, "-m", "webapp.cli", "--index", str(index), *map(str, args)]
    return subprocess.Popen(command, cwd=REPO, **popen)


@contextmanager
def serving(index, log_path, *, workers=2, ready_status=(200,), env=None):
    """`newsdesk serve` in its own process group; yields its base URL once /healthz answers.

    `ready_status` lists the /healthz statuses that count as started (503 when no index).
    """
    port = free_port()
    with open(log_path, "w") as log:
        process = newsdesk("serve", "--port", port, "--workers", workers, index=index,
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                           env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    with answering(process, base, log_path, ready_status=ready_status):
        yield base


@contextmanager
def answering(process, base, log_path, *, ready_status=(200,)):
    """Waits until `base`/healthz answers, then stops `process` (a session leader) on leaving.

    `process` was started with start_new_session=True, its output going to `log_path`.
    """
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}:\n"
                                   + Path(log_path).read_text())
            try:
                if get_json(base + "/healthz")[0] in ready_status:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("no answer on /healthz within 60 s:\n" + Path(log_path).read_text())
            time.sleep(0.2)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:  # it exited, and nothing of its group is left
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
