"""`newsdesk reindex --cluster ADDRESS --shards N` on a real Dask cluster: a `dask scheduler` and
two `dask worker` processes on 127.0.0.1, the CLI as a user runs it. The sharded index built
on the cluster answers as the same one built locally, also when a worker is killed during
the build; a cluster that does not answer, or a worker of another newsdesk, is refused."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live_server import free_port
from real_data import allsides_lines
from test_indexer_shards import SHARDS, assert_same_answers, shard_segments, write_feed

from corpus import samples_path
from indexer import SearchRequest, SearchService
from indexer.build.shards.layout import shard_count, shard_of
from indexer.build.store import IndexStore

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
QUERIES = ["Kursk", "Laos troops", "election", '"White House"', "trump -biden", "immigration border",
           "Kursx", "economy sort:date"]


def start(args, log):
    return subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


class Cluster:
    """A scheduler on a free port of 127.0.0.1 and its workers, each a process of its own."""

    def __init__(self, folder):
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.log = (folder / "dask.log").open("w")
        self.scheduler = start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                "--scheduler-file", str(self.file)], self.log)
        self.workers = []
        wait_for(self.file.exists, 60, "the scheduler")
        self.address = json.loads(self.file.read_text())["address"]

    def add_worker(self, env=None):
        worker = subprocess.Popen(
            [str(BIN / "dask"), "worker", "--scheduler-file", str(self.file), "--host", "127.0.0.1",
             "--nthreads", "1", "--no-nanny", "--no-dashboard"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **(env or {})},
        )
        self.workers.append(worker)
        return worker

    def wait_for_workers(self, count):
        from distributed import Client

        with Client(self.address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=120)

    def stop(self):
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.kill()
            process.wait()
        self.log.close()


@pytest.fixture
def cluster(tmp_path):
    running = Cluster(tmp_path)
    try:
        yield running
    finally:
        running.stop()


def newsdesk(*args):
    return [str(BIN / "newsdesk"), *map(str, args)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The samples and, when the shared corpora are there, a slice of allsides."""
    folder = tmp_path_factory.mktemp("inputs")
    found = [samples_path()]
    lines = allsides_lines(40000, 250)
    if lines:
        (folder / "slice.jsonl").write_text("".join(lines), encoding="utf-8")
        found.append(folder / "slice.jsonl")
    return found


@pytest.fixture(scope="module")
def local_build(tmp_path_factory, inputs):
    index = tmp_path_factory.mktemp("local") / "index"
    subprocess.run(newsdesk("--index", index, "reindex", "--shards", SHARDS, "--workers", 1, *inputs),
                   check=True, capture_output=True)
    return index


def test_a_build_on_the_cluster_answers_as_the_local_build(cluster, tmp_path, inputs, local_build):
    cluster.add_worker()
    cluster.add_worker()
    cluster.wait_for_workers(2)
    index = tmp_path / "index"
    build = subprocess.Popen(newsdesk("--index", index, "reindex", "--cluster", cluster.address, "--shards", SHARDS,
                                      *inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # A second reindex of the same folder while the first writes (held still meanwhile) is refused.
    wait_for(lambda: any(index.glob("gen-*")), 300, "the build to start writing")
    os.kill(build.pid, signal.SIGSTOP)
    try:
        second = subprocess.run(newsdesk("--index", index, "reindex", "--cluster", cluster.address, "--shards",
                                         SHARDS, *inputs), capture_output=True, text=True, timeout=300)
    finally:
        os.kill(build.pid, signal.SIGCONT)
    assert second.returncode == 1 and f"another reindex is writing {index}" in second.stderr, second.stderr
    out, err = build.communicate(timeout=600)
    assert build.returncode == 0, err
    assert shard_count(IndexStore(index).require_live_generation()) == SHARDS
    assert_same_answers(SearchService(local_build), SearchService(index), QUERIES)
    # Each shard holds a segment per share of the build: optimize merges them on the cluster.
    assert all(len(segments) > 1 for segments in shard_segments(index))
    merged = subprocess.run(newsdesk("--index", index, "optimize", "--cluster", cluster.address),
                            capture_output=True, text=True, timeout=600)
    assert merged.returncode == 0 and merged.stdout.startswith("merged "), merged.stderr
    assert [len(segments) for segments in shard_segments(index)] == [1] * SHARDS
    # As the local build optimized locally: dropping its repeated ids' deleted copies
    # changes the statistics scores use.
    optimized = tmp_path / "optimized"
    shutil.copytree(local_build, optimized)
    subprocess.run(newsdesk("--index", optimized, "optimize", "--workers", 1), check=True, capture_output=True)
    assert_same_answers(SearchService(optimized), SearchService(index), QUERIES)
    # An update on the cluster reads nothing unchanged and keeps the shards.
    again = subprocess.run(newsdesk("--index", index, "reindex", "--cluster", cluster.address, *inputs),
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "added 0, updated 0, deleted 0" in again.stdout
    # A changed article replaces its old copy in its own shard, the shard its id gives.
    bodies = {n: f"Article {n} tells of harbour cranes and port number {n} in some detail." for n in range(40)}
    write_feed(tmp_path / "feed.jsonl", bodies)
    reindex_on_cluster(cluster, index, *inputs, tmp_path / "feed.jsonl")
    bodies[7] = "Article 7 now tells of a lighthouse keeper instead."
    del bodies[30]
    write_feed(tmp_path / "feed.jsonl", bodies)
    assert "added 0, updated 1, deleted 1" in reindex_on_cluster(cluster, index, *inputs, tmp_path / "feed.jsonl")
    [changed] = SearchService(index).search(SearchRequest(q="lighthouse")).hits
    assert holding_shards(index, changed.id) == [shard_of(changed.id, SHARDS)]


def reindex_on_cluster(cluster, index, *inputs):
    done = subprocess.run(newsdesk("--index", index, "reindex", "--cluster", cluster.address, *inputs),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def holding_shards(index, article_id):
    """The shards holding a copy of the article, once per copy."""
    holding = []
    for number, shard in enumerate(IndexStore(index).open().shards):
        with shard.searcher() as searcher:
            holding += [number] * sum(1 for _ in searcher.documents(id=article_id))
    return holding


def test_a_worker_killed_during_the_build_has_its_part_redone(cluster, tmp_path, inputs, local_build):
    cluster.add_worker()
    victim = cluster.add_worker()
    cluster.wait_for_workers(2)
    index = tmp_path / "index"
    build = subprocess.Popen(newsdesk("--index", index, "reindex", "--cluster", cluster.address, "--shards", SHARDS,
                                      *inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: any(index.glob("gen-*/shard-00")), 120, "the build to start")
    time.sleep(0.5)
    os.kill(victim.pid, signal.SIGKILL)
    out, err = build.communicate(timeout=600)
    assert build.returncode == 0, err
    assert_same_answers(SearchService(local_build), SearchService(index), QUERIES)


def test_a_cluster_that_does_not_answer_is_one_line_and_writes_nothing(tmp_path):
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    started = time.monotonic()
    done = subprocess.run(newsdesk("--index", tmp_path / "index", "reindex", "--cluster", f"tcp://127.0.0.1:{port}",
                                   "--shards", 2), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert time.monotonic() - started < 60
    assert f"no Dask scheduler answers at tcp://127.0.0.1:{port}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "index").exists()


def test_a_worker_of_another_newsdesk_version_is_refused_naming_both(cluster, tmp_path):
    # A worker whose installed newsdesk says 9.9.9: its own metadata found first on its path.
    other = tmp_path / "other" / "newsdesk-9.9.9.dist-info"
    other.mkdir(parents=True)
    (other / "METADATA").write_text("Metadata-Version: 2.1\nName: newsdesk\nVersion: 9.9.9\n")
    cluster.add_worker(env={"PYTHONPATH": str(other.parent)})
    cluster.wait_for_workers(1)
    done = subprocess.run(newsdesk("--index", tmp_path / "index", "reindex", "--cluster", cluster.address,
                                   "--shards", 2), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "newsdesk 9.9.9" in done.stderr and "newsdesk 0.1.0" in done.stderr
    assert not any((tmp_path / "index").glob("gen-*"))
    # Serving on it is refused the same way, before anything is built.
    served = subprocess.run(newsdesk("--index", tmp_path / "index", "serve", "--cluster", cluster.address,
                                     "--port", free_port()), capture_output=True, text=True, timeout=120)
    assert served.returncode == 1 and len(served.stderr.strip().splitlines()) == 1, served.stderr
    assert "newsdesk 9.9.9" in served.stderr and "this server Python" in served.stderr
    assert not any((tmp_path / "index").glob("gen-*"))
