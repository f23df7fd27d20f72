"""The ingest pipeline: discover inputs, read each with the reader for its type."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from corpus import readers
from corpus.decoding import Unreadable, describe_os_error, gunzip
from corpus.discovery import iter_inputs
from corpus.inputs import InputFile, InputOutcome, Rejected
from corpus.repeats import with_repeated_lines


def read_input(input: InputFile) -> InputOutcome:
    """The articles in one input, or the reason it cannot be used.

    Never raises for bad input: a missing or unreadable file, binary data, an empty file
    or a page with no article text all give an outcome with `error` set and no articles.
    """
    reader = readers.find_reader(input.path)
    read_file = readers.find_file_reader(input.path)
    if reader is None and read_file is None:
        return InputOutcome(input.path, error=readers.explain_unsupported(input.path))
    limit = readers.max_bytes(input.path)
    try:
        size = input.path.stat().st_size
        if size > limit:
            return InputOutcome(input.path, error=too_large(size, limit))
        if read_file is not None:
            return read_file(input)
        data = input.path.read_bytes()
        if readers.is_compressed(input.path):
            data = gunzip(data, limit)
        return reader(input, data)
    except OSError as error:
        return InputOutcome(input.path, error=describe_os_error(error))
    except Unreadable as error:
        return InputOutcome(input.path, error=error.reason)
    except Exception as error:  # noqa: BLE001 - a bug must cost this input, not the reindex
        return InputOutcome(input.path, error=f"could not be read ({type(error).__name__}: {error})")


def too_large(size: int, limit: int) -> str:
    """The reason for an input over its size limit: "too large (200 MB; the limit is 32 MB)"."""
    return f"too large ({size / 1024**2:.0f} MB; the limit is {limit / 1024**2:.0f} MB)"


def ingest(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputOutcome]:
    """An outcome per input under `paths`, in input order; rejected paths come as errors.

    All inputs are found first: cleaning flattened text compares pages of one source
    (`repeats.with_repeated_lines`), as reindex does.
    """
    items = list(iter_inputs(paths))
    inputs = with_repeated_lines([item for item in items if isinstance(item, InputFile)])
    found = iter(inputs)
    for item in items:
        if isinstance(item, Rejected):
            yield InputOutcome(Path(item.path), error=item.reason)
        else:
            yield read_input(next(found))
