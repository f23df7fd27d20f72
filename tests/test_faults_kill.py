"""A reindex killed with SIGKILL at any point: the server keeps answering, the next one just works.

The real server answers from the index throughout. A `newsdesk reindex` process is killed
while reading inputs, while writing segments and during commit, each point recognised from
what is on disk; afterwards the served index is still the last complete one, no lock is left
behind, and the next reindex succeeds without any cleanup.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from live_server import get_json, newsdesk, serving
from synthetic import write_feed

pytestmark = pytest.mark.faults

SIZES = {"alpha": 1500, "beta": 2500}


def generations(index):
    return {p.name for p in index.glob("gen-*")}


def live(index):
    return (index / "CURRENT").read_text().strip()


def wait_for(condition, process, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"reindex ended (exit {process.returncode}) before the kill point")
        if time.monotonic() > deadline:
            raise AssertionError("the kill point never came")
        time.sleep(0.005)


def children(pid):
    """The processes whose parent is `pid` (its workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid):
    """Whether `pid` is a process that has not exited (a zombie has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def kill(process):
    """SIGKILL the process; its workers, orphaned, must exit soon after and not wait forever."""
    os.kill(process.pid, signal.SIGSTOP)  # frozen where it is while its workers are listed
    workers = children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while (alive := [w for w in workers if running(w)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive, f"workers {alive} outlived the killed process"
    return workers


def served_total(base):
    status, document = get_json(base + "/api/search?per_page=1", timeout=30)
    assert status == 200, document
    return document["total"]


def reindex(*args, index):
    process = newsdesk("reindex", *args, index=index, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out


def killed_reindex(index, feed, point):
    """Start `reindex --full feed`, SIGKILL it at `point`; return what was on disk then."""
    (index / "reindex.lock").unlink(missing_ok=True)  # its reappearance marks the start
    before = generations(index)
    live_before = live(index)
    process = newsdesk("reindex", "--full", feed, index=index,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def new_generation():
        fresh = generations(index) - before
        return index / fresh.pop() if fresh else None

    if point == "reading":
        wait_for(lambda: (index / "reindex.lock").exists(), process)  # reading starts now
    elif point == "writing":
        wait_for(lambda: new_generation() is not None, process)
        time.sleep(0.3)
    elif point == "commit":
        # Whoosh writes the new table of contents (_MAIN_1.toc) last in a commit.
        wait_for(lambda: (g := new_generation()) is not None and any(g.glob("_MAIN_[1-9]*.toc")),
                 process)
    kill(process)
    building = new_generation()
    return {
        "generation_started": building is not None,
        "published": live(index) != live_before,
        "toc_written": building is not None and any(building.glob("_MAIN_[1-9]*.toc")),
    }


def test_killed_reindexes_leave_the_last_good_index_serving(tmp_path):
    index = tmp_path / "index"
    feeds = {name: write_feed(tmp_path / f"{name}.jsonl", size, f"{name}word", seed=len(name))
             for name, size in SIZES.items()}
    reindex(feeds["alpha"], index=index)
    current = "alpha"
    with serving(index, tmp_path / "server.log", workers=2) as base:
        assert served_total(base) == SIZES["alpha"]
        for point in ("reading", "writing", "commit"):
            other = "beta" if current == "alpha" else "alpha"
            seen = killed_reindex(index, feeds[other], point)
            if point == "reading":
                assert not seen["generation_started"], seen
            if point == "writing":
                assert seen["generation_started"] and not seen["published"], seen
            if point == "commit":
                assert seen["toc_written"], seen
            expected = SIZES[other] if seen["published"] else SIZES[current]
            for _ in range(5):
                assert served_total(base) == expected, (point, seen)
            # No stale lock, no cleanup: the next reindex just works.
            reindex("--full", feeds[other], index=index)
            assert served_total(base) == SIZES[other]
            assert len(generations(index)) <= 2, "killed builds' leftovers are pruned"
            current = other


@pytest.mark.parametrize("point", ["reading", "writing", "commit"])
def test_killed_incremental_reindex_keeps_the_live_index(tmp_path, point):
    index = tmp_path / "index"
    alpha = write_feed(tmp_path / "alpha.jsonl", 1500, "alphaword", seed=1)
    extra = tmp_path / "extra"
    extra.mkdir()
    write_feed(extra / "beta.jsonl", 2500, "betaword", seed=2)
    reindex(alpha, index=index)
    folder = index / live(index)
    files_before = {p.name for p in folder.iterdir()}
    (index / "reindex.lock").unlink()  # its reappearance marks the start
    with serving(index, tmp_path / "server.log", workers=2) as base:
        process = newsdesk("reindex", extra, index=index,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if point == "reading":
            wait_for(lambda: (index / "reindex.lock").exists(), process)
        elif point == "writing":
            # Segment files of the new articles appear in the live generation: kill mid-write.
            wait_for(lambda: any(p.name not in files_before for p in folder.iterdir()), process)
            time.sleep(0.2)
        else:
            # The commit's new table of contents is the last file written.
            wait_for(lambda: any(folder.glob("_MAIN_[2-9]*.toc")), process)
        workers = kill(process)
        assert workers or point == "reading", "the update had started its workers"
        assert served_total(base) in (1500, 4000)
        if point == "reading":
            assert served_total(base) == 1500
        reindex(extra, index=index)
        assert served_total(base) == 4000
        assert get_json(base + "/healthz")[1]["status"] == "ok"


def test_a_second_reindex_is_refused_or_waits_and_nothing_breaks(tmp_path):
    index = tmp_path / "index"
    big = write_feed(tmp_path / "big.jsonl", 4000, "bigword", seed=3)
    small = write_feed(tmp_path / "small.jsonl", 50, "smallword", seed=4)
    reindex(small, index=index)
    (index / "reindex.lock").unlink()
    first = newsdesk("reindex", "--full", big, index=index,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: (index / "reindex.lock").exists(), first)
    second = newsdesk("reindex", small, index=index, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                      text=True)
    _, refused = second.communicate(timeout=60)
    assert second.returncode == 1
    assert refused.strip() == (f"Error: another reindex is writing {index}; wait for it to finish "
                               "(or pass --wait)")
    assert first.poll() is None, "the refusal came while the first was still running"
    waiting = newsdesk("reindex", "--wait", small, index=index, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    first_out, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    # The waiting incremental run came after the full build: both feeds are in the index.
    assert out.strip().endswith(f"4050 articles in {index}")


def test_a_killed_optimize_keeps_the_live_index_and_the_next_one_works(tmp_path):
    from indexer import reindex as reindex_in_process

    index = tmp_path / "index"
    feed = write_feed(tmp_path / "alpha.jsonl", 3000, "alphaword", seed=1)
    reindex_in_process(index, [feed], segment_articles=500)  # six segments to merge
    with serving(index, tmp_path / "server.log", workers=2) as base:
        for point in ("writing", "commit"):
            live_before = live(index)
            before = generations(index)
            process = newsdesk("optimize", index=index, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

            def new_generation(before=before):
                fresh = generations(index) - before
                return index / fresh.pop() if fresh else None

            if point == "writing":
                wait_for(lambda: new_generation() is not None, process)
                time.sleep(0.3)
            else:
                wait_for(lambda: (g := new_generation()) is not None and any(g.glob("_MAIN_[1-9]*.toc")),
                         process)
            kill(process)
            for _ in range(5):
                assert served_total(base) == 3000, point
            if point == "writing":
                assert live(index) == live_before, "a half-merged generation is never published"
        done = newsdesk("optimize", index=index, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = done.communicate(timeout=600)
        assert done.returncode == 0, err
        assert out.strip().endswith(f"3000 articles in {index}")
        assert served_total(base) == 3000
        assert get_json(base + "/healthz")[1]["status"] == "ok"
