"""Folding near-duplicate hits into one: the best-ranked copy stands for the others.

Hits are read in rank order; a hit that is a copy of an earlier shown hit is folded into
it, so a page holds per_page distinct stories and every later page folds the same way.
Each shown hit then lists all its copies among the matching articles, also those ranked
beyond what was read, found through their shared band keys (indexer/present/bands.py).
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, Iterable, TypeVar

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.kept import index_data
from indexer.present.bands import holding_bands, sharing_a_band
from indexer.schema.neardup import ROWS, Signatures, are_copies, has_column, unpack
from indexer.search.docsets import DocSet
from indexer.search.request import MAX_RESULT_DEPTH
from indexer.search.results import Copy

Fetch = Callable[[int], Any]  # limit -> Whoosh Results
Item = TypeVar("Item")
Key = TypeVar("Key", bound=Hashable)
Sig = tuple[int, ...] | None  # an unpacked signature


def collapse_page(
    searcher: Searcher, results: Any, matched: DocSet, fetch: Fetch, first: int, per_page: int,
) -> tuple[list[Any], dict[int, list[Copy]]]:
    """The hits of one page with copies folded, and each shown hit's copies by docnum.

    `matched` is every article the query and filters match (Whoosh's len(results) ignores
    a filter); only those are listed as copies.
    """
    reader = searcher.reader()
    if not has_column(reader, "dupsig"):  # an index made before signatures existed
        return list(results[first : first + per_page]), {}
    column = _signatures(reader)
    sigs: dict[int, tuple[int, ...] | None] = {}

    def sig(docnum: int) -> tuple[int, ...] | None:
        if docnum not in sigs:
            sigs[docnum] = unpack(column[docnum])
        return sigs[docnum]

    wanted = first + per_page
    while True:
        shown, folded = fold_copies(results, lambda hit: sig(hit.docnum), lambda hit: hit.docnum, wanted)
        read = results.scored_length()
        if len(shown) >= wanted or read >= len(matched) or read >= MAX_RESULT_DEPTH:
            break
        more = fetch(min(MAX_RESULT_DEPTH, read * 2))
        if more.scored_length() <= read:  # nothing further to read: never ask again
            break
        results = more
    page = shown[first:wanted]
    copies = _copies(searcher, page, folded, sig, matched)
    return page, copies


def fold_copies(items: Iterable[Item], signature: Callable[[Item], Sig], key: Callable[[Item], Key],
                wanted: int) -> tuple[list[Item], dict[Key, list[Key]]]:
    """Items in rank order, read until `wanted` are shown: each one that is a copy of an
    earlier shown item folded into it (the keys of those folded into each shown item)."""
    shown: list[Item] = []
    folded: dict[Key, list[Key]] = {}
    homes: dict[tuple[int, ...], list[tuple[Key, Sig]]] = {}  # band -> shown items with that band
    for item in items:
        own = signature(item)
        bands = _bands(own)
        # Only shown items sharing a band can be copies: no comparison with every one.
        candidates = {home: sig for band in bands for home, sig in homes.get(band, ())}
        home = next((k for k, sig in candidates.items() if are_copies(own, sig)), None)
        if home is not None:
            folded.setdefault(home, []).append(key(item))
            continue
        shown.append(item)
        for band in bands:
            homes.setdefault(band, []).append((key(item), own))
        if len(shown) >= wanted:
            break
    return shown, folded


def _signatures(reader: IndexReader) -> Signatures:
    # Kept per reader: opening the column readers reads their offsets, which cost as much
    # as the rest of the copy folding on every page.
    return index_data(reader, "signatures", lambda: Signatures(reader))


def _bands(sig: tuple[int, ...] | None) -> list[tuple[int, ...]]:
    if sig is None:
        return []
    values = sig[1:]
    return [(band, *values[band * ROWS : (band + 1) * ROWS]) for band in range(len(values) // ROWS)]


def _copies(
    searcher: Searcher, page: list[Any], folded: dict[int, list[int]],
    sig: Callable[[int], tuple[int, ...] | None], matched: DocSet,
) -> dict[int, list[Copy]]:
    shown = {hit.docnum for hit in page}
    found: dict[int, set[int]] = {hit.docnum: set(folded.get(hit.docnum, ())) for hit in page}
    candidates: dict[int, set[int]] = {}
    reader = searcher.reader()
    sharing = sharing_a_band(reader, _signatures(reader), [hit.docnum for hit in page])
    for hit in page:
        for docnum in sharing[hit.docnum]:
            if docnum not in shown and docnum not in found[hit.docnum]:
                candidates.setdefault(docnum, set()).add(hit.docnum)
    # Only copies that match the query and filters are listed as folded into a hit.
    for docnum in [d for d in candidates if d in matched]:
        for home in candidates[docnum]:
            if are_copies(sig(docnum), sig(home)):
                found[home].add(docnum)
    return {home: [copy_of(searcher, d) for d in sorted(docs)] for home, docs in found.items() if docs}


def copy_of(searcher: Searcher, docnum: int) -> Copy:
    stored = searcher.stored_fields(docnum)
    return Copy(
        id=stored["id"],
        source=stored.get("source") or None,
        title=stored.get("title", ""),
        published=stored.get("published_text"),
    )


def signature_of(searcher: Searcher, docnum: int) -> bytes:
    """An article's packed near-duplicate signature (b"" for none), to fold it with another
    shard's articles."""
    reader = searcher.reader()
    return _signatures(reader)[docnum] if has_column(reader, "dupsig") else b""


def copies_signed(searcher: Searcher, packed: bytes, matched: DocSet, exclude: set[int]) -> list[Copy]:
    """The matched articles (less `exclude`) that are copies of an article signed `packed`,
    which another shard may hold: what that article's hit lists from this shard."""
    reader = searcher.reader()
    own = unpack(packed)
    if own is None or not has_column(reader, "dupsig"):
        return []
    column = _signatures(reader)
    return [copy_of(searcher, d) for d in sorted(holding_bands(reader, packed))
            if d not in exclude and d in matched and not reader.is_deleted(d) and are_copies(own, unpack(column[d]))]


def copies_of(searcher: Searcher, docnum: int) -> list[Copy]:
    """Every other indexed copy of one article (for the article page)."""
    return [copy_of(searcher, d) for d in copy_docnums(searcher, docnum)]


def copy_docnums(searcher: Searcher, docnum: int) -> list[int]:
    """The document numbers of every other indexed copy of one article, in order."""
    reader = searcher.reader()
    if not has_column(reader, "dupsig"):
        return []
    column = _signatures(reader)
    own = unpack(column[docnum])
    if own is None:
        return []
    return [d for d in sharing_a_band(reader, column, [docnum])[docnum] if are_copies(own, unpack(column[d]))]
