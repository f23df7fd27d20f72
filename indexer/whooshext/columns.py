"""A segment's bytes column as one numpy matrix, read in place instead of value by value.

Whoosh's column reader hands out one value per call, a Python bytes each: a million calls
for the near-duplicate signatures of a million articles. A VarBytes column stores its values one after another in
document order (a document without a value takes no bytes), then their lengths; so when
every value present has the same length, the values are the rows of one matrix over the
segment's memory map (indexer/whooshext/mapped.py), viewed without copying.

Relies on whoosh3 3.54.0 internals:
- `VarBytesColumn._dbfile`, `VarBytesColumn._basepos`, `VarBytesColumn._lengths`: its
  reader's file part, where the values start in it, and each document's value length
  (`FixedBytesColumn._dbfile` and `FixedBytesColumn._basepos` likewise);
- `NumericColumn._typecode`, `NumericColumn._count`, `NumericColumn._default`: how a
  numeric column packs its values, how many documents it holds and what the rest hold;
- `BufferFile._buf`: the memory a mapped part reads from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.columns import ColumnReader, MultiColumnReader, NumericColumn, VarBytesColumn
from whoosh.reading import IndexReader


@dataclass(frozen=True)
class FixedValues:
    """The documents holding a value (ascending) and their values, row i of docnums[i]."""

    docnums: np.ndarray
    rows: np.ndarray  # (len(docnums), length) uint8


def fixed_length_values(leaf: Any, field: str, length: int) -> FixedValues | None:
    """The values of one segment's VarBytes column `field` when every value present is
    `length` bytes long; None when the segment has no such column or other lengths."""
    column = _var_bytes(leaf, field)
    if column is None:
        return None
    lengths = np.asarray(column._lengths)
    docnums = np.flatnonzero(lengths)
    if not np.all(lengths[docnums] == length):
        return None
    if not len(docnums):
        return FixedValues(docnums, np.empty((0, length), dtype=np.uint8))
    values = column_bytes(column, len(docnums) * length)
    return FixedValues(docnums, values.reshape(len(docnums), length))


def _var_bytes(leaf: Any, field: str) -> Any | None:
    """One segment's VarBytes column reader of `field`; None when it has no such column."""
    if field not in leaf.schema or not leaf.has_column(field):
        return None
    column = leaf.column_reader(field, translate=False)
    return column if isinstance(column, VarBytesColumn.Reader) else None


def column_bytes(column: Any, size: int) -> np.ndarray:
    """The first `size` bytes of a VarBytes or fixed-size column's values, in place over the
    memory map (read once when its part is read from a file instead)."""
    part = column._dbfile
    memory = getattr(part, "_buf", None)
    if memory is None:
        return np.frombuffer(part.get(column._basepos, size), dtype=np.uint8)
    return np.frombuffer(memory, dtype=np.uint8, count=size, offset=column._basepos)


def whole_column(reader: IndexReader, field: str, translate: bool = True) -> ColumnReader:
    """The field's column over every document of `reader`, by document number.

    Whoosh's MultiReader leaves out the segments that have no file for the column (none of
    their documents gave a value: all undated, say), so its column was shorter than the
    index and its numbers shifted; a segment's own reader gives such documents the
    column's default value, and here every segment is read that way."""
    leaves = reader.leaf_readers()
    if len(leaves) == 1:
        return leaves[0][0].column_reader(field, translate=translate)
    return MultiColumnReader([leaf.column_reader(field, translate=translate) for leaf, _ in leaves],
                             [offset for _, offset in leaves])


def byte_strings(leaf: Any, field: str) -> np.ndarray | None:
    """Every document's value of one segment's VarBytes column `field` as a numpy bytes
    array (b"" where a document has none), built from the column's bytes in place of a
    Python call per document; None for another kind of column, or values numpy's bytes
    type cannot hold (a value ending in a NUL byte would lose it)."""
    if field in leaf.schema and isinstance(leaf.schema[field].column_type, VarBytesColumn) \
            and not leaf.has_column(field):  # no document of the segment gave a value
        return np.zeros(leaf.doc_count_all(), dtype="S1")
    column = _var_bytes(leaf, field)
    if column is None:
        return None
    lengths = np.asarray(column._lengths, dtype=np.int64)
    total, widest = int(lengths.sum()), int(lengths.max(initial=0))
    if not widest:
        return np.zeros(len(lengths), dtype="S1")
    raw = column_bytes(column, total)
    if not raw.all():
        return None
    starts = np.cumsum(lengths) - lengths
    rows = np.repeat(np.arange(len(lengths)), lengths)
    matrix = np.zeros((len(lengths), widest), dtype=np.uint8)
    matrix[rows, np.arange(total) - np.repeat(starts, lengths)] = raw
    return matrix.view(f"S{widest}").ravel()


def numbers(leaf: Any, field: str) -> np.ndarray | None:
    """Every document's value of one segment's numeric column `field`, as stored (Whoosh's
    sortable form: unsigned), as one uint64 array read in place of a call per document;
    None for another kind of column."""
    if field not in leaf.schema or not leaf.has_column(field):
        return None
    column = leaf.column_reader(field, translate=False)
    if not isinstance(column, NumericColumn.Reader):
        return None
    count = leaf.doc_count_all()
    written = min(count, column._count)
    stored = np.dtype(">" + column._typecode)  # packed big-endian ("!")
    found = np.full(count, column._default, dtype=np.uint64)  # past the column's end
    found[:written] = column_bytes(column, written * stored.itemsize).view(stored)
    return found
