"""An index read into memory before it serves: every byte of the live generation read once,
its pages then in the page cache, skipped when it would not fit; by `newsdesk serve` before its
workers start, and by a worker's warmer for each new generation."""

import ctypes
import mmap
import os
import subprocess

import pytest
from live_server import answering, free_port, newsdesk

from corpus import samples_path
from indexer import IndexStore, SearchService, reindex
from indexer import preload as preloading
from indexer.preload import preload
from indexer.warming import Warmer


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preload") / "index"
    reindex(folder, [samples_path()])
    return folder


def live_files(index):
    return sorted(path for path in IndexStore(index).live_generation().rglob("*") if path.is_file())


def resident_share(path):
    """The share of the file's pages in the page cache (mincore over a mapping of it)."""
    size = path.stat().st_size
    if not size:
        return 1.0
    pages = -(-size // mmap.PAGESIZE)
    found = (ctypes.c_ubyte * pages)()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mincore.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p)
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_COPY) as mapped:
        start = ctypes.c_char.from_buffer(mapped)
        try:
            assert libc.mincore(ctypes.addressof(start), size, found) == 0, os.strerror(ctypes.get_errno())
        finally:
            del start
    return sum(page & 1 for page in found) / pages


def evict(path):
    with path.open("rb") as file:
        os.fsync(file.fileno())
        os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def test_every_byte_of_the_live_generation_is_read(index):
    done = preload(IndexStore(index).live_generation(), force=True)
    assert done.skipped is None
    assert done.size == done.read == IndexStore(index).size_bytes() > 0
    assert done.describe().startswith(f"Read the index into memory: {done.read / 2**20:,.0f} MB in ")


def test_its_pages_are_in_memory_afterwards(index):
    largest = max(live_files(index), key=lambda path: path.stat().st_size)
    evict(largest)
    if resident_share(largest) > 0.5:
        pytest.skip("this file system keeps the file's pages whatever it is told (tmpfs)")
    preload(IndexStore(index).live_generation(), force=True)
    assert resident_share(largest) == 1.0


def test_an_index_too_large_for_the_memory_available_is_not_read_unless_forced(index, monkeypatch):
    monkeypatch.setattr(preloading, "MEMORY_SHARE", 1e-9)
    skipped = preload(IndexStore(index).live_generation())
    assert skipped.read == 0 and skipped.size > 0
    assert "of memory available" in skipped.describe() and skipped.describe().startswith("Not reading")
    assert preload(IndexStore(index).live_generation(), force=True).read == skipped.size


def test_a_containers_memory_limit_bounds_what_is_available(tmp_path, monkeypatch):
    free = preloading.available_memory()
    assert free and free > 0
    (tmp_path / "memory.max").write_text("3000000\n")
    (tmp_path / "memory.current").write_text("1000000\n")
    monkeypatch.setattr(preloading, "CGROUP", tmp_path)
    assert preloading.available_memory() == min(free, 2_000_000)
    (tmp_path / "memory.max").write_text("max\n")
    assert abs(preloading.available_memory() - free) < free / 10  # MemAvailable alone (it moves)


def test_a_worker_reads_each_new_generation_unless_it_was_read_already(index):
    folder = IndexStore(index).live_generation()
    warmer = Warmer(SearchService(index), preload=True)
    assert warmer.warm()
    assert warmer.last_preloaded.folder == folder and warmer.last_preloaded.read == IndexStore(index).size_bytes()
    already = Warmer(SearchService(index), preloaded=folder)
    assert already.warm() and already.last_preloaded is None
    never = Warmer(SearchService(index), preload=False)
    assert never.warm() and never.last_preloaded is None
    # A searcher of an index read into memory is mapped whole; of one not read, page by page.
    assert warmer.service.searchers.populate and already.service.searchers.populate
    assert not never.service.searchers.populate


def mapped_share(path):
    """The share of the file's pages this process has mapped (its Rss in /proc/self/smaps)."""
    found, in_file = 0, False
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            if "-" in line.split(" ", 1)[0]:  # a mapping's first line: its range, then the path
                in_file = line.rstrip().endswith(str(path))
            elif in_file and line.startswith("Rss:"):
                found += int(line.split()[1]) * 1024
    return found / path.stat().st_size


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="no /proc/self/smaps to see mappings by")
@pytest.mark.parametrize("populate", [True, False])
def test_a_populated_segment_is_mapped_whole_at_once(tmp_path, populate):
    from indexer.whooshext.mapped import MappedStorage
    segment = tmp_path / "part.seg"
    segment.write_bytes(os.urandom(8 << 20))  # just written: in the page cache
    opened = MappedStorage(str(tmp_path), populate=populate).open_file("part.seg")
    try:
        share = mapped_share(segment)
    finally:
        opened.close()
    assert share > 0.99 if populate else share < 0.1  # otherwise mapped as pages are touched


@pytest.mark.faults
@pytest.mark.parametrize("option", [[], ["--no-preload"]])
def test_newsdesk_serve_reads_the_index_before_its_workers_start(index, tmp_path, option):
    port, log_path = free_port(), tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = newsdesk("serve", "--port", port, "--workers", 1, *option, index=index, stdout=log,
                           stderr=subprocess.STDOUT, start_new_session=True)
    with answering(process, f"http://127.0.0.1:{port}", log_path):
        said = log_path.read_text()
    size = IndexStore(index).size_bytes()
    assert (f"Read the index into memory: {size / 2**20:,.0f} MB" in said) == (not option), said
    assert said.index("newsdesk is serving") > (said.find("Read the index") if not option else -1)
