"""What a reindex needs to know of the articles already indexed, read from columns and terms.

An update compares what it reads with what is indexed: the raw key of each record under the
inputs given (unchanged ones are not read again), the fingerprint of each article read (new,
changed or unchanged), and the articles under the inputs given whose input is gone. Reading
the id, fingerprint, path and raw key of every indexed article for this cost time and memory
in proportion to the index (a tenth of an update of 100 articles at 37,500, and growing with
every article), however small the change. An update reads only the articles it concerns:
- `under`: those whose input lies under the files and folders given, found from the sorted
  `path` terms, so a folder of new articles costs nothing however big the index;
- `with_ids`: those with the ids of the articles read, found by one pass over the raw `id`
  column (a few bytes an article) that keeps only the ids asked for.
A full rebuild counts what it adds, updates and keeps against `every` article.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from whoosh.index import Index

from indexer.build import rawkeys

# fingerprint, path, raw key (b"" in a segment written before raw keys)
Entry = tuple[str, str, bytes]


def every(ix: Index) -> dict[str, Entry]:
    """id -> entry of every indexed article."""
    found = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            found.update(_entries(leaf, leaf.all_doc_ids()))
    return found


def under(ix: Index, roots: list[str]) -> dict[str, Entry]:
    """id -> entry of the indexed articles whose input lies under (or is) one of `roots`."""
    found = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            docs: set[int] = set()
            for root in roots:
                for text, info in leaf.iter_prefix("path", root):
                    if not within(input_of(text.decode("utf-8")), roots):
                        continue  # "/news2/a.html" under the root "/news"
                    if info.doc_frequency() == 1:
                        docs.add(info.min_id())  # a path's one article, without its postings
                    else:
                        docs.update(leaf.postings("path", text).all_ids())
            found.update(_entries(leaf, sorted(n for n in docs if not leaf.is_deleted(n))))
    return found


def with_ids(ix: Index, ids: Iterable[str]) -> dict[str, Entry]:
    """id -> entry of the indexed articles among `ids`."""
    wanted = {article_id.encode("utf-8") for article_id in ids}
    found: dict[str, Entry] = {}
    if not wanted:
        return found
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            column = leaf.column_reader("id", translate=False)
            docs = [n for n, value in enumerate(column) if value in wanted and not leaf.is_deleted(n)]
            found.update(_entries(leaf, docs))
    return found


def _entries(leaf: Any, docs: Iterable[int]) -> Iterable[tuple[str, Entry]]:
    ids = leaf.column_reader("id")
    prints = leaf.column_reader("fingerprint")
    paths = leaf.column_reader("path")
    has_keys = rawkeys.FIELD in leaf.schema and leaf.has_column(rawkeys.FIELD)
    keys = leaf.column_reader(rawkeys.FIELD) if has_keys else None
    for n in docs:
        key = keys[n] if keys is not None else b""
        yield _text(ids[n]), (_text(prints[n]), _text(paths[n]), key if isinstance(key, bytes) else b"")


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def input_of(path: str) -> str:
    """The input file of an article's path: "export.jsonl#12" is line 12 of export.jsonl."""
    return path.split("#", 1)[0]


def within(path: str, roots: list[str]) -> bool:
    """Whether an input path lies in (or is) one of the roots given to this reindex."""
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
