"""The ingest pipeline: discover inputs, read each with the reader for its type."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from corpus import readers
from corpus.decoding import Unreadable, describe_os_error, gunzip
from corpus.discovery import iter_inputs
from corpus.inputs import InputFile, InputOutcome, Rejected
from corpus.readers import jsonl


def read_input(input: InputFile) -> InputOutcome:
    """The articles in one input, or the reason it cannot be used.

    Never raises for bad input: a missing or unreadable file, binary data, text that is
    not UTF-8, an empty file or a page with no article text all give an outcome with
    `error` set and no articles.
    """
    reader = readers.find_reader(input.path)
    if reader is None:
        return InputOutcome(input.path, error=readers.explain_unsupported(input.path))
    try:
        data = input.path.read_bytes()
    except OSError as error:
        return InputOutcome(input.path, error=describe_os_error(error))
    try:
        if readers.is_compressed(input.path):
            data = gunzip(data)
        return reader(input, data)
    except Unreadable as error:
        return InputOutcome(input.path, error=error.reason)


def split_input(input: InputFile, lines_per_part: int) -> list[jsonl.Part] | None:
    """A big JSON Lines input cut into parts to read in parallel (`jsonl.read_part`, joined
    by `jsonl.outcome`), or None for an input best read whole by `read_input`: another
    format, one part's worth of lines, or a file that cannot be read (which `read_input`
    then reports)."""
    if readers.find_reader(input.path) is not jsonl.read:
        return None
    try:
        data = input.path.read_bytes()
        if readers.is_compressed(input.path):
            data = gunzip(data)
        parts = jsonl.split(input, data, lines_per_part)
    except (OSError, Unreadable):
        return None
    return parts if len(parts) > 1 else None


def ingest(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputOutcome]:
    """An outcome per input under `paths`, in input order; rejected paths come as errors."""
    for item in iter_inputs(paths):
        if isinstance(item, Rejected):
            yield InputOutcome(Path(item.path), error=item.reason)
        else:
            yield read_input(item)
