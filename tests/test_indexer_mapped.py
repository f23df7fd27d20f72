"""Compound segments read in place (indexer/whooshext/mapped.py): the same index as Whoosh reads it,
with no part of a segment copied into memory."""

import os
from io import BytesIO

from whoosh import index as whoosh_index
from whoosh.query import Every, Term

from indexer.build.store import IndexStore
from indexer.whooshext.mapped import MappedStorage, _InPlace, _Stream


def _folder(index_dir):
    return str(IndexStore(index_dir).require_live_generation())


def _everything(reader):
    """Every term with its postings, every stored document and every column, in order."""
    postings = {}
    for fieldname, text in reader.all_terms():
        matcher = reader.postings(fieldname, text)
        postings[(fieldname, text)] = [(matcher.id(), matcher.weight(), matcher.value()) for _ in _steps(matcher)]
    stored = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
    columns = {
        name: list(reader.column_reader(name, translate=False))
        for name in reader.schema.names() if reader.has_column(name)
    }
    return postings, stored, columns


def _steps(matcher):
    while matcher.is_active():
        yield
        matcher.next()


def test_the_mapped_index_reads_exactly_what_whoosh_reads(updated_index):
    folder = _folder(updated_index)  # two segments and deletions
    with whoosh_index.open_dir(folder).reader() as stock, MappedStorage(folder).open_index().reader() as mapped:
        assert mapped.doc_count() == stock.doc_count() > 0
        assert list(mapped.all_doc_ids()) == list(stock.all_doc_ids())
        assert _everything(mapped) == _everything(stock)


def test_searches_give_the_same_hits_and_scores(updated_index):
    folder = _folder(updated_index)
    with whoosh_index.open_dir(folder).searcher() as stock, MappedStorage(folder).open_index().searcher() as mapped:
        for query in (Every(), *(Term("body", word) for word in ("the", "market", "council"))):
            want = [(hit.docnum, hit.score) for hit in stock.search(query, limit=None)]
            assert [(hit.docnum, hit.score) for hit in mapped.search(query, limit=None)] == want


def test_no_part_of_a_segment_is_copied_when_searching(updated_index):
    searcher = MappedStorage(_folder(updated_index)).open_index().searcher()
    try:
        searcher.search(Term("body", "market"), limit=10)
        parts = [
            part for leaf, _ in searcher.reader().leaf_readers()
            for part in (leaf._terms._dbfile, leaf._terms._postfile)
        ]
        assert parts and all(isinstance(part, _InPlace) for part in parts)
        assert not any(isinstance(part.file, BytesIO) for part in parts)  # never copied
    finally:
        searcher.close()


def test_opening_and_closing_leaves_no_file_open(updated_index):
    folder = _folder(updated_index)
    index = MappedStorage(folder).open_index()
    index.searcher().close()  # anything opened once and kept is opened by now
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        searcher = index.searcher()
        searcher.search(Term("body", "market"), limit=10)
        searcher.close()
    assert len(os.listdir("/proc/self/fd")) <= before


def test_a_part_reads_as_a_stream_like_a_copy_of_it():
    data = b"first line\nsecond\n\nlast without newline"
    ours, copy = _Stream(b"xx" + data + b"yy", 2, len(data)), BytesIO(data)
    steps = [("read", 3), ("readline",), ("tell",), ("seek", 2, 1), ("read", -1), ("seek", 0),
             ("readline",), ("readline",), ("readline",), ("readline",), ("readline",),
             ("seek", -5, 2), ("read", 100), ("read", 1), ("seek", 4), ("readline", 3), ("read", 0)]
    for name, *args in steps:
        assert getattr(ours, name)(*args) == getattr(copy, name)(*args), (name, args)


def _resident_kb(folder):
    """The resident memory of this process's maps of the segment files in `folder`."""
    total, counting = 0, False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            if not line[0].isupper():  # a mapping's header: its address range first
                counting = line.rstrip().endswith(".seg") and folder in line
            elif counting and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


def test_released_pages_leave_resident_memory_and_read_back_the_same(updated_index):
    folder = _folder(updated_index)
    storage = MappedStorage(folder)
    with storage.open_index().reader() as reader:
        first = _everything(reader)  # every page of every segment read once
        assert _resident_kb(folder) > 0
        storage.release_pages()
        assert _resident_kb(folder) == 0
        assert _everything(reader) == first
