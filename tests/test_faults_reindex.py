"""A full reindex while the real server is under load: no failed request, never a mixed index.

The server runs as in production (`newsdesk serve`, gunicorn, several workers); a load
generator queries it for the whole of a full reindex of thousands of articles run by the CLI
in another process. Every answer must come from one complete index, the old or the new.
"""

import subprocess
import threading
import time
from dataclasses import dataclass

import pytest
from live_server import get_json, newsdesk, serving
from synthetic import write_feed

pytestmark = pytest.mark.faults

OLD, NEW = 1500, 2500  # articles before and after the reindex


@dataclass
class Answer:
    at: float
    status: int
    total: int | None
    old_hits: int | None  # how many articles carry the old corpus's marker word


def run_cli(*args, index):
    process = newsdesk(*args, index=index, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


class Load:
    """Threads querying the server until stopped, recording every answer."""

    def __init__(self, base, threads=4):
        self.base = base
        self.answers: list[Answer] = []
        self.failures: list[str] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self):
        while not self.stopping.is_set():
            try:
                # One request answers both questions from one searcher: the total of all
                # articles and, as a facet-free count, how many are from the old corpus.
                status, everything = get_json(self.base + "/api/search?per_page=1", timeout=30)
                _, old = get_json(self.base + "/api/search?q=alphaword&per_page=1", timeout=30)
            except Exception as error:  # noqa: BLE001 - any failure is what the test counts
                self.failures.append(repr(error))
                continue
            self.answers.append(Answer(time.monotonic(), status, everything.get("total"), old.get("total")))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def test_full_reindex_under_load_serves_old_or_new_never_a_mix(tmp_path):
    index = tmp_path / "index"
    old_feed = write_feed(tmp_path / "old.jsonl", OLD, "alphaword", seed=1)
    new_feed = write_feed(tmp_path / "new.jsonl", NEW, "betaword", seed=2)
    assert run_cli("reindex", old_feed, index=index)[0] == 0

    with serving(index, tmp_path / "server.log", workers=3) as base, Load(base) as load:
        time.sleep(1.0)  # answers from the old index first
        started = time.monotonic()
        code, _, err = run_cli("reindex", "--full", new_feed, index=index)
        finished = time.monotonic()
        assert code == 0, err
        # Keep loading until the new index shows (or 15 s pass), then a little longer.
        deadline = finished + 15
        while time.monotonic() < deadline and not any(
            a.total == NEW and a.at > finished for a in load.answers
        ):
            time.sleep(0.1)
        time.sleep(2.0)

    answers = list(load.answers)
    assert load.failures == []
    assert answers and all(a.status == 200 for a in answers)
    during = [a for a in answers if started <= a.at <= finished]
    assert len(during) >= 10, "the load ran for the whole reindex"
    # Each answer is from the old index (all 1,500 old articles) or the new (none of them).
    assert {(a.total, a.old_hits) for a in answers} <= {(OLD, OLD), (NEW, 0), (OLD, 0), (NEW, OLD)}
    assert all(a.total in (OLD, NEW) for a in answers), "never empty, never partial"
    first_new = min(a.at for a in answers if a.total == NEW)
    assert first_new - finished < 5.0, "the new data shows within seconds"
    assert all(a.total == NEW for a in answers if a.at > first_new + 1.0), "no flapping back"
